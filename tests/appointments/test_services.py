"""The actions: who may do what, the lifecycle, overlaps, notifications and emails."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.appointments.conftest import later
from tests.factories import UserFactory, make_case
from tremplin.appointments import emails, queries, services
from tremplin.appointments.hooks import APPOINTMENT
from tremplin.appointments.models import Appointment
from tremplin.core import ics
from tremplin.counselling import services as counselling
from tremplin.counselling.models import Case
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import render_one

pytestmark = pytest.mark.django_db


def book(crew, **kwargs):
    options = {
        "starts_at": later(days=2),
        "duration": 60,
        "mode": "in_person",
        "location": "100, rue King, Toronto",
    }
    options.update(kwargs)
    return services.book(crew.dave, crew.case, **options)


def refused(code, action, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        action(*args, **kwargs)
    assert caught.value.code == code, caught.value
    return caught.value


def calendar_of(message) -> str:
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return content.decode() if isinstance(content, bytes) else content


def test_booking_notifies_the_client_and_emails_a_french_invitation(crew, booked):
    notification = Notification.objects.get(recipient=crew.alice, kind=APPOINTMENT)
    assert notification.data == {"event": "booked"}
    assert notification.target == booked
    shown = render_one(crew.alice, notification)
    assert shown.url == f"/fr/counselling/cases/{crew.case.pk}/#appointment-{booked.pk}"
    (message,) = mail.outbox
    assert message.to == [crew.alice.email]
    assert "Nouveau rendez-vous avec Dave Côté" in message.subject
    assert "Par vidéo" in message.body and "https://meet.example.org/horizon-42" in message.body
    text = calendar_of(message)
    props = ics.event_properties(text)
    assert "METHOD:REQUEST" in text
    assert props["UID"] == f"{booked.uid}@127.0.0.1"
    assert props["SEQUENCE"] == "0"
    assert props["SUMMARY"] == "Rendez-vous avec Dave Côté"
    assert props["DTSTART"] == booked.starts_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert "Revoir le CV; préparer l'entrevue" in props["DESCRIPTION"]


def test_an_english_client_gets_english(crew, django_capture_on_commit_callbacks):
    crew.alice.language = "en"
    crew.alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        book(crew)
    (message,) = mail.outbox
    assert "New appointment with Dave Côté" in message.subject
    assert "In person" in message.body and "100, rue King, Toronto" in message.body
    props = ics.event_properties(calendar_of(message))
    assert props["SUMMARY"] == "Appointment with Dave Côté"
    assert props["LOCATION"] == "100, rue King, Toronto"


def test_reschedule_bumps_the_sequence_and_keeps_the_uid(
    crew, booked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = services.reschedule(crew.dave, booked, starts_at=later(days=4), duration=30)
    assert (moved.sequence, moved.duration) == (1, 30)
    props = ics.event_properties(calendar_of(mail.outbox[0]))
    assert props["SEQUENCE"] == "1" and props["UID"].startswith(str(booked.uid))
    assert Notification.objects.get(recipient=crew.alice).data == {"event": "changed"}


def test_a_client_cancelling_tells_both_by_email_with_a_cancel(
    crew, booked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = services.cancel(crew.alice, booked, "  Je suis malade  ")
    assert (done.status, done.cancelled_reason, done.sequence) == ("cancelled", "Je suis malade", 1)
    assert sorted(m.to[0] for m in mail.outbox) == [crew.alice.email, crew.dave.email]
    for message in mail.outbox:
        text = calendar_of(message)
        assert "METHOD:CANCEL" in text
        assert ics.event_properties(text)["STATUS"] == "CANCELLED"
    notification = Notification.objects.get(recipient=crew.dave, kind=APPOINTMENT)
    assert notification.data == {"event": "cancelled"}


def test_a_counsellor_cancelling_emails_the_client_only(
    crew, booked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(crew.dave, booked)
    assert [m.to for m in mail.outbox] == [[crew.alice.email]]


def test_only_the_counsellor_of_an_active_case_books(crew):
    refused(
        "forbidden",
        services.book,
        crew.alice,
        crew.case,
        starts_at=later(days=1),
        duration=60,
        mode="phone",
    )
    refused(
        "not_found",
        services.book,
        crew.erin,
        crew.case,
        starts_at=later(days=1),
        duration=60,
        mode="phone",
    )
    Case.objects.filter(pk=crew.case.pk).update(status="paused")
    refused("transition", book, crew)
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"starts_at": later(days=-1)}, "invalid"),
        ({"starts_at": later(days=400)}, "invalid"),
        ({"duration": 5}, "invalid"),
        ({"duration": 600}, "invalid"),
        ({"mode": "video", "video_url": "http://meet.example.org/x"}, "invalid"),
        ({"mode": "video", "video_url": "javascript:alert(1)"}, "invalid"),
        ({"mode": "in_person", "location": "  "}, "invalid"),
        ({"mode": "carrier-pigeon"}, "invalid"),
    ],
)
def test_bad_details_are_refused(crew, changes, code):
    refused(code, book, crew, **changes)


def test_a_naive_datetime_is_refused(crew):
    naive = later(days=1).replace(tzinfo=None)
    refused("invalid", book, crew, starts_at=naive)


def test_overlapping_appointments_of_one_counsellor_are_refused(crew):
    first = book(crew, starts_at=later(days=2), duration=60)
    refused("overlap", book, crew, starts_at=first.starts_at + timedelta(minutes=59))
    refused("overlap", book, crew, starts_at=first.starts_at - timedelta(minutes=30))
    # Back to back is fine, and so is another client's slot after a cancellation.
    book(crew, starts_at=first.ends_at)
    other_client = UserFactory(email="zoe@example.org")
    other_case = make_case(crew.agency, crew.dave, other_client)
    refused(
        "overlap",
        services.book,
        crew.dave,
        other_case,
        starts_at=first.starts_at,
        duration=30,
        mode="phone",
    )
    services.cancel(crew.dave, first)
    services.book(crew.dave, other_case, starts_at=first.starts_at, duration=30, mode="phone")


def test_rescheduling_onto_another_appointment_is_refused(crew):
    first = book(crew, starts_at=later(days=2))
    second = book(crew, starts_at=later(days=3))
    refused("overlap", services.reschedule, crew.dave, second, starts_at=first.starts_at)
    # Moving within its own slot is fine.
    services.reschedule(crew.dave, first, starts_at=first.starts_at + timedelta(minutes=15))


def test_held_or_missed_only_after_the_start_and_by_the_counsellor(crew, booked):
    refused("transition", services.mark, crew.dave, booked, "held")
    Appointment.objects.filter(pk=booked.pk).update(starts_at=timezone.now() - timedelta(hours=1))
    refused("not_found", services.mark, crew.erin, booked, "held")
    refused("forbidden", services.mark, crew.alice, booked, "held")
    refused("invalid", services.mark, crew.dave, booked, "cancelled")
    assert services.mark(crew.dave, booked, "missed").status == "missed"
    refused("transition", services.mark, crew.dave, booked, "held")
    refused("transition", services.cancel, crew.alice, booked)


def test_the_client_may_not_reschedule(crew, booked):
    refused("forbidden", services.reschedule, crew.alice, booked, starts_at=later(days=5))


def test_after_a_reassignment_the_former_counsellor_can_do_nothing(crew, booked):
    counselling.reassign(crew.greta, crew.case, crew.erin)
    refused("not_found", services.cancel, crew.dave, booked)
    assert services.cancel(crew.erin, booked).status == "cancelled"


def test_closing_the_case_cancels_what_is_ahead(crew, booked, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counselling.close(crew.dave, crew.case, "employed")
    booked.refresh_from_db()
    assert (booked.status, booked.sequence) == ("cancelled", 1)
    assert "METHOD:CANCEL" in calendar_of(mail.outbox[0])
    assert services.cancel_ahead_for_closed_case(crew.case.pk) == 0  # idempotent


def test_annotate_caseload_gives_next_and_last_in_one_query(crew, django_assert_num_queries):
    soon = book(crew, starts_at=later(days=1))
    book(crew, starts_at=later(days=5))
    past_held = book(crew, starts_at=later(days=6))
    older_held = book(crew, starts_at=later(days=7))
    missed = book(crew, starts_at=later(days=8))
    Appointment.objects.filter(pk=past_held.pk).update(
        starts_at=timezone.now() - timedelta(days=2), status="held"
    )
    Appointment.objects.filter(pk=older_held.pk).update(
        starts_at=timezone.now() - timedelta(days=9), status="held"
    )
    Appointment.objects.filter(pk=missed.pk).update(
        starts_at=timezone.now() - timedelta(days=1), status="missed"
    )
    empty = make_case(crew.agency, crew.erin, UserFactory(email="yan@example.org"))
    with django_assert_num_queries(1):
        rows = {c.pk: c for c in queries.annotate_caseload(Case.objects.all())}
    assert rows[crew.case.pk].next_appointment_at == soon.starts_at
    past_held.refresh_from_db()
    assert rows[crew.case.pk].last_appointment_at == past_held.starts_at
    assert rows[empty.pk].next_appointment_at is None
    assert rows[empty.pk].last_appointment_at is None


# ------------------------------------------------------------------ the .ics organiser


def organizer_in(text: str) -> ics.Line:
    return next(line for line in ics.parse(text) if line.name == "ORGANIZER")


def test_a_reply_from_the_calendar_reaches_the_agencys_contact_address(crew, booked):
    """Never the counsellor's own address: members never see each other's."""
    crew.agency.contact_email = "accueil@horizon.example"
    crew.agency.save()
    booked = Appointment.objects.with_people().get(pk=booked.pk)

    text = emails.calendar_for(booked, crew.alice)

    organizer = organizer_in(text)
    assert organizer.value == "mailto:accueil@horizon.example"
    assert organizer.params["CN"] == f"Dave Côté ({crew.agency.name})"
    assert crew.dave.email not in text


def test_an_agency_without_a_contact_address_falls_back_to_the_sites_sender(crew, booked, settings):
    settings.DEFAULT_FROM_EMAIL = "Emploi Horizon <rendez-vous@horizon.example>"
    assert not crew.agency.contact_email

    text = emails.calendar_for(Appointment.objects.with_people().get(pk=booked.pk), crew.alice)

    assert organizer_in(text).value == "mailto:rendez-vous@horizon.example"
    assert organizer_in(text).params["CN"] == "Dave Côté"
    assert crew.dave.email not in text


def test_the_emailed_invitation_carries_the_agencys_address(
    crew, django_capture_on_commit_callbacks
):
    crew.agency.contact_email = "accueil@horizon.example"
    crew.agency.save()
    with django_capture_on_commit_callbacks(execute=True):
        book(crew)

    (message,) = mail.outbox
    assert organizer_in(calendar_of(message)).value == "mailto:accueil@horizon.example"
