"""The search page's results are kept for the viewers who share them
(`tremplin.job_alerts.shared`, under `tremplin.jobs.version`): a posting opened, edited,
closed or expired shows or goes at the very next search, and what is the viewer's own
(their agency's postings, their blocks, their own restricted posting) is never shared."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tremplin.jobs import services as jobs
from tremplin.jobs.models import Posting, PostingAudience, PostingStatus
from tremplin.network.services import block

pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture(autouse=True)
def shared_cache(redis_url, settings):
    """What these tests are about is kept only in a cache every process reads: Redis
    (on the SQLite pass too, a server of the test's own)."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {"BACKEND": "tremplin.core.cache.RedisCache", "LOCATION": redis_url}
    }
    cache.clear()


SEARCHES = [{"q": "offre"}, {}, {"q": "offre", "sort": "date"}]


def shown(user, search: dict) -> str:
    page = client_for(user).get("/fr/jobs/search/", search)
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.parametrize("search", SEARCHES)
@pytest.mark.parametrize("who", ["anonymous", "bob"])
def test_an_opened_posting_shows_at_the_next_search(employers, make_posting, who, search):
    user = None if who == "anonymous" else employers.bob
    make_posting(title_fr="Offre ancienne")
    assert "Offre nouvelle" not in shown(user, search)
    make_posting(title_fr="Offre nouvelle")
    html = shown(user, search)
    assert "Offre nouvelle" in html
    assert "Offre ancienne" in html


@pytest.mark.parametrize("search", SEARCHES)
def test_a_closed_or_expired_posting_goes_at_the_next_search(
    employers, make_posting, django_capture_on_commit_callbacks, search
):
    closed = make_posting(title_fr="Offre fermée")
    expired = make_posting(title_fr="Offre expirée")
    html = shown(employers.bob, search)
    assert "Offre fermée" in html and "Offre expirée" in html
    with django_capture_on_commit_callbacks(execute=True):
        jobs.close(employers.victor, closed)
    html = shown(employers.bob, search)
    assert "Offre fermée" not in html and "Offre expirée" in html
    Posting.objects.filter(pk=expired.pk).update(valid_through=expired.created)
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.expire_due() == 1
    assert "Offre expirée" not in shown(employers.bob, search)


def test_an_edit_shows_at_the_next_search(
    employers, make_posting, django_capture_on_commit_callbacks
):
    posting = make_posting(
        title_fr="Offre de boulanger",
        apply_url="https://example.org/postuler",
        valid_through=timezone.now() + timedelta(days=30),
    )
    assert "Offre de boulanger" in shown(None, {"q": "boulanger"})
    with django_capture_on_commit_callbacks(execute=True):
        jobs.update_posting(employers.victor, posting, {"title_fr": "Offre de pâtissier"})
    assert "Offre de boulanger" not in shown(None, {"q": "boulanger"})
    assert "Offre de pâtissier" in shown(None, {"q": "pâtissier"})


def test_a_posting_changed_without_commit_work_still_shows_at_once(employers, make_posting):
    """Even a posting saved by the ORM alone (no after-commit work) moves the version."""
    posting = make_posting(title_fr="Offre vue")
    assert "Offre vue" in shown(employers.bob, {})
    posting.status = PostingStatus.CLOSED
    posting.save()
    assert "Offre vue" not in shown(employers.bob, {})
    posting.delete()
    assert "Aucune offre" in shown(employers.bob, {})


def test_what_is_the_viewers_own_is_never_shared(employers, make_posting):
    """Every persona searches the same words twice in one test (the cache is warm from
    the others): each sees their own view, as with nothing kept."""
    make_posting(title_fr="Offre publique")
    make_posting(title_fr="Offre membres", audience=PostingAudience.MEMBERS)
    make_posting(
        title_fr="Offre agence", audience=PostingAudience.AGENCY, agency=employers.agency,
        organization=None, posted_by=employers.dave,
    )  # fmt: skip
    make_posting(
        title_fr="Offre de Bob", audience=PostingAudience.AGENCY, agency=employers.agency,
        organization=None, posted_by=employers.bob, hiring_organization_name="Bob",
    )  # fmt: skip
    block(employers.carol, employers.victor)  # carol no longer sees victor's postings
    expected = {
        None: {"Offre publique"},
        employers.erin: {"Offre publique", "Offre membres", "Offre agence", "Offre de Bob"},
        employers.alice: {"Offre publique", "Offre membres", "Offre agence", "Offre de Bob"},
        employers.bob: {"Offre publique", "Offre membres", "Offre de Bob"},
        employers.carol: set(),
        employers.mallory: {"Offre publique", "Offre membres"},
    }
    titles = ("Offre publique", "Offre membres", "Offre agence", "Offre de Bob")
    for _round in range(2):
        for user, wanted in expected.items():
            html = shown(user, {"q": "offre"})
            assert {t for t in titles if t in html} == wanted, user


def test_a_search_by_employer_follows_a_new_address_at_once(employers, make_posting):
    make_posting(title_fr="Offre du fournil")
    assert "Offre du fournil" in shown(None, {"organization": "boulangerie-soleil"})
    assert "Offre du fournil" not in shown(None, {"organization": "fournil"})
    employers.verified_org.slug = "fournil"
    employers.verified_org.save()
    assert "Offre du fournil" not in shown(None, {"organization": "boulangerie-soleil"})
    assert "Offre du fournil" in shown(None, {"organization": "fournil"})


def test_nothing_is_kept_in_a_cache_of_one_process(employers, make_posting, settings):
    """Without Redis each process has its own cache, and postings also change in the
    worker and the clock, whose moves of the version the web process would not see:
    then every search runs."""
    from tremplin.job_alerts.search import SearchParams
    from tremplin.job_alerts.shared import results_key

    assert results_key(None, SearchParams(q="offre"), "q=offre") is not None  # Redis
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert results_key(None, SearchParams(q="offre"), "q=offre") is None
