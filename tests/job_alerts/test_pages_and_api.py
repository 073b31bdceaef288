"""Pages and API: every persona; alerts and their matches are private to their owner;
search honours visibility; bad input gets a clear answer, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.conftest import client_for
from tremplin.job_alerts import services
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.job_alerts.models import Delivery, SavedSearch
from tremplin.jobs.models import Posting, PostingAudience
from tremplin.notifications.models import Delivery as NotificationDelivery
from tremplin.notifications.models import Preference

# Both databases: search pages and saved alerts: each database's search and alert index.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

PERSONAS = ["victor", "ursula", "dave", "frank", "alice", "carol", "anonymous"]


def person(crew, name):
    return None if name == "anonymous" else getattr(crew, name)


@pytest.fixture
def alices_alert(employers):
    return services.save_search(
        employers.alice, {"name": "Boulangerie", "q": "boulanger", "is_alert": True}
    )


# ------------------------------------------------------------------ search page


@pytest.mark.parametrize("name", PERSONAS)
def test_search_page_shows_what_each_persona_may_see(employers, make_posting, name):
    make_posting(title_fr="Offre publique")
    make_posting(title_fr="Offre membres", audience=PostingAudience.MEMBERS)
    make_posting(
        title_fr="Offre agence", audience=PostingAudience.AGENCY, agency=employers.agency,
        organization=None, posted_by=employers.dave,
    )  # fmt: skip
    make_posting(title_fr="Offre brouillon", open_it=False)
    page = client_for(person(employers, name)).get("/fr/jobs/search/", {"q": "offre"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Offre publique" in html
    assert ("Offre membres" in html) == (name != "anonymous")
    assert ("Offre agence" in html) == (name in ("dave", "alice"))
    assert "Offre brouillon" not in html
    api = client_for(person(employers, name)).get("/api/v1/job-alerts/search", {"q": "offre"})
    assert api.status_code == 200
    found = {r["title"] for r in api.json()["results"]}
    assert ("Offre agence" in found) == (name in ("dave", "alice"))
    assert "Offre brouillon" not in found


def test_search_page_has_labels_filters_results_and_the_save_button(employers, make_posting):
    make_posting(title_fr="Boulanger", salary_min=25, salary_unit="HOUR", city="Ottawa")
    page = client_for(employers.alice).get("/en/jobs/search/", {"q": "boulanger"})
    html = page.content.decode()
    wanted = [
        'for="id_q"', 'for="id_region"', "Boulanger", "Boulangerie Soleil", "Ottawa", "On site",
        "Save this search / create an alert", "/en/jobs/alerts/new/?q=boulanger",
    ]  # fmt: skip
    for text in wanted:
        assert text in html, text


def test_search_page_bad_input_is_a_400_with_the_text_kept(employers):
    page = client_for(employers.alice).get("/fr/jobs/search/", {"q": "pain", "region": "XX"})
    assert page.status_code == 400
    assert 'value="pain"' in page.content.decode()


# ------------------------------------------------------------------ alert pages


def test_create_an_alert_from_a_search_email_box_unticked(employers):
    alice = client_for(employers.alice)
    form = alice.get("/fr/jobs/alerts/new/", {"q": "soudeur", "region": "ON"})
    html = form.content.decode()
    assert 'value="soudeur"' in html
    assert (
        'name="email_opt_in"' in html and "checked" not in html.split('name="email_opt_in"')[1][:40]
    )
    answer = alice.post(
        "/fr/jobs/alerts/new/",
        {"name": "Soudure", "q": "soudeur", "region": "ON", "is_alert": "on",
         "sort": "relevance", "quiet_hours": "on", "quiet_start": "21:00", "quiet_end": "08:00"},
    )  # fmt: skip
    assert answer.status_code == 302
    saved = SavedSearch.objects.get(owner=employers.alice)
    assert saved.delivery == Delivery.IN_APP
    assert saved.is_alert
    assert not Preference.objects.filter(user=employers.alice, kind=JOB_ALERT).exists()


def test_ticking_the_email_box_is_the_opt_in(employers):
    answer = client_for(employers.alice).post(
        "/fr/jobs/alerts/new/",
        {"name": "Soudure", "q": "soudeur", "is_alert": "on", "sort": "relevance",
         "email_opt_in": "on", "email_frequency": "digest"},
    )  # fmt: skip
    assert answer.status_code == 302
    saved = SavedSearch.objects.get(owner=employers.alice)
    assert saved.delivery == Delivery.DIGEST
    assert not saved.has_quiet_hours
    assert Preference.objects.get(user=employers.alice, kind=JOB_ALERT).delivery == (
        NotificationDelivery.DIGEST
    )


def test_a_bad_form_re_renders_with_the_text(employers):
    answer = client_for(employers.alice).post(
        "/fr/jobs/alerts/new/", {"name": "", "q": "soudeur", "sort": "relevance"}
    )
    assert answer.status_code == 400
    assert 'value="soudeur"' in answer.content.decode()


def test_owner_lists_edits_pauses_resumes_and_deletes(employers, alices_alert):
    alice = client_for(employers.alice)
    assert "Boulangerie" in alice.get("/en/jobs/alerts/").content.decode()
    assert alice.get(f"/fr/jobs/alerts/{alices_alert.pk}/").status_code == 200
    assert alice.post(f"/fr/jobs/alerts/{alices_alert.pk}/pause/").status_code == 302
    alices_alert.refresh_from_db()
    assert not alices_alert.is_alert
    assert alice.post(f"/fr/jobs/alerts/{alices_alert.pk}/resume/").status_code == 302
    alices_alert.refresh_from_db()
    assert alices_alert.is_alert
    results = alice.get(f"/fr/jobs/alerts/{alices_alert.pk}/results/")
    assert results.status_code == 302 and "q=boulanger" in results["Location"]
    assert alice.post(f"/fr/jobs/alerts/{alices_alert.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("name", ["victor", "ursula", "dave", "frank", "carol", "mallory", "sam"])
def test_nobody_else_sees_or_touches_an_alert(employers, alices_alert, name):
    other = client_for(getattr(employers, name))
    pk = alices_alert.pk
    assert "Boulangerie" not in other.get("/fr/jobs/alerts/").content.decode()
    for url in (f"/fr/jobs/alerts/{pk}/", f"/fr/jobs/alerts/{pk}/results/"):
        assert other.get(url).status_code == 404
    for action in ("pause", "resume", "delete"):
        assert other.post(f"/fr/jobs/alerts/{pk}/{action}/").status_code == 404
    assert other.get(f"/api/v1/job-alerts/{pk}").status_code == 404
    assert other.get("/api/v1/job-alerts/").json() == []
    assert other.delete(f"/api/v1/job-alerts/{pk}").status_code in (403, 404)
    assert SavedSearch.objects.filter(pk=pk, is_alert=True).exists()


def test_anonymous_is_sent_to_sign_in_and_refused_by_the_api(employers, alices_alert):
    anonymous = Client()
    assert anonymous.get("/fr/jobs/alerts/").status_code == 302
    assert anonymous.get(f"/fr/jobs/alerts/{alices_alert.pk}/").status_code == 302
    assert anonymous.get("/api/v1/job-alerts/").status_code == 401
    assert (
        anonymous.post("/api/v1/job-alerts/", "{}", content_type="application/json").status_code
        == 401
    )


def test_matches_are_private_notifications(employers, alices_alert, make_posting):
    """The notification of a match is its owner's only."""
    from tremplin.notifications.models import Notification

    make_posting(title_fr="Boulanger")
    mine = Notification.objects.get(kind=JOB_ALERT)
    assert mine.recipient == employers.alice
    assert client_for(employers.alice).post(f"/fr/notifications/{mine.pk}/open/").status_code == 302
    assert client_for(employers.carol).get(f"/fr/notifications/{mine.pk}/open/").status_code == 404
    centre = client_for(employers.alice).get("/en/notifications/").content.decode()
    assert "A new job matches your alert “Boulangerie”." in centre


# ------------------------------------------------------------------ API


def api(user, method, url, body=None):
    client = client_for(user)
    call = getattr(client, method)
    if body is None:
        return call(url)
    return call(url, json.dumps(body), content_type="application/json")


def test_api_create_list_update_pause_delete(employers):
    alice = employers.alice
    made = api(alice, "post", "/api/v1/job-alerts/", {"name": "Soudure", "q": "soudeur"})
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["is_alert"] and body["delivery"] == "in_app"
    assert body["quiet_start"] == "21:00" and body["quiet_end"] == "08:00"
    pk = body["id"]
    assert [s["id"] for s in api(alice, "get", "/api/v1/job-alerts/").json()] == [pk]
    changed = api(alice, "patch", f"/api/v1/job-alerts/{pk}", {"delivery": "email", "region": "QC"})
    assert changed.status_code == 200 and changed.json()["region"] == "QC"
    assert Preference.objects.get(user=alice, kind=JOB_ALERT).delivery == "email"
    assert api(alice, "post", f"/api/v1/job-alerts/{pk}/pause").json()["is_alert"] is False
    assert api(alice, "post", f"/api/v1/job-alerts/{pk}/resume").json()["is_alert"] is True
    assert api(alice, "delete", f"/api/v1/job-alerts/{pk}").status_code == 204
    assert api(alice, "get", f"/api/v1/job-alerts/{pk}").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": " "},
        {"name": "x", "region": "XX"},
        {"name": "x", "delivery": "sms"},
        {"name": "x", "surprise": 1},
        {"name": "x", "organization": "nobody-here"},
        {"name": "x", "quiet_start": "21:00", "quiet_end": None},
        {"name": "x\x00"},
    ],
)
def test_api_bad_input_is_422(employers, body):
    answer = api(employers.alice, "post", "/api/v1/job-alerts/", body)
    assert answer.status_code == 422, answer.content
    assert "detail" in answer.json()


@pytest.mark.parametrize(
    "query", [{"region": "XX"}, {"sort": "best"}, {"page": 0}, {"cursor": "x"}, {"q": "a\x00"}]
)
def test_api_search_bad_input_is_422(employers, query):
    answer = client_for(employers.alice).get("/api/v1/job-alerts/search", query)
    assert answer.status_code == 422


def test_api_search_pages(employers, make_posting):
    for i in range(3):
        make_posting(title_fr=f"Emploi {i}")
    body = client_for(None).get("/api/v1/job-alerts/search", {"sort": "date"}).json()
    assert body["sort"] == "date"
    assert [r["title"] for r in body["results"]] == ["Emploi 2", "Emploi 1", "Emploi 0"]
    assert body["next_cursor"] is None
    by_title = {p.title_fr: p for p in Posting.objects.all()}
    for result in body["results"]:  # each its own posting's page, in the API's language
        assert result["url"] == f"/fr/jobs/{by_title[result['title']].pk}/"
    english = client_for(None).get(
        "/api/v1/job-alerts/search", {"sort": "date"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.json()["results"][0]["url"].startswith("/en/jobs/")
