"""search(): both languages, accents and case ignored, filters, visibility, bounded
pages."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from tremplin.job_alerts import search as engine
from tremplin.job_alerts.search import BadSearch, SearchParams, search
from tremplin.jobs.models import Posting, PostingAudience, PostingStatus, Workplace
from tremplin.network.services import block

# Both databases: the job search, PostgreSQL full text (tsvector, two keyword paths)
# or SQLite's token match.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

# PostgreSQL has two ways to apply keywords (search._with_keywords): from the matching
# documents for a word the planner expects to be rare, or by a join for a common one.
# Every test here runs each way there; SQLite has one.
KEYWORD_PATHS = (
    ["rare", "common"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else ["rare"]
)


@pytest.fixture(autouse=True, params=KEYWORD_PATHS)
def keyword_path(request, monkeypatch):
    monkeypatch.setattr(engine, "SELECTIVE", 10**9 if request.param == "rare" else 0)
    monkeypatch.setattr(engine, "_plans", {})
    return request.param


def titles(viewer, **params) -> list[str]:
    return [p.title_fr or p.title_en for p in search(viewer, SearchParams(**params)).results]


def test_tokens_fold_accents_case_and_plurals():
    assert engine.tokens("Pâtissières de l'ÉTÉ, œuvres") == ["patissiere", "l", "ete", "oeuvre"]


def test_keywords_in_either_language_accents_ignored(employers, make_posting):
    make_posting(title_fr="Développeuse Python", title_en="")
    make_posting(title_fr="", title_en="Welder", description_en="Night shifts in Sudbury.")
    alice = employers.alice
    assert titles(alice, q="developpeuse") == ["Développeuse Python"]
    assert titles(alice, q="DÉVELOPPEUSE python") == ["Développeuse Python"]
    assert titles(alice, q="welder sudbury") == ["Welder"]
    assert titles(alice, q="welder python") == []


def test_filters(employers, make_posting):
    make_posting(title_fr="A", region="QC", workplace=Workplace.REMOTE, salary_min_yearly=70000)
    make_posting(title_fr="B", region="ON", employment_type="PART_TIME")
    make_posting(title_fr="C", title_en="C", region="ON", organization=employers.unverified_org)
    alice = employers.alice
    assert titles(alice, region="QC") == ["A"]
    assert titles(alice, remote=True) == ["A"]
    assert sorted(titles(alice, remote=False)) == ["B", "C"]
    assert titles(alice, min_salary=60000) == ["A"]
    assert titles(alice, employment_type="PART_TIME") == ["B"]
    assert titles(alice, language="en") == ["C"]
    assert titles(alice, organization="douteux") == ["C"]


def test_posted_since_and_date_order(employers, make_posting):
    old = make_posting(title_fr="Vieille")
    Posting.objects.filter(pk=old.pk).update(date_posted=timezone.now() - timedelta(days=20))
    make_posting(title_fr="Neuve")
    assert titles(employers.alice) == ["Neuve", "Vieille"]
    assert titles(employers.alice, posted_since=7) == ["Neuve"]


def test_keyset_pages_cover_everything_once(employers, make_posting, monkeypatch):
    monkeypatch.setattr(engine, "PAGE_SIZE", 2)
    for i in range(5):
        make_posting(title_fr=f"Emploi {i}")
    seen, cursor = [], ""
    while True:
        page = search(employers.alice, SearchParams(q="emploi", sort="date", cursor=cursor))
        seen += [p.pk for p in page.results]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 5


def test_relevance_prefers_title_matches_and_pages(employers, make_posting, monkeypatch):
    monkeypatch.setattr(engine, "PAGE_SIZE", 1)
    make_posting(title_fr="Caissière", description_fr="Un emploi de boulanger aussi.")
    make_posting(title_fr="Boulanger", description_fr="Du pain.")
    first = search(employers.alice, SearchParams(q="boulanger"))
    assert first.sort == "relevance"
    assert [p.title_fr for p in first.results] == ["Boulanger"]
    second = search(employers.alice, SearchParams(q="boulanger", page=first.next_page or 0))
    assert [p.title_fr for p in second.results] == ["Caissière"]


def test_relevance_ranks_a_bounded_candidate_set(employers, make_posting, monkeypatch):
    """A broad word: only the newest RANK_CANDIDATES matches are ranked."""
    monkeypatch.setattr(engine, "RANK_CANDIDATES", 2)
    oldest = make_posting(title_fr="Emploi emploi", description_fr="emploi")
    Posting.objects.filter(pk=oldest.pk).update(date_posted=timezone.now() - timedelta(days=9))
    make_posting(title_fr="Poste", description_fr="emploi")
    make_posting(title_fr="Travail", description_fr="emploi")
    found = titles(employers.alice, q="emploi")
    assert sorted(found) == ["Poste", "Travail"]


def test_visibility_members_agency_drafts_and_blocks(employers, make_posting):
    make_posting(title_fr="Publique")
    make_posting(title_fr="Membres", audience=PostingAudience.MEMBERS)
    make_posting(
        title_fr="Agence", audience=PostingAudience.AGENCY, agency=employers.agency,
        organization=None, posted_by=employers.dave,
    )  # fmt: skip
    make_posting(title_fr="Brouillon", open_it=False)
    review = make_posting(title_fr="En révision", open_it=False)
    Posting.objects.filter(pk=review.pk).update(status=PostingStatus.REVIEW)

    def sees(viewer) -> set[str]:
        return set(titles(viewer))

    assert sees(AnonymousUser()) == {"Publique"}
    assert sees(employers.carol) == {"Publique", "Membres"}
    assert sees(employers.frank) == {"Publique", "Membres"}
    assert sees(employers.alice) == {"Publique", "Membres", "Agence"}  # a client there
    assert sees(employers.erin) == {"Publique", "Membres", "Agence"}  # staff there
    # Drafts and postings in review never show in search, even to their authors.
    assert sees(employers.victor) == {"Publique", "Membres"}
    assert sees(employers.greta) == {"Publique", "Membres", "Agence"}
    block(employers.carol, employers.victor)
    assert sees(employers.carol) == set()


def test_bad_parameters_are_refused():
    for params in (
        SearchParams(region="XX"), SearchParams(sort="best"), SearchParams(page=0),
        SearchParams(cursor="nope"), SearchParams(language="de"), SearchParams(q="x" * 300),
    ):  # fmt: skip
        with pytest.raises(BadSearch):
            search(None, params)


def test_missing_documents_are_built_by_the_catch_up(employers, make_posting):
    from tremplin.job_alerts.models import PostingDocument
    from tremplin.job_alerts.tasks import catch_up

    posting = make_posting(title_fr="Soudeur")
    PostingDocument.objects.all().delete()
    assert titles(employers.alice, q="soudeur") == []
    assert catch_up() >= 1
    assert titles(employers.alice, q="soudeur") == ["Soudeur"]
    assert PostingDocument.objects.filter(posting=posting).exists()
