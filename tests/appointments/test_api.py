"""The appointments API: documented codes, JSON errors, aware datetimes only."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.appointments.conftest import later
from tremplin.appointments.models import Appointment
from tremplin.core import ics

pytestmark = pytest.mark.django_db
API = "/api/v1/appointments"


def post(client, url, body=None):
    return client.post(
        API + url, json.dumps(body or {}), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip


def error(response, status) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    return detail


def booking(**changes):
    body = {
        "starts_at": later(days=2).isoformat(),
        "duration": 30,
        "mode": "phone",
        "phone_details": "I will call you.",
    }
    body.update(changes)
    return body


def test_book_list_move_cancel(crew, browser_of):
    dave, alice = browser_of("dave"), browser_of("alice")
    made = post(dave, f"/cases/{crew.case.pk}", booking())
    assert made.status_code == 201, made.content
    item = made.json()
    assert (item["status"], item["sequence"], item["mode"]) == ("scheduled", 0, "phone")
    assert item["ics_url"] == f"{API}/{item['id']}/ics"
    listed = alice.get(f"{API}/cases/{crew.case.pk}").json()
    assert [a["id"] for a in listed] == [item["id"]]
    moved = post(dave, f"/{item['id']}/reschedule", {"starts_at": later(days=3).isoformat()})
    assert moved.status_code == 200 and moved.json()["sequence"] == 1
    calendar = alice.get(f"{API}/{item['id']}/ics")
    assert calendar["Content-Type"].startswith("text/calendar")
    assert ics.event_properties(calendar.content.decode())["SEQUENCE"] == "1"
    assert error(
        post(alice, f"/{item['id']}/reschedule", {"starts_at": later(days=4).isoformat()}), 403
    )
    cancelled = post(alice, f"/{item['id']}/cancel", {"reason": "Sick"})
    assert cancelled.json()["status"] == "cancelled"
    assert error(post(alice, f"/{item['id']}/cancel"), 409)


def test_a_naive_datetime_is_a_422(crew, browser_of):
    naive = later(days=2).replace(tzinfo=None).isoformat()
    detail = error(
        post(browser_of("dave"), f"/cases/{crew.case.pk}", booking(starts_at=naive)), 422
    )
    assert "offset" in detail
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"starts_at": "2001-01-01T10:00:00Z"}, 422),
        ({"starts_at": "9999-12-31T23:59:59+14:00"}, 422),
        ({"starts_at": "0001-01-01T00:00:00-12:00"}, 422),
        ({"starts_at": "tomorrow"}, 422),
        ({"duration": 10}, 422),
        ({"duration": 10**12}, 422),
        ({"mode": "video", "video_url": "http://example.org/x"}, 422),
        ({"mode": "video", "video_url": "https://"}, 422),
        ({"mode": "in_person"}, 422),
        ({"agenda": "a\x00b"}, 422),
        ({"agenda": "x" * 501}, 422),
        ({"surprise": 1}, 422),
    ],
)
def test_bad_bookings_are_4xx_json(crew, browser_of, changes, status):
    error(post(browser_of("dave"), f"/cases/{crew.case.pk}", booking(**changes)), status)
    assert not Appointment.objects.exists()


def test_an_overlap_is_a_409(crew, browser_of, booked):
    body = booking(starts_at=(booked.starts_at + timedelta(minutes=5)).isoformat())
    assert "already" in error(post(browser_of("dave"), f"/cases/{crew.case.pk}", body), 409)


def test_the_client_may_not_book_or_mark(crew, browser_of, booked):
    alice = browser_of("alice")
    error(post(alice, f"/cases/{crew.case.pk}", booking()), 403)
    error(post(alice, f"/{booked.pk}/held"), 403)


def test_held_and_missed(crew, browser_of, booked):
    dave = browser_of("dave")
    error(post(dave, f"/{booked.pk}/held"), 409)  # not started yet
    Appointment.objects.filter(pk=booked.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    assert post(dave, f"/{booked.pk}/missed").json()["status"] == "missed"
    error(post(dave, f"/{booked.pk}/held"), 409)


def test_unknown_ids_are_404_and_huge_ones_422(crew, browser_of):
    dave = browser_of("dave")
    error(dave.get(f"{API}/999999"), 404)
    error(dave.get(f"{API}/99999999999999"), 422)
    error(post(dave, "/cases/999999", booking()), 404)


def test_every_endpoint_is_in_the_schema_with_its_codes(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = {p: v for p, v in schema["paths"].items() if p.startswith(API)}
    assert set(paths) == {
        f"{API}/cases/{{case_id}}",
        f"{API}/{{appointment_id}}",
        f"{API}/{{appointment_id}}/ics",
        f"{API}/{{appointment_id}}/reschedule",
        f"{API}/{{appointment_id}}/cancel",
        f"{API}/{{appointment_id}}/held",
        f"{API}/{{appointment_id}}/missed",
        f"{API}/cases/{{case_id}}/free-times",
        f"{API}/cases/{{case_id}}/requests",
        f"{API}/{{appointment_id}}/confirm",
        f"{API}/{{appointment_id}}/decline",
    }
    book = paths[f"{API}/cases/{{case_id}}"]["post"]["responses"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(book)
