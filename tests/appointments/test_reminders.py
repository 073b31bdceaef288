"""Reminders: once per appointment, for those starting within 24 hours, whatever the
number of clocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.appointments.conftest import later
from tremplin.appointments import services
from tremplin.appointments.hooks import APPOINTMENT
from tremplin.appointments.models import Appointment
from tremplin.appointments.tasks import send_due_reminders
from tremplin.core import ics
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def attached(message) -> str:
    content = message.attachments[0][1]
    return content.decode() if isinstance(content, bytes) else content


def make(crew, **delta):
    return services.book(
        crew.dave, crew.case, starts_at=later(**delta), duration=30, mode="phone",
        phone_details="Je vous appelle.",
    )  # fmt: skip


def test_the_client_is_reminded_once_in_their_language(crew, django_capture_on_commit_callbacks):
    soon = make(crew, hours=5)
    make(crew, days=3)  # too far ahead
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 1
    (message,) = mail.outbox
    assert message.to == [crew.alice.email]
    assert "Rappel\u00a0: rendez-vous avec Dave Côté" in message.subject
    assert "METHOD:REQUEST" in attached(message)
    notification = Notification.objects.get(
        recipient=crew.alice, kind=APPOINTMENT, target_id=soon.pk
    )
    assert notification.data == {"event": "reminder"}
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None
    # The next round (the other clock) finds nothing to send.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 0
    assert len(mail.outbox) == 1


def test_an_english_client_is_reminded_in_english(crew, django_capture_on_commit_callbacks):
    crew.alice.language = "en"
    crew.alice.save()
    make(crew, hours=2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders()
    assert "Reminder: appointment with Dave Côté" in mail.outbox[0].subject
    body = ics.event_properties(attached(mail.outbox[0]))
    assert body["SUMMARY"] == "Appointment with Dave Côté"


def test_a_claim_taken_by_another_clock_is_not_sent_again(crew, monkeypatch):
    soon = make(crew, hours=3)
    real_filter = Appointment.objects.filter

    # The other clock claims the row between this clock's read and its claim.
    def racing_filter(*args, **kwargs):
        if "reminder_sent_at__isnull" in kwargs and "pk" in kwargs:
            real_filter(pk=soon.pk).update(reminder_sent_at=timezone.now())
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(Appointment.objects, "filter", racing_filter)
    mail.outbox.clear()
    assert send_due_reminders() == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(data__event="reminder").exists()


def test_cancelled_started_and_closed_cases_get_no_reminder(crew):
    cancelled = make(crew, hours=4)
    services.cancel(crew.dave, cancelled)
    started = make(crew, hours=6)
    Appointment.objects.filter(pk=started.pk).update(
        starts_at=timezone.now() - timedelta(minutes=1)
    )
    assert send_due_reminders() == 0


def test_a_moved_appointment_is_reminded_again(crew, django_capture_on_commit_callbacks):
    soon = make(crew, hours=4)
    assert send_due_reminders() == 1
    services.reschedule(crew.dave, soon, starts_at=later(hours=10))
    soon.refresh_from_db()
    assert soon.reminder_sent_at is None
    assert send_due_reminders() == 1
