"""What the outcomes app holds about a member: the surveys they were sent and their
answers. Erased: unanswered invitations, and the free-text comment of each answer; the
scores stay, naming no one, for the agency's satisfaction report (groups under its
threshold are suppressed there)."""

from __future__ import annotations

from typing import Any

from tremplin.core.personal_data import when
from tremplin.outcomes.models import SurveyInvitation, SurveyResponse


def export(user: Any) -> dict[str, Any]:
    invitations = SurveyInvitation.objects.filter(case__client=user).order_by("sent_at", "pk")
    responses = {
        r.invitation_id: r for r in SurveyResponse.objects.filter(invitation__in=invitations)
    }
    return {
        "surveys": [
            {
                "kind": i.kind,
                "sent_at": when(i.sent_at),
                "answered_at": when(i.answered_at),
                "score": responses[i.pk].score if i.pk in responses else None,
                "comment": responses[i.pk].comment if i.pk in responses else "",
            }
            for i in invitations
        ]
    }


def erase(user: Any) -> int:
    changed = SurveyInvitation.objects.filter(case__client=user, answered_at__isnull=True).delete()[
        0
    ]
    changed += SurveyResponse.objects.filter(invitation__case__client=user).update(comment="")
    return changed
