"""The case page section and its forms: booking from a datetime-local value read in the
site's time zone; bad input re-renders a small page with the text and the reason (400)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from tests.appointments.conftest import later
from tremplin.appointments.forms import local_input
from tremplin.appointments.models import Appointment
from tremplin.core import ics

pytestmark = pytest.mark.django_db
TORONTO = ZoneInfo("America/Toronto")


def book_form(when: str, **changes) -> dict:
    data = {
        "book-starts_at": when,
        "book-duration": "45",
        "book-mode": "video",
        "book-video_url": "https://meet.example.org/salle",
        "book-location": "",
        "book-phone_details": "",
        "book-agenda": "Préparer l'entrevue",
    }
    data.update({f"book-{k}": v for k, v in changes.items()})
    return data


def test_the_counsellor_books_in_toronto_time(crew, browser_of, django_capture_on_commit_callbacks):
    day = (timezone.now() + timedelta(days=10)).astimezone(TORONTO).date()
    when = f"{day.isoformat()}T09:30"
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of("dave").post(
            f"/fr/appointments/cases/{crew.case.pk}/book/", book_form(when)
        )
    assert response.status_code == 302
    assert response["Location"] == f"/fr/counselling/cases/{crew.case.pk}/#appointments"
    made = Appointment.objects.get()
    expected = datetime(day.year, day.month, day.day, 9, 30, tzinfo=TORONTO)
    assert made.starts_at == expected
    assert (made.mode, made.duration, made.video_url) == (
        "video",
        45,
        "https://meet.example.org/salle",
    )
    assert len(mail.outbox) == 1
    page = browser_of("alice").get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    assert "09:30" in page and "Par vidéo" in page and "Préparer l&#x27;entrevue" in page
    assert f"/fr/appointments/{made.pk}/calendar.ics" in page
    assert f"/fr/appointments/{made.pk}/reschedule/" not in page  # the client cannot move it
    assert f"/fr/appointments/{made.pk}/cancel/" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"starts_at": "2001-01-01T10:00"}, "Choisissez une date et une heure à venir."),
        ({"starts_at": "demain matin"}, "Entrez une date et une heure"),
        ({"starts_at": ""}, "Choisissez la date et l’heure."),
        ({"video_url": "http://meet.example.org/x"}, "Le lien vidéo doit être une adresse web"),
        ({"mode": "in_person", "location": ""}, "Indiquez l’adresse d’un rendez-vous en personne"),
        ({"duration": "600"}, "240"),
    ],
)
def test_bad_input_keeps_the_text_and_says_why(crew, browser_of, changes, message):
    data = book_form(local_input(later(days=3)), **changes)
    response = browser_of("dave").post(f"/fr/appointments/cases/{crew.case.pk}/book/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Préparer l&#x27;entrevue" in html  # the agenda typed is still there
    if changes.get("starts_at"):
        assert changes["starts_at"] in html
    assert not Appointment.objects.exists()


def test_an_overlap_is_refused_with_the_text_kept(crew, browser_of, booked):
    when = local_input(booked.starts_at + timedelta(minutes=10))
    response = browser_of("dave").post(
        f"/fr/appointments/cases/{crew.case.pk}/book/", book_form(when)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vous avez déjà un rendez-vous à ce moment-là" in html
    assert when in html
    assert Appointment.objects.count() == 1


def test_the_client_cannot_book_from_a_page(crew, browser_of):
    response = browser_of("alice").post(
        f"/fr/appointments/cases/{crew.case.pk}/book/", book_form(local_input(later(days=3)))
    )
    assert response.status_code == 404


def test_reschedule_cancel_and_mark_from_the_page(crew, browser_of, booked):
    dave = browser_of("dave")
    new_time = local_input(later(days=6))
    bad = dave.post(
        f"/fr/appointments/{booked.pk}/reschedule/",
        {f"move{booked.pk}-starts_at": "2000-01-01T00:00", f"move{booked.pk}-duration": "30"},
    )
    assert bad.status_code == 400 and "2000-01-01T00:00" in bad.content.decode()
    moved = dave.post(
        f"/fr/appointments/{booked.pk}/reschedule/",
        {f"move{booked.pk}-starts_at": new_time, f"move{booked.pk}-duration": "30"},
    )
    assert moved.status_code == 302
    booked.refresh_from_db()
    assert (local_input(booked.starts_at), booked.sequence) == (new_time, 1)
    assert browser_of("alice").post(f"/fr/appointments/{booked.pk}/reschedule/").status_code == 403
    too_long = browser_of("alice").post(
        f"/fr/appointments/{booked.pk}/cancel/", {f"cancel{booked.pk}-reason": "x" * 301}
    )
    assert too_long.status_code == 400
    done = browser_of("alice").post(
        f"/fr/appointments/{booked.pk}/cancel/", {f"cancel{booked.pk}-reason": "Malade"}
    )
    assert done.status_code == 302
    booked.refresh_from_db()
    assert (booked.status, booked.cancelled_reason) == ("cancelled", "Malade")
    page = dave.get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    assert '<details class="appointments-past">' in page and "Malade" in page


def test_held_from_the_page_after_the_start(crew, browser_of, booked):
    Appointment.objects.filter(pk=booked.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    page = browser_of("dave").get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    assert f"/fr/appointments/{booked.pk}/held/" in page
    assert browser_of("dave").post(f"/fr/appointments/{booked.pk}/held/").status_code == 302
    booked.refresh_from_db()
    assert booked.status == "held"


def test_the_download_is_in_the_viewers_language(crew, browser_of, booked):
    crew.dave.language = "en"
    crew.dave.save()
    response = browser_of("dave").get(f"/en/appointments/{booked.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    props = ics.event_properties(response.content.decode())
    assert props["SUMMARY"] == "Appointment with Alice Martin"
    assert props["UID"] == f"{booked.uid}@127.0.0.1"
    french = browser_of("alice").get(f"/fr/appointments/{booked.pk}/calendar.ics")
    assert ics.event_properties(french.content.decode())["SUMMARY"] == (
        "Rendez-vous avec Dave Côté"
    )
