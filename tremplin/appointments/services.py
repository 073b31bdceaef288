"""The actions on appointments. Pages and the API call these functions.

Each checks who acts and what the case's and the appointment's lifecycles allow, changes
the row in one transaction, notifies the other party (`notify` delivers after commit)
and queues the invitation email with its .ics after commit (`tasks.send_invitation`).
A refusal is an `AppointmentRefusal` whose `code` says how the API and the pages answer
it (`tremplin.core.refusals.STATUSES`): "not_found" (404), "forbidden" (403),
"transition" and "overlap" (409), "invalid" (422).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.appointments.hooks import APPOINTMENT
from tremplin.appointments.models import (
    APPOINTMENT_TRANSITIONS,
    MAX_DURATION,
    MIN_DURATION,
    TAKEN,
    Appointment,
    AppointmentStatus,
    Mode,
)
from tremplin.core.refusals import Refusal
from tremplin.counselling.models import Case, CaseStatus
from tremplin.notifications.services import notify

# How far ahead an appointment may be booked.
MAX_AHEAD = timedelta(days=366)
CANCEL_REASON_MAX = 300
# How many closed cases one round of the clock catches up.
CATCH_UP_BATCH = 500


class AppointmentRefusal(Refusal):
    area = "appointments"


def refuse(message: str, code: str) -> AppointmentRefusal:
    return AppointmentRefusal(message, code=code)


def _not_found() -> AppointmentRefusal:
    return refuse(_("This appointment cannot be found."), "not_found")


# ------------------------------------------------------------------ checks of the details


def check_when(starts_at: datetime, duration: int, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if timezone.is_naive(starts_at):
        raise refuse(_("Give the date and time with its time zone."), "invalid")
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise refuse(
            _("The duration must be between %(min)d and %(max)d minutes.")
            % {"min": MIN_DURATION, "max": MAX_DURATION},
            "invalid",
        )
    if starts_at <= now:
        raise refuse(_("Choose a date and time in the future."), "invalid")
    if starts_at > now + MAX_AHEAD:
        raise refuse(_("An appointment can be booked at most one year ahead."), "invalid")


def check_video_url(url: str) -> str:
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme != "https"
        or not parts.hostname
        or parts.username
        or parts.password
        or any(c.isspace() for c in url)
    ):
        raise refuse(_("The video link must be a secure web address (https://…)."), "invalid")
    return url


def check_place(mode: str, location: str, video_url: str, phone_details: str) -> dict[str, str]:
    """The fields that go with the mode; the others are emptied."""
    if mode not in Mode.values:
        raise refuse(_("Choose in person, by phone or by video."), "invalid")
    location, phone_details = location.strip(), phone_details.strip()
    if mode == Mode.IN_PERSON:
        if not location:
            raise refuse(_("Give the address of an appointment in person."), "invalid")
        return {"location": location, "video_url": "", "phone_details": ""}
    if mode == Mode.VIDEO:
        return {"location": "", "video_url": check_video_url(video_url), "phone_details": ""}
    return {"location": "", "video_url": "", "phone_details": phone_details}


def _overlapping(
    counsellor: Any, starts_at: datetime, duration: int, exclude: int | None = None
) -> list[Appointment]:
    """The counsellor's scheduled or requested appointments that overlap the slot (a
    client's request holds the time until it is answered). Only those that
    start less than the longest duration before the slot can reach into it, so the
    query stays bounded by an index on start time."""
    ends_at = starts_at + timedelta(minutes=duration)
    nearby = Appointment.objects.taken().filter(
        case__counsellor=counsellor,
        starts_at__lt=ends_at,
        starts_at__gt=starts_at - timedelta(minutes=MAX_DURATION),
    )
    if exclude is not None:
        nearby = nearby.exclude(pk=exclude)
    return [a for a in nearby if a.ends_at > starts_at]


def check_free(
    counsellor: Any, starts_at: datetime, duration: int, exclude: int | None = None
) -> None:
    clash = _overlapping(counsellor, starts_at, duration, exclude)
    if clash:
        raise refuse(
            _("You already have an appointment at that time (%(when)s).")
            % {"when": timezone.localtime(clash[0].starts_at).strftime("%Y-%m-%d %H:%M")},
            "overlap",
        )


# ------------------------------------------------------------------ who may act


def lock_counsellor(counsellor: Any) -> None:
    """Two bookings for one counsellor at once must not both pass the overlap check:
    they queue on the counsellor's row."""
    User.objects.select_for_update().filter(pk=counsellor.pk).exists()


def locked_case(user: Any, case: Case) -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if user is None or user.pk not in (case.client_id, case.counsellor_id):
        raise refuse(_("This case cannot be found."), "not_found")
    if case.status == CaseStatus.INVITED:
        raise refuse(_("This case cannot be found."), "not_found")
    return case


def locked(user: Any, appointment: Appointment) -> Appointment:
    found = (
        Appointment.objects.select_for_update()
        .select_related("case")
        .filter(pk=appointment.pk)
        .first()
    )
    if found is None or user is None or not user.is_authenticated:
        raise _not_found()
    if user.pk not in (found.case.client_id, found.case.counsellor_id):
        raise _not_found()
    if found.case.status == CaseStatus.INVITED:
        raise _not_found()
    return found


def as_counsellor(user: Any, case: Case) -> None:
    if user.pk != case.counsellor_id:
        raise refuse(_("Only the counsellor can do this."), "forbidden")


def case_active(case: Case) -> None:
    if case.status != CaseStatus.ACTIVE:
        raise refuse(_("The case is not active: its appointments cannot be changed."), "transition")


def move(appointment: Appointment, status: str) -> None:
    APPOINTMENT_TRANSITIONS.check(
        appointment.status,
        status,
        AppointmentRefusal,
        _("That change is not possible now (appointment: %(status)s).")
        % {"status": appointment.get_status_display().lower()},
    )
    appointment.status = status


# ------------------------------------------------------------------ side effects


def _tell(appointment: Appointment, actor: Any, event: str) -> None:
    """Notify the other party and queue the invitation emails after commit."""
    from tremplin.appointments.tasks import send_invitation

    case = appointment.case
    other = case.client if actor.pk == case.counsellor_id else case.counsellor
    notify(
        other,
        APPOINTMENT,
        actor=actor,
        target=appointment,
        group_key=f"appointment:{appointment.pk}",
        data={"event": event},
    )
    recipients: list[int] = [case.client_id] if case.client_id is not None else []
    if event == "cancelled" and actor.pk == case.client_id:
        recipients.append(case.counsellor_id)
    appointment_id = appointment.pk
    for recipient_id in recipients:
        transaction.on_commit(partial(send_invitation.enqueue, appointment_id, recipient_id, event))


# ------------------------------------------------------------------ the actions


@transaction.atomic
def book(
    counsellor: Any,
    case: Case,
    *,
    starts_at: datetime,
    duration: int,
    mode: str,
    location: str = "",
    video_url: str = "",
    phone_details: str = "",
    agenda: str = "",
) -> Appointment:
    """The case's counsellor books an appointment with the client of an ACTIVE case."""
    case = locked_case(counsellor, case)
    as_counsellor(counsellor, case)
    case_active(case)
    check_when(starts_at, duration)
    place = check_place(mode, location, video_url, phone_details)
    lock_counsellor(counsellor)
    check_free(counsellor, starts_at, duration)
    appointment = Appointment.objects.create(
        case=case,
        starts_at=starts_at,
        duration=duration,
        mode=mode,
        agenda=agenda.strip(),
        created_by=counsellor,
        **place,
    )
    _tell(appointment, counsellor, "booked")
    return appointment


@transaction.atomic
def reschedule(
    counsellor: Any, appointment: Appointment, *, starts_at: datetime, duration: int | None = None
) -> Appointment:
    """The counsellor moves a scheduled appointment; calendars get the new SEQUENCE."""
    appointment = locked(counsellor, appointment)
    case = appointment.case
    as_counsellor(counsellor, case)
    case_active(case)
    if appointment.status != AppointmentStatus.SCHEDULED:
        raise refuse(_("Only a scheduled appointment can be moved."), "transition")
    duration = appointment.duration if duration is None else duration
    check_when(starts_at, duration)
    lock_counsellor(counsellor)
    check_free(counsellor, starts_at, duration, exclude=appointment.pk)
    appointment.starts_at = starts_at
    appointment.duration = duration
    appointment.sequence += 1
    # A moved appointment is reminded again, for its new time.
    appointment.reminder_sent_at = None
    appointment.save()
    _tell(appointment, counsellor, "changed")
    return appointment


@transaction.atomic
def cancel(user: Any, appointment: Appointment, reason: str = "") -> Appointment:
    """Either party cancels a scheduled appointment, with an optional reason; the client
    withdraws their request the same way (`requesting.withdraw`)."""
    appointment = locked(user, appointment)
    if appointment.status == AppointmentStatus.REQUESTED:
        from tremplin.appointments.requesting import withdraw

        return withdraw(user, appointment)
    if appointment.case.status == CaseStatus.CLOSED:
        # The closing already cancelled what was ahead; the rest is history.
        raise refuse(_("The case is closed."), "transition")
    reason = " ".join(reason.split())
    if len(reason) > CANCEL_REASON_MAX:
        raise refuse(
            _("The reason is too long (at most %(max)d characters).") % {"max": CANCEL_REASON_MAX},
            "invalid",
        )
    move(appointment, AppointmentStatus.CANCELLED)
    appointment.cancelled_reason = reason
    appointment.cancelled_by = user
    appointment.sequence += 1
    appointment.save()
    _tell(appointment, user, "cancelled")
    return appointment


@transaction.atomic
def mark(counsellor: Any, appointment: Appointment, status: str) -> Appointment:
    """The counsellor records that a started appointment was held or missed."""
    if status not in (AppointmentStatus.HELD, AppointmentStatus.MISSED):
        raise refuse(_("Choose held or missed."), "invalid")
    appointment = locked(counsellor, appointment)
    as_counsellor(counsellor, appointment.case)
    if appointment.case.status == CaseStatus.CLOSED:
        raise refuse(_("The case is closed."), "transition")
    if appointment.starts_at > timezone.now():
        raise refuse(
            _("An appointment can be marked held or missed only once it has started."),
            "transition",
        )
    move(appointment, status)
    appointment.save()
    return appointment


def cancel_ahead_for_closed_case(case_id: int) -> int:
    """After a case closes, its appointments still ahead are cancelled and the client
    gets the CANCEL invitation; requests still waiting are cancelled too, without one
    (idempotent: only scheduled and requested ones move)."""
    from tremplin.appointments.tasks import send_invitation

    cancelled = 0
    with transaction.atomic():
        case = Case.objects.filter(pk=case_id, status=CaseStatus.CLOSED).first()
        if case is None:
            return 0
        ahead = Appointment.objects.select_for_update().filter(
            case=case, status__in=TAKEN, starts_at__gt=timezone.now()
        )
        for appointment in ahead:
            asked = appointment.status == AppointmentStatus.REQUESTED
            appointment.status = AppointmentStatus.CANCELLED
            appointment.sequence += 1
            appointment.save()
            if case.client_id and not asked:  # a request never reached a calendar
                transaction.on_commit(
                    partial(send_invitation.enqueue, appointment.pk, case.client_id, "cancelled")
                )
            cancelled += 1
    return cancelled


def catch_up_closed_cases() -> int:
    """Closed cases that still have appointments ahead (the closing's event was lost
    between the commit and its handler): cancel them as the handler would have. Returns
    how many appointments were cancelled."""
    cases = (
        Appointment.objects.filter(
            status__in=TAKEN,
            starts_at__gt=timezone.now(),
            case__status=CaseStatus.CLOSED,
        )
        .order_by()
        .values_list("case_id", flat=True)
        .distinct()[:CATCH_UP_BATCH]
    )
    return sum(cancel_ahead_for_closed_case(case_id) for case_id in list(cases))
