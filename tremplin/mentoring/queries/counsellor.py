"""What a client's counsellor learns of the client's mentorships, with the client's
consent (`GOAL_SCOPE`, checked through `viewer.counsels`): that a mentorship exists, with
whom, since when, and its goals with their progress. Never its notes, sessions, terms or
feedback. Used by the case page's section (`sections.case_section`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q

from tremplin.core.viewer import viewer_of
from tremplin.mentoring.models import Goal, Mentorship, Milestone
from tremplin.mentoring.models.goals import GOAL_SCOPE

CAP = 10


@dataclass(frozen=True)
class Seen:
    mentorship: Mentorship
    role: str  # the client's role: mentor or mentee
    other: Any
    goals: list[Goal]


def mentorships_for_counsellor(viewer: Any, client: Any) -> list[Seen] | None:
    """The client's active mentorships as their counsellor may see them, or None when
    the viewer does not counsel the client with that consent now."""
    if client is None or not viewer_of(viewer).counsels(client.pk, GOAL_SCOPE):
        return None
    goals = Goal.objects.visible_to(viewer).prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("created", "pk"))
    )
    found = (
        Mentorship.objects.active()
        .filter(Q(mentor=client) | Q(mentee=client))
        .select_related("mentor__profile", "mentee__profile")
        .prefetch_related(Prefetch("goals", queryset=goals))
        .order_by("-started_at")[:CAP]
    )
    return [
        Seen(
            mentorship=m,
            role="mentor" if m.mentor_id == client.pk else "mentee",
            other=m.mentee if m.mentor_id == client.pk else m.mentor,
            goals=list(m.goals.all()),
        )
        for m in found
    ]
