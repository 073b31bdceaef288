"""The surveys section of the case page (registered in hooks.py).

The counsellor sees that a survey was sent and whether it was answered, never the
score or the comment, and may send a mid-service survey while the case is active. The
client sees the surveys waiting for them. Nobody else sees this section."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tremplin.counselling.models import Case, CaseStatus
from tremplin.outcomes import queries
from tremplin.outcomes.models import SurveyKind


def case_section(request: HttpRequest, case: Case, role: str) -> dict[str, Any] | None:
    if role not in ("client", "counsellor"):
        return None
    invitations = queries.of_case(request.user, case)
    if role == "client":
        waiting = [i for i in invitations if i.is_open]
        if not waiting:
            return None
        return {"template": "outcomes/_case_section.html", "waiting": waiting}
    mid_open = any(i.kind == SurveyKind.MID_SERVICE and i.is_open for i in invitations)
    return {
        "template": "outcomes/_case_section.html",
        "invitations": invitations,
        "can_send": case.status == CaseStatus.ACTIVE
        and case.client_id is not None
        and not mid_open,
        "mid_open": mid_open,
        "active": case.status == CaseStatus.ACTIVE,
    }
