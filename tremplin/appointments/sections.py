"""The appointments section of the case page: what is ahead (with the actions each
party may take), the requests waiting for the counsellor's answer, what is past
(collapsed), the booking form for the counsellor of an active case, and for its client
"Ask for an appointment" in the counsellor's free times."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from tremplin.appointments import queries
from tremplin.appointments.forms import (
    BookForm,
    CancelForm,
    ConfirmForm,
    DeclineForm,
    RequestForm,
    RescheduleForm,
    local_input,
)
from tremplin.appointments.models import REQUEST_LENGTHS, Mode
from tremplin.availability.queries import hours_of
from tremplin.counselling.models import Case, CaseStatus

DEFAULT_LENGTH = 60


def length_of(value: Any) -> int:
    """The length the client chose (30 or 60 minutes; anything else: 60)."""
    try:
        length = int(value)
    except (TypeError, ValueError):
        return DEFAULT_LENGTH
    return length if length in REQUEST_LENGTHS else DEFAULT_LENGTH


def ask_context(
    case: Case, length: int, form: RequestForm | None = None, chosen: str = ""
) -> dict[str, Any]:
    """What the client's "Ask for an appointment" form shows: the counsellor's free
    times by day (local to the site), or why there are none, and a way to write instead."""
    counsellor = case.counsellor
    hours = hours_of(counsellor) if counsellor is not None else None
    has_hours = hours is not None and bool(list(hours.slots.all()))
    times = queries.free_times(case, length) if has_hours else []
    profile = getattr(counsellor, "profile", None)
    write = ""
    if profile is not None:
        write = f"{reverse('messaging:new')}?to={profile.handle}"
    if form is None:
        form = RequestForm(prefix="ask", initial={"length": length, "mode": Mode.IN_PERSON})
    return {
        "form": form,
        "length": length,
        "lengths": REQUEST_LENGTHS,
        "days": queries.by_day(times),
        "has_hours": has_hours,
        "chosen": chosen,
        "write_url": write,
        "counsellor": counsellor,
    }


def _waiting(found: list[Any], counsellor: bool) -> list[Any]:
    for item in found:
        item.confirm_form = ConfirmForm(prefix=f"confirm{item.pk}") if counsellor else None
        item.decline_form = DeclineForm(prefix=f"decline{item.pk}") if counsellor else None
    return found


def case_section(request: HttpRequest, case: Case, role: str) -> dict[str, Any] | None:
    if role not in ("client", "counsellor") or case.status == CaseStatus.INVITED:
        return None
    if case.status != CaseStatus.ACTIVE and not queries.of_case(request.user, case).exists():
        return None  # nothing to show and nothing to do: no empty section
    now = timezone.now()
    counsellor = role == "counsellor"
    active = case.status == CaseStatus.ACTIVE
    scheduled, waiting, past = queries.case_lists(request.user, case)
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
    asking = role == "client" and active
    return {
        "template": "appointments/_case_section.html",
        "ahead": ahead,
        "past": past,
        "waiting": _waiting(waiting, counsellor),
        "can_book": counsellor and active,
        "book_form": BookForm(prefix="book") if counsellor and active else None,
        "ask": ask_context(case, length_of(request.GET.get("length"))) if asking else None,
    }
