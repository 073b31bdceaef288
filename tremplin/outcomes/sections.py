"""The surveys section of the case page.

The counsellor sees that a survey was sent and whether it was answered, never the
score or the comment, and may send a mid-service survey while the case is active. The
client sees the surveys waiting for them. Nobody else sees this section."""

from __future__ import annotations

from tremplin.counselling.models import CaseStatus
from tremplin.outcomes.models import SurveyInvitation, SurveyKind


def case_section(request, case, role):
    if role not in ("client", "counsellor"):
        return None
    invitations = list(
        SurveyInvitation.objects.visible_to(request.user)
        .filter(case=case)
        .order_by("-sent_at")[:20]
    )
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
