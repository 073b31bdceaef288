"""A client's requests in pages and the API: the form of free times (no JavaScript
needed), a time taken meanwhile, the counsellor's one-click answers, the caseload's
marker, and who may see free times and requests (the client of the active case and its
counsellor; everyone else a 404)."""

from __future__ import annotations

import json

import pytest

from tests.appointments.test_requests import open_all_week
from tests.personas import CASE_VIEWERS
from tremplin.appointments import queries, services
from tremplin.appointments.models import Appointment

pytestmark = pytest.mark.django_db
API = "/api/v1/appointments"
EVERYONE = [*CASE_VIEWERS, "bob", "sam"]


def post_json(client, url, body=None):
    return client.post(API + url, json.dumps(body or {}), content_type="application/json")


def form(moment, **changes):
    data = {
        "ask-length": "60",
        "ask-starts_at": moment.isoformat(),
        "ask-mode": "phone",
        "ask-message": "Revoir ma lettre de motivation",
    }
    data.update({f"ask-{k}": v for k, v in changes.items()})
    return data


@pytest.fixture
def open_dave(crew):
    open_all_week(crew.dave)
    return crew


def test_the_client_asks_by_the_form_and_the_counsellor_confirms(open_dave, browser_of):
    crew = open_dave
    alice, dave = browser_of("alice"), browser_of("dave")
    page = alice.get(f"/fr/counselling/cases/{crew.case.pk}/?length=30").content.decode()
    assert "Demander un rendez-vous" in page and 'name="ask-starts_at"' in page
    assert "30 minutes, heure de Toronto" in page
    moment = queries.free_times(crew.case, 60)[0]
    sent = alice.post(f"/fr/appointments/cases/{crew.case.pk}/ask/", form(moment))
    assert sent.status_code == 302 and sent["Location"].endswith("#appointments")
    made = Appointment.objects.get()
    assert (made.status, made.mode, made.duration) == ("requested", "phone", 60)
    assert alice.get(f"/fr/appointments/{made.pk}/calendar.ics").status_code == 404
    caseload = dave.get("/fr/counselling/caseload/").content.decode()
    assert "1 demande en attente" in caseload and "/fr/availability/" in caseload
    case_page = dave.get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    assert "Revoir ma lettre de motivation" in case_page
    assert f"/fr/appointments/{made.pk}/confirm/" in case_page
    done = dave.post(f"/fr/appointments/{made.pk}/confirm/", {f"confirm{made.pk}-details": ""})
    assert done.status_code == 302
    made.refresh_from_db()
    assert made.status == "scheduled"
    assert alice.get(f"/fr/appointments/{made.pk}/calendar.ics").status_code == 200


def test_a_time_taken_meanwhile_keeps_the_message_and_offers_the_others(open_dave, browser_of):
    crew = open_dave
    moment = queries.free_times(crew.case, 60)[0]
    # Between the page and the click, the counsellor books that very time.
    services.book(crew.dave, crew.case, starts_at=moment, duration=60, mode="phone")
    answer = browser_of("alice").post(f"/fr/appointments/cases/{crew.case.pk}/ask/", form(moment))
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Ce moment vient d’être pris : choisissez-en un autre." in html
    assert "Revoir ma lettre de motivation" in html
    assert moment.isoformat() not in html  # no longer offered
    assert 'name="ask-starts_at"' in html
    assert Appointment.objects.count() == 1


def test_bad_input_and_pii_are_answered_with_the_text_kept(open_dave, browser_of):
    crew = open_dave
    moment = queries.free_times(crew.case, 60)[0]
    url = f"/fr/appointments/cases/{crew.case.pk}/ask/"
    alice = browser_of("alice")
    none = alice.post(url, form(moment, starts_at=""))
    assert (
        none.status_code == 400 and "Choisissez l’un des moments libres." in none.content.decode()
    )
    pii = alice.post(url, form(moment, message="Appelez-moi au 416-555-0199"))
    assert pii.status_code == 400 and "416-555-0199" in pii.content.decode()
    assert 'name="ask-confirm_pii"' in pii.content.decode()
    sent = alice.post(url, form(moment, message="Appelez-moi au 416-555-0199", confirm_pii="on"))
    assert sent.status_code == 302


def test_no_hours_says_so_and_links_to_messaging(crew, browser_of):
    page = browser_of("alice").get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    assert "n’a pas encore indiqué ses disponibilités" in page
    assert "/fr/messages/new/?to=" in page and 'name="ask-starts_at"' not in page


def test_the_api_asks_confirms_declines_and_withdraws(open_dave, browser_of):
    crew = open_dave
    alice, dave = browser_of("alice"), browser_of("dave")
    free = alice.get(f"{API}/cases/{crew.case.pk}/free-times?length=30")
    assert free.status_code == 200, free.content
    body = free.json()
    assert body["length"] == 30 and body["time_zone"] == "America/Toronto" and body["times"]
    assert alice.get(f"{API}/cases/{crew.case.pk}/free-times?length=45").status_code == 422
    times = queries.free_times(crew.case, 60)
    url = f"/cases/{crew.case.pk}/requests"
    pii = post_json(alice, url, {"starts_at": times[0].isoformat(), "message": "a@b.example.org"})
    assert pii.status_code == 422 and pii.json()["pii"] == {"message": ["email"]}
    asked = post_json(alice, url, {"starts_at": times[0].isoformat(), "mode": "video"})
    assert asked.status_code == 201, asked.content
    item = asked.json()
    assert (item["status"], item["requested_by_client"], item["ics_url"]) == (
        "requested",
        True,
        None,
    )
    assert alice.get(f"{API}/{item['id']}/ics").status_code == 404
    again = post_json(alice, url, {"starts_at": times[0].isoformat()})
    assert again.status_code == 409 and again.json()["detail"]
    assert post_json(dave, url, {"starts_at": times[8].isoformat()}).status_code == 404
    assert post_json(alice, f"/{item['id']}/confirm").status_code == 403
    confirmed = post_json(dave, f"/{item['id']}/confirm", {"details": "https://meet.example.org/a"})
    assert confirmed.status_code == 200 and confirmed.json()["ics_url"]
    assert alice.get(f"{API}/{item['id']}/ics").status_code == 200
    second = post_json(alice, url, {"starts_at": times[4].isoformat()}).json()
    declined = post_json(dave, f"/{second['id']}/decline", {"reason": "Absent"})
    assert declined.json()["status"] == "declined"
    third = post_json(alice, url, {"starts_at": times[8].isoformat()}).json()
    assert post_json(alice, f"/{third['id']}/cancel").json()["status"] == "cancelled"


@pytest.mark.parametrize("name", [n for n in EVERYONE if n not in ("alice", "dave")])
def test_nobody_else_sees_free_times_or_requests(open_dave, browser_of, name):
    crew = open_dave
    moment = queries.free_times(crew.case, 60)[0]
    from tremplin.appointments import requesting

    made = requesting.request(crew.alice, crew.case, starts_at=moment, duration=60, mode="video")
    client = browser_of(name)
    page = client.get(f"/fr/counselling/cases/{crew.case.pk}/")
    html = page.content.decode()
    assert 'name="ask-starts_at"' not in html and f'id="appointment-{made.pk}"' not in html
    free = client.get(f"{API}/cases/{crew.case.pk}/free-times")
    detail = client.get(f"{API}/{made.pk}")
    ask = post_json(client, f"/cases/{crew.case.pk}/requests", {"starts_at": moment.isoformat()})
    confirm = post_json(client, f"/{made.pk}/confirm")
    expected = 401 if name == "anonymous" else 404
    assert free.status_code == detail.status_code == ask.status_code == expected
    assert confirm.status_code == expected
    if name != "anonymous":
        assert (
            client.post(f"/fr/appointments/cases/{crew.case.pk}/ask/", form(moment)).status_code
            == 404
        )
        assert client.post(f"/fr/appointments/{made.pk}/confirm/").status_code == 404
    made.refresh_from_db()
    assert made.status == "requested" and Appointment.objects.count() == 1


def test_the_counsellor_gets_no_free_times_of_their_own_case(open_dave, browser_of):
    crew = open_dave
    assert browser_of("dave").get(f"{API}/cases/{crew.case.pk}/free-times").status_code == 404
    page = browser_of("dave").get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    assert 'name="ask-starts_at"' not in page
