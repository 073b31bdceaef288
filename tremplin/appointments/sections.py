"""The appointments section of the case page: what is ahead (with the actions each
party may take), what is past (collapsed), and the booking form for the counsellor of
an active case."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from tremplin.appointments import queries
from tremplin.appointments.forms import BookForm, CancelForm, RescheduleForm, local_input
from tremplin.counselling.models import Case, CaseStatus


def case_section(request: HttpRequest, case: Case, role: str) -> dict[str, Any] | None:
    if role not in ("client", "counsellor") or case.status == CaseStatus.INVITED:
        return None
    if case.status != CaseStatus.ACTIVE and not queries.of_case(request.user, case).exists():
        return None  # nothing to show and nothing to do: no empty section
    now = timezone.now()
    counsellor = role == "counsellor"
    active = case.status == CaseStatus.ACTIVE
    scheduled, past = queries.ahead_and_past(request.user, case)
    ahead: list[Any] = scheduled
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
    return {
        "template": "appointments/_case_section.html",
        "ahead": ahead,
        "past": past,
        "can_book": counsellor and active,
        "book_form": BookForm(prefix="book") if counsellor and active else None,
    }
