"""The appointments section of the case page: what is ahead (with the actions each
party may take), what is past (collapsed), and the booking form for the counsellor of
an active case."""

from __future__ import annotations

from django.utils import timezone

from tremplin.appointments.forms import BookForm, CancelForm, RescheduleForm, local_input
from tremplin.appointments.models import Appointment, AppointmentStatus
from tremplin.counselling.models import CaseStatus

PAST_SHOWN = 50
AHEAD_SHOWN = 100


def case_section(request, case, role):
    if role not in ("client", "counsellor") or case.status == CaseStatus.INVITED:
        return None
    found = Appointment.objects.visible_to(request.user).filter(case=case)
    if case.status != CaseStatus.ACTIVE and not found.exists():
        return None  # nothing to show and nothing to do: no empty section
    now = timezone.now()
    counsellor = role == "counsellor"
    active = case.status == CaseStatus.ACTIVE
    ahead = list(
        found.filter(status=AppointmentStatus.SCHEDULED).order_by("starts_at")[:AHEAD_SHOWN]
    )
    for item in ahead:
        item.started = item.starts_at <= now
        item.can_cancel = case.status != CaseStatus.CLOSED
        item.can_move = counsellor and active
        item.can_mark = counsellor and item.started and case.status != CaseStatus.CLOSED
        item.cancel_form = CancelForm(prefix=f"cancel{item.pk}")
        item.move_form = RescheduleForm(
            prefix=f"move{item.pk}",
            initial={"starts_at": local_input(item.starts_at), "duration": item.duration},
        )
    past = list(
        found.exclude(status=AppointmentStatus.SCHEDULED).order_by("-starts_at")[:PAST_SHOWN]
    )
    return {
        "template": "appointments/_case_section.html",
        "ahead": ahead,
        "past": past,
        "can_book": counsellor and active,
        "book_form": BookForm(prefix="book") if counsellor and active else None,
    }
