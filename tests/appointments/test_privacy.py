"""Who sees an appointment, in pages and in the API: the client and the case's CURRENT
counsellor only. Everyone else gets a 404 (anonymous: the login page or a 401)."""

from __future__ import annotations

import pytest

from tests.personas import CASE_VIEWERS
from tremplin.appointments.models import Appointment
from tremplin.counselling import services as counselling
from tremplin.counselling.models import Case

pytestmark = pytest.mark.django_db

EVERYONE = [*CASE_VIEWERS, "bob", "sam"]
SEES = {"alice", "dave"}
API = "/api/v1/appointments"


def user_of(crew, name):
    return None if name == "anonymous" else getattr(crew, name)


@pytest.mark.parametrize("name", EVERYONE)
def test_the_queryset_shows_it_to_the_client_and_counsellor_only(crew, booked, name):
    found = Appointment.objects.visible_to(user_of(crew, name))
    assert list(found) == ([booked] if name in SEES else [])
    if name != "anonymous":
        assert booked.is_visible_to(getattr(crew, name)) is (name in SEES)


@pytest.mark.parametrize("name", EVERYONE)
def test_the_download_and_the_api_answer_404_to_the_others(crew, booked, browser_of, name):
    client = browser_of(name)
    download = client.get(f"/fr/appointments/{booked.pk}/calendar.ics")
    detail = client.get(f"{API}/{booked.pk}")
    listing = client.get(f"{API}/cases/{crew.case.pk}")
    ics = client.get(f"{API}/{booked.pk}/ics")
    if name in SEES:
        assert download.status_code == 200
        assert download["Content-Disposition"] == (
            f'attachment; filename="appointment-{booked.pk}.ics"'
        )
        assert b"BEGIN:VCALENDAR" in download.content
        assert detail.status_code == listing.status_code == ics.status_code == 200
        assert [a["id"] for a in listing.json()] == [booked.pk]
    elif name == "anonymous":
        assert download.status_code == 302 and "/accounts/login/" in download["Location"]
        assert detail.status_code == listing.status_code == ics.status_code == 401
    else:
        assert download.status_code == 404
        assert detail.status_code == listing.status_code == ics.status_code == 404
        assert detail.json() == {"detail": "Not found."}


@pytest.mark.parametrize("name", EVERYONE)
def test_the_case_page_section_shows_it_to_the_parties_only(crew, booked, browser_of, name):
    response = browser_of(name).get(f"/fr/counselling/cases/{crew.case.pk}/")
    html = response.content.decode()
    if name in SEES:
        assert response.status_code == 200
        assert f'id="appointment-{booked.pk}"' in html
        assert "https://meet.example.org/horizon-42" in html
    else:
        assert response.status_code in (302, 404)
        assert "meet.example.org" not in html


@pytest.mark.parametrize("name", [n for n in EVERYONE if n not in SEES | {"anonymous"}])
def test_the_others_cannot_act_on_it(crew, booked, browser_of, name):
    client = browser_of(name)
    assert client.post(f"/fr/appointments/{booked.pk}/cancel/").status_code == 404
    assert client.post(f"/fr/appointments/{booked.pk}/held/").status_code == 404
    assert client.post(f"/fr/appointments/cases/{crew.case.pk}/book/").status_code == 404
    assert client.post(f"{API}/{booked.pk}/cancel", "{}", "application/json").status_code == 404
    booked.refresh_from_db()
    assert booked.status == "scheduled"


def test_after_a_reassignment_the_new_counsellor_sees_it_and_the_old_one_not(
    crew, booked, browser_of
):
    counselling.reassign(crew.greta, crew.case, crew.erin)
    assert list(Appointment.objects.visible_to(crew.erin)) == [booked]
    assert not Appointment.objects.visible_to(crew.dave).exists()
    assert browser_of("erin").get(f"{API}/{booked.pk}").status_code == 200
    assert browser_of("dave").get(f"{API}/{booked.pk}").status_code == 404
    page = browser_of("erin").get(f"/fr/counselling/cases/{crew.case.pk}/")
    assert f'id="appointment-{booked.pk}"' in page.content.decode()


def test_nobody_sees_the_appointments_of_an_invitation(crew, booked):
    Case.objects.filter(pk=crew.case.pk).update(status="invited")
    assert not Appointment.objects.visible_to(crew.alice).exists()
    assert not Appointment.objects.visible_to(crew.dave).exists()


def test_the_notification_link_follows_the_same_rule(crew, booked):
    from tremplin.notifications.models import Notification
    from tremplin.notifications.rendering import render_one

    notification = Notification.objects.get(recipient=crew.alice)
    assert render_one(crew.alice, notification).url is not None
    counselling.end(crew.alice, crew.case)
    # A closed case still shows its history to its parties.
    assert render_one(crew.alice, notification).url is not None
    Case.objects.filter(pk=crew.case.pk).update(status="invited")
    assert render_one(crew.alice, notification).url is None
