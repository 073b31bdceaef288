"""Durable work for appointments: the invitation emails (queued after commit by
services.py), the answers to a client's requests (declined, expired: queued by
requesting.py), and the reminders, run every minute by the clock (`run_periodic`)."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tremplin.accounts.models import User
from tremplin.appointments import emails
from tremplin.appointments.hooks import APPOINTMENT
from tremplin.appointments.models import Appointment, AppointmentStatus
from tremplin.counselling.models import CaseStatus
from tremplin.notifications.services import notify

REMINDER_AHEAD = timedelta(hours=24)
# One round sends at most this many; the next minute takes the rest.
REMINDERS_PER_ROUND = 500


@task()
def send_invitation(appointment_id: int, recipient_id: int, event: str) -> None:
    """The email with the .ics, as the appointment is NOW (a retry, or a change that
    came after, sends the current version with its current SEQUENCE)."""
    appointment = Appointment.objects.with_people().filter(pk=appointment_id).first()
    recipient = User.objects.select_related("profile").filter(pk=recipient_id).first()
    if appointment is None or recipient is None or not recipient.is_active:
        return
    if recipient.pk not in (appointment.case.client_id, appointment.case.counsellor_id):
        return  # reassigned since: the former counsellor gets nothing more
    emails.send(appointment, recipient, event)


ANSWERS = {"declined": AppointmentStatus.DECLINED, "expired": AppointmentStatus.EXPIRED}


@task()
def send_request_answer(appointment_id: int, event: str) -> None:
    """The email to the client whose request was declined or expired. Sent only while the
    request is still in that state and the client is still its case's client and active
    (a retry after a crash sends the same email again, at worst)."""
    appointment = Appointment.objects.with_people().filter(pk=appointment_id).first()
    if appointment is None or ANSWERS.get(event) != appointment.status:
        return
    client = appointment.case.client
    if client is None or not client.is_active or client.pk != appointment.requested_by_id:
        return
    emails.send_request_answer(appointment, event)


@task()
def send_reminder(appointment_id: int) -> None:
    appointment = Appointment.objects.with_people().filter(pk=appointment_id).first()
    if appointment is None or appointment.status != AppointmentStatus.SCHEDULED:
        return
    client = appointment.case.client
    if client is None or not client.is_active:
        return
    emails.send(appointment, client, "reminder")


def send_due_reminders() -> int:
    """Remind the client of each scheduled appointment starting within 24 hours. Each
    one is claimed by a conditional UPDATE (reminder_sent_at still empty), so two clocks
    running at once never remind twice; the notification and the queued email are
    written in the claim's transaction. Returns how many were reminded."""
    now = timezone.now()
    due = list(
        Appointment.objects.filter(
            status=AppointmentStatus.SCHEDULED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_AHEAD,
            case__status__in=(CaseStatus.ACTIVE, CaseStatus.PAUSED),
        )
        .order_by("starts_at")
        .values_list("pk", flat=True)[:REMINDERS_PER_ROUND]
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            claimed = Appointment.objects.filter(
                pk=pk, status=AppointmentStatus.SCHEDULED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue  # another clock took it
            appointment = Appointment.objects.with_people().get(pk=pk)
            client = appointment.case.client
            if client is not None:
                notify(
                    client,
                    APPOINTMENT,
                    actor=appointment.case.counsellor,
                    target=appointment,
                    group_key=f"appointment:{pk}",
                    data={"event": "reminder"},
                )
                transaction.on_commit(partial(send_reminder.enqueue, pk))
            sent += 1
    return sent
