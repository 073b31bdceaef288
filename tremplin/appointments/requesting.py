"""A client asks for an appointment in their counsellor's free times; the counsellor
confirms or declines; nobody answering before the start lets it expire.

The client hears of a declined or expired request twice: the `appointment_request`
notification, and an email in their language (`tasks.send_request_answer`), as they do
of a booked, moved or cancelled appointment.

A request is an `Appointment` in the state `requested`: it holds the counsellor's time
(free times and the overlap check count it) but has no .ics until it is confirmed. The
time asked for is checked again under the lock the overlap check takes (the counsellor's
user row), so two clients asking for the same time at once cannot both get it: the
second is told the time was just taken (code "overlap", a 409).
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.appointments.hooks import APPOINTMENT_REQUEST
from tremplin.appointments.models import (
    REQUEST_LENGTHS,
    REQUEST_MESSAGE_MAX,
    Appointment,
    AppointmentStatus,
    Mode,
)
from tremplin.appointments.services import (
    CANCEL_REASON_MAX,
    as_counsellor,
    case_active,
    check_free,
    check_video_url,
    check_when,
    lock_counsellor,
    locked,
    locked_case,
    move,
    refuse,
)
from tremplin.availability.queries import free_slots
from tremplin.counselling.models import Case
from tremplin.notifications.services import notify

# Requests a case may have waiting at once.
MAX_OPEN = 3
# How many expired requests one round of the clock handles.
EXPIRE_BATCH = 500


def _say(recipient: Any, actor: Any, appointment: Appointment, event: str) -> None:
    if recipient is None:
        return
    notify(
        recipient,
        APPOINTMENT_REQUEST,
        actor=actor,
        target=appointment,
        group_key=f"appointment-request:{appointment.pk}",
        data={"event": event},
    )


def _clean_text(text: str, limit: int, too_long: str) -> str:
    text = text.strip()
    if len(text) > limit:
        raise refuse(too_long % {"max": limit}, "invalid")
    return text


def _check_request(case: Case, starts_at: Any, duration: int, mode: str) -> None:
    case_active(case)
    if duration not in REQUEST_LENGTHS:
        raise refuse(_("Choose 30 or 60 minutes."), "invalid")
    if mode not in Mode.values:
        raise refuse(_("Choose in person, by phone or by video."), "invalid")
    check_when(starts_at, duration)
    open_ones = Appointment.objects.requested().filter(case=case, starts_at__gt=timezone.now())
    if open_ones.count() >= MAX_OPEN:
        raise refuse(
            _(
                "You already have %(max)d requests waiting for an answer: wait for one, "
                "or withdraw one."
            )
            % {"max": MAX_OPEN},
            "transition",
        )


@transaction.atomic
def request(
    client: Any, case: Case, *, starts_at: Any, duration: int, mode: str, message: str = ""
) -> Appointment:
    """The client of an ACTIVE case asks for `duration` minutes at one of the
    counsellor's free times; the counsellor is told."""
    case = locked_case(client, case)
    if client.pk != case.client_id:
        raise refuse(_("Only the client can ask for an appointment."), "forbidden")
    _check_request(case, starts_at, duration, mode)
    message = _clean_text(
        message, REQUEST_MESSAGE_MAX, _("The message is too long (at most %(max)d characters).")
    )
    counsellor = case.counsellor
    # The same lock as the overlap check: whoever comes second sees the first's row.
    lock_counsellor(counsellor)
    ends = starts_at + timedelta(minutes=duration)
    if starts_at not in free_slots(counsellor, starts_at, ends, duration):
        raise refuse(_("This time was just taken: choose another."), "overlap")
    appointment = Appointment.objects.create(
        case=case,
        starts_at=starts_at,
        duration=duration,
        mode=mode,
        status=AppointmentStatus.REQUESTED,
        requested_by=client,
        request_message=message,
        created_by=client,
    )
    _say(counsellor, client, appointment, "requested")
    return appointment


def _place(mode: str, details: str) -> dict[str, str]:
    """What the counsellor adds when confirming goes where the mode wants it."""
    details = details.strip()
    if mode == Mode.VIDEO:
        return {"video_url": check_video_url(details) if details else ""}
    if mode == Mode.PHONE:
        return {"phone_details": details[:300]}
    return {"location": details[:300]}


@transaction.atomic
def confirm(counsellor: Any, appointment: Appointment, details: str = "") -> Appointment:
    """The counsellor confirms a request: it is scheduled, and the client gets the
    notification and the invitation with its .ics (in their language)."""
    from tremplin.appointments.tasks import send_invitation

    appointment = locked(counsellor, appointment)
    case = appointment.case
    as_counsellor(counsellor, case)
    case_active(case)
    if (
        appointment.status == AppointmentStatus.REQUESTED
        and appointment.starts_at <= timezone.now()
    ):
        raise refuse(_("The time asked for has passed."), "transition")
    move(appointment, AppointmentStatus.SCHEDULED)
    for field, value in _place(appointment.mode, details).items():
        setattr(appointment, field, value)
    lock_counsellor(counsellor)
    check_free(counsellor, appointment.starts_at, appointment.duration, exclude=appointment.pk)
    appointment.confirmed_at = timezone.now()
    appointment.save()
    _say(case.client, counsellor, appointment, "confirmed")
    if case.client_id is not None:
        transaction.on_commit(
            partial(send_invitation.enqueue, appointment.pk, case.client_id, "booked")
        )
    return appointment


@transaction.atomic
def decline(counsellor: Any, appointment: Appointment, reason: str = "") -> Appointment:
    """The counsellor declines a request, with an optional reason the client reads."""
    appointment = locked(counsellor, appointment)
    as_counsellor(counsellor, appointment.case)
    reason = _clean_text(
        " ".join(reason.split()),
        CANCEL_REASON_MAX,
        _("The reason is too long (at most %(max)d characters)."),
    )
    move(appointment, AppointmentStatus.DECLINED)
    appointment.cancelled_reason = reason
    appointment.cancelled_by = counsellor
    appointment.save()
    _say(appointment.case.client, counsellor, appointment, "declined")
    _email_client(appointment, "declined")
    return appointment


def _email_client(appointment: Appointment, event: str) -> None:
    """The client's email about their request (declined, expired), queued after commit:
    it exists as a task row once the answer is recorded."""
    from tremplin.appointments.tasks import send_request_answer

    if appointment.case.client_id is not None:
        transaction.on_commit(partial(send_request_answer.enqueue, appointment.pk, event))


def withdraw(client: Any, appointment: Appointment) -> Appointment:
    """The client withdraws their request (called by `services.cancel`, in its
    transaction, with the row locked): no calendar ever had it, so no email."""
    if client.pk != appointment.case.client_id:
        raise refuse(_("Decline the request instead."), "forbidden")
    move(appointment, AppointmentStatus.CANCELLED)
    appointment.cancelled_by = client
    appointment.save()
    _say(appointment.case.counsellor, client, appointment, "withdrawn")
    return appointment


def expire_requests() -> int:
    """Requests nobody answered before their start: expired, and the client told. Each
    is claimed by a conditional UPDATE (still requested), so two clocks never expire one
    twice and a second round finds nothing. Returns how many expired."""
    now = timezone.now()
    due = list(
        Appointment.objects.requested()
        .filter(starts_at__lte=now)
        .order_by("starts_at")
        .values_list("pk", flat=True)[:EXPIRE_BATCH]
    )
    expired = 0
    for pk in due:
        with transaction.atomic():
            claimed = Appointment.objects.filter(pk=pk, status=AppointmentStatus.REQUESTED).update(
                status=AppointmentStatus.EXPIRED, updated=now
            )
            if not claimed:
                continue  # answered, withdrawn or expired by another clock meanwhile
            appointment = Appointment.objects.with_people().get(pk=pk)
            _say(appointment.case.client, appointment.case.counsellor, appointment, "expired")
            _email_client(appointment, "expired")
            expired += 1
    return expired
