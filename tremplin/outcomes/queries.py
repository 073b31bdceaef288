"""The read path of surveys: the client's own surveys, a case's surveys as its section
shows them, and the agency report's period and figures (`report.py`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.counselling.models import Case
from tremplin.outcomes.models import SurveyInvitation

CASE_SURVEYS_SHOWN = 20


def waiting_for(user: Any) -> QuerySet[SurveyInvitation]:
    """The surveys `user` (as a client) may still answer, newest first."""
    if user is None or not user.is_authenticated:
        return SurveyInvitation.objects.none()
    return (
        SurveyInvitation.objects.open()
        .filter(case__client=user)
        .for_display()
        .order_by("-sent_at", "-pk")
    )


def client_invitation(user: Any, invitation_id: int) -> SurveyInvitation | None:
    """The client's own invitation (whatever its state), or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        SurveyInvitation.objects.filter(case__client=user, pk=invitation_id).for_display().first()
    )


def of_case(viewer: Any, case: Case) -> list[SurveyInvitation]:
    """The case's surveys the viewer may know of, newest first (the case page)."""
    found = SurveyInvitation.objects.visible_to(viewer).filter(case=case).order_by("-sent_at")
    return list(found[:CASE_SURVEYS_SHOWN])
