"""Jobs for you: the ranking and its reasons, the page, the preferences, the case
page's best matches, and who may see them (personas)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import client_for
from tremplin.job_alerts import foryou
from tremplin.job_alerts.foryou_services import save_preferences, wants_digest
from tremplin.job_alerts.models import PostingDocument
from tremplin.jobs.models import PostingAudience, Workplace
from tremplin.profiles.models import Skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def wished(crew, make_posting):
    """alice looks for "cuisinier" in Ontario, knows "pâtisserie"; postings around it."""
    Skill.objects.create(profile=crew.alice.profile, name="Pâtisserie")
    save_preferences(
        crew.alice,
        {"desired_roles": "Cuisinier", "region": "ON", "min_salary": "40000",
         "salary_unit": "YEAR", "languages": ["fr"]},
    )  # fmt: skip
    crew.best = make_posting(
        title_fr="Cuisinière de nuit", description_fr="Pâtisserie et service.", region="ON",
        salary_min=25, salary_unit="HOUR", salary_min_yearly=52000,
    )  # fmt: skip
    crew.skill_only = make_posting(title_fr="Aide", description_fr="Pâtisserie fine.")
    crew.remote = make_posting(
        title_fr="Cuisinier conseil", region="BC", workplace=Workplace.REMOTE
    )
    crew.elsewhere = make_posting(title_fr="Cuisinier", region="QC")
    crew.unrelated = make_posting(title_fr="Soudeur", description_fr="Soudure.")
    crew.english_only = make_posting(title_fr="Cuisinier", requires_english=True)
    return crew


def test_ranks_by_role_skills_place_and_salary_with_reasons(wished):
    found = foryou.suggest(wished.alice)
    ids = [s.posting.pk for s in found]
    assert ids == [wished.best.pk, wished.remote.pk, wished.skill_only.pk]
    codes = [r["code"] for r in found[0].reasons]
    assert codes == ["role", "skills", "region", "language", "salary"]
    with translation.override("fr"):
        assert "Le titre correspond" in found[0].sentences[0]
    with translation.override("en"):
        assert found[0].sentences[0] == ("The title matches a job you are looking for: Cuisinier.")


def test_never_suggests_a_posting_the_member_may_not_see(wished, make_posting):
    hidden = make_posting(title_fr="Cuisinier", audience=PostingAudience.AGENCY)
    hidden.agency = wished.other_agency
    hidden.save()
    draft = make_posting(open_it=False, title_fr="Cuisinier")
    ids = {s.posting.pk for s in foryou.suggest(wished.alice)}
    assert hidden.pk not in ids and draft.pk not in ids and wished.best.pk in ids


def test_the_page_lists_reasons_and_the_empty_state_says_what_to_fill(wished):
    page = client_for(wished.alice).get(reverse("job_alerts:for_you"))
    assert page.status_code == 200
    assert wished.best.title_fr in page.content.decode()
    empty = client_for(wished.carol).get(reverse("job_alerts:for_you"))
    assert empty.status_code == 200
    assert reverse("job_alerts:preferences") in empty.content.decode()
    assert client_for(None).get(reverse("job_alerts:for_you")).status_code == 302


def test_preferences_form_saves_and_keeps_bad_input(crew):
    browser = client_for(crew.bob)
    url = reverse("job_alerts:preferences")
    assert browser.get(url).status_code == 200
    bad = browser.post(url, {"desired_roles": "a, b, c, d, e, f", "remote": "also",
                             "salary_unit": "YEAR"})  # fmt: skip
    assert bad.status_code == 400
    assert "a, b, c, d, e, f" in bad.content.decode()
    good = browser.post(url, {"desired_roles": "Soudeur", "remote": "only",
                              "salary_unit": "HOUR", "min_salary": "22",
                              "languages": ["en"], "weekly_digest": "on"})  # fmt: skip
    assert good.status_code == 302
    assert crew.bob.job_preferences.roles == ["Soudeur"]
    assert wants_digest(crew.bob)


API = "/api/v1/jobs-for-you"


def test_only_the_clients_counsellor_with_the_profile_scope_sees_their_matches(wished):
    """Nobody reads alice's suggestions or preferences but alice, and dave (her
    counsellor) while her case grants the profile scope."""
    expected = {"anonymous": 401, "dave": 200, "alice": 404}
    for name in ("anonymous", "carol", "erin", "frank", "dave"):
        browser = client_for(None if name == "anonymous" else getattr(wished, name))
        answer = browser.get(f"{API}/clients/{wished.alice.pk}")
        assert answer.status_code == expected.get(name, 404), name
        if name == "dave":
            assert answer.json()["results"][0]["posting"]["id"] == wished.best.pk
        if name == "anonymous":
            assert browser.get(f"{API}/preferences").status_code == 401
            assert browser.get(f"{API}/").status_code == 401
        else:
            # Each member's own, never alice's.
            assert browser.get(f"{API}/preferences").json()["desired_roles"] == []
    from tremplin.counselling import services as counselling

    counselling.change_scopes(wished.alice, wished.case, ["messages"])
    dave = client_for(wished.dave)
    refused = dave.get(f"{API}/clients/{wished.alice.pk}")
    assert refused.status_code == 403 and refused.json()["code"] == "not_granted"
    page = dave.get(reverse("counselling:case", args=[wished.case.pk]))
    assert "jobs-for-client-h" in page.content.decode()
    matches = dave.get(reverse("job_alerts:case_matches", args=[wished.case.pk]))
    assert matches.status_code == 200
    assert wished.best.title_fr not in matches.content.decode()


def test_the_member_reads_and_replaces_their_preferences_over_the_api(wished):
    alice = client_for(wished.alice)
    mine = alice.get(f"{API}/")
    assert mine.status_code == 200
    assert mine.json()["results"][0]["reasons"][0] == {"code": "role", "items": ["Cuisinier"]}
    body = {"desired_roles": ["Soudeur"], "region": "ON", "remote": "never",
            "min_salary": 20, "salary_unit": "HOUR", "languages": ["fr", "en"],
            "weekly_digest": True}  # fmt: skip
    put = alice.put(f"{API}/preferences", body, content_type="application/json")
    assert put.status_code == 200 and put.json()["desired_roles"] == ["Soudeur"]
    # The welder job first; her pastry skill still brings the two others.
    assert [r["posting"]["id"] for r in alice.get(f"{API}/").json()["results"]] == [
        wished.unrelated.pk, wished.best.pk, wished.skill_only.pk
    ]  # fmt: skip
    for bad in ({"remote": "moon"}, {"desired_roles": ["a"] * 6}, {"min_salary": -1}):
        answer = alice.put(f"{API}/preferences", bad, content_type="application/json")
        assert answer.status_code == 422 and "detail" in answer.json()


def test_the_counsellor_forwards_a_best_match_in_one_click(wished):
    from tremplin.applications.models import Forward

    dave = client_for(wished.dave)
    case_page = dave.get(reverse("counselling:case", args=[wished.case.pk])).content.decode()
    matches_url = reverse("job_alerts:case_matches", args=[wished.case.pk])
    # The section is on the case page; its matches load after it (htmx).
    assert "jobs-for-client-h" in case_page and f'hx-get="{matches_url}"' in case_page
    page = dave.get(matches_url, HTTP_HX_REQUEST="true").content.decode()
    assert wished.best.title_fr in page and "<html" not in page
    # Only the client's counsellor: not the client, not another counsellor.
    for other in (wished.alice, wished.erin):
        assert client_for(other).get(matches_url).status_code == 404
    forward_url = reverse("applications:forward_posting", args=[wished.best.pk])
    assert f'hx-post="{forward_url}"' in page
    answer = dave.post(
        forward_url, {"clients": wished.alice.pk, "note": ""}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 302
    assert Forward.objects.filter(posting=wished.best, client=wished.alice).exists()
    # The client's own case page has no such section.
    own = client_for(wished.alice).get(reverse("counselling:case", args=[wished.case.pk]))
    assert own.status_code == 200 and "jobs-for-client-h" not in own.content.decode()


def test_the_weekly_digest_sends_only_new_suggestions_in_the_members_language(
    wished, make_posting, mailoutbox
):
    from datetime import timedelta

    from django.utils import timezone

    from tremplin.job_alerts.foryou_digest import send_due

    now = timezone.now()
    assert send_due(now) == 0  # not opted in
    wished.alice.language = "en"
    wished.alice.save(update_fields=["language"])
    save_preferences(wished.alice, {"weekly_digest": True})
    assert send_due(now) == 1
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.to == [wished.alice.email] and "List-Unsubscribe" in sent.extra_headers
    assert wished.best.title_fr in sent.body and "The title matches" in sent.body
    assert send_due(now + timedelta(days=1)) == 0  # a week apart
    assert send_due(now + timedelta(days=8)) == 0  # nothing new
    fresh = make_posting(title_fr="Cuisinier de jour")
    assert send_due(now + timedelta(days=16)) == 1
    assert fresh.title_fr in mailoutbox[1].body and wished.best.title_fr not in mailoutbox[1].body


def test_a_deleted_postings_words_leave_the_index(make_posting):
    from django.db import connection

    from tremplin.job_alerts.tasks import catch_up

    gone = make_posting(title_fr="Cuisinier")
    pk = gone.pk
    gone.delete()
    catch_up()
    assert not PostingDocument.objects.filter(posting_id=pk).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM job_alerts_postingwords WHERE rowid = %s", [pk])
            assert cursor.fetchone()[0] == 0


def test_a_posting_that_moves_is_suggested_in_its_new_place_only(
    wished, employers, django_capture_on_commit_callbacks
):
    """The search document copies the posting's place (the pool keeps the documents in
    the member's place before reading postings): an edit moves both."""
    from datetime import timedelta

    from django.utils import timezone

    from tremplin.jobs.services import update_posting

    moving = wished.elsewhere  # "Cuisinier" in Quebec: not where alice looks
    moving.apply_url = "https://employer.example/apply"
    moving.valid_through = timezone.now() + timedelta(days=30)
    moving.save()
    assert moving.pk not in {s.posting.pk for s in foryou.suggest(wished.alice)}
    with django_capture_on_commit_callbacks(execute=True):
        update_posting(employers.victor, moving, {"region": "ON"})
    document = PostingDocument.objects.get(posting_id=moving.pk)
    assert (document.region, document.workplace) == ("ON", Workplace.ON_SITE)
    assert moving.pk in {s.posting.pk for s in foryou.suggest(wished.alice)}
    with django_capture_on_commit_callbacks(execute=True):
        update_posting(employers.victor, moving, {"region": "BC"})
    assert moving.pk not in {s.posting.pk for s in foryou.suggest(wished.alice)}


def test_a_role_finds_the_titles_of_its_other_forms(crew, make_posting):
    """A desired role finds postings whose title has another form of its words
    (cuisinier: cuisinière, cuisiniers), as the title is scored, on both engines
    (SQLite's word index holds whole words: its role words are looked for as
    beginnings of words)."""
    save_preferences(crew.bob, {"desired_roles": "Cuisinier", "remote": "also",
                                "salary_unit": "YEAR", "languages": ["fr"]})  # fmt: skip
    feminine = make_posting(title_fr="Cuisinière de jour", description_fr="Brigade de jour.")
    plural = make_posting(title_fr="Cuisiniers saisonniers", description_fr="Été au lac.")
    make_posting(title_fr="Plongeur", description_fr="Vaisselle.")
    found = foryou.suggest(crew.bob)
    assert {s.posting.pk for s in found} == {feminine.pk, plural.pk}
    assert all(s.reasons[0] == {"code": "role", "items": ["Cuisinier"]} for s in found)


def test_the_counsellor_reads_the_reasons_about_the_client_in_their_language(wished):
    """The member reads "a job you are looking for"; her counsellor, on the case page
    and through the API, "a job the client is looking for", each in their language;
    two languages make one sentence."""
    from tremplin.job_alerts.foryou_reasons import reason_sentences

    dave = client_for(wished.dave)
    sentences = dave.get(f"{API}/clients/{wished.alice.pk}").json()["results"][0]["sentences"]
    assert sentences[0] == "Le titre correspond à un emploi que la personne cherche : Cuisinier."
    fragment = dave.get(
        reverse("job_alerts:case_matches", args=[wished.case.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "que la personne cherche" in fragment and "que vous cherchez" not in fragment
    mine = client_for(wished.alice).get(f"{API}/").json()["results"][0]["sentences"]
    assert mine[0] == "Le titre correspond à un emploi que vous cherchez : Cuisinier."
    both = [{"code": "language", "items": ["fr", "en"]}, {"code": "salary", "items": []}]
    with translation.override("en"):
        assert reason_sentences(both, about_client=True) == [
            "In French and English, languages the client works in.",
            "Pays at least the salary the client wishes.",
        ]
    with translation.override("fr"):
        assert reason_sentences(both) == [
            "En français et en anglais, des langues dans lesquelles vous travaillez.",
            "Paie au moins le salaire souhaité.",
        ]
