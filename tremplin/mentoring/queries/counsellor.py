"""What a client's counsellor learns of the client's mentorships, with the client's
consent (`GOAL_SCOPE`, checked through `viewer.counsels`): that a mentorship exists, with
whom, since when, and its goals with their progress. Never its notes, sessions, terms or
feedback. Used by the case page's section (`sections.case_section`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q

from tremplin.core.viewer import viewer_of
from tremplin.mentoring.models import Goal, Mentorship
from tremplin.mentoring.models.goals import GOAL_SCOPE

CAP = 10


@dataclass(frozen=True)
class Seen:
    mentorship: Mentorship
    role: str  # the client's role: mentor or mentee
    other: Any
    goals: list[Goal]


def mentorships_for_counsellor(
    viewer: Any, client: Any, granted: bool | None = None
) -> list[Seen] | None:
    """The client's active mentorships as their counsellor may see them, or None when
    the viewer does not counsel the client with that consent now. `granted`: the caller
    already read the consent from the case at hand (the case page), which saves asking
    the viewer's cases again; the goals still go through `Goal.objects.visible_to`.
    Two queries: the mentorships, their goals with milestone counts."""
    if granted is None:
        granted = client is not None and viewer_of(viewer).counsels(client.pk, GOAL_SCOPE)
    if client is None or not granted:
        return None
    goals = Goal.objects.visible_to(viewer).annotate(
        stones=Count("milestones"), stones_done=Count("milestones", filter=Q(milestones__done=True))
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
            goals=[_with_percent(g) for g in m.goals.all()],
        )
        for m in found
    ]


def _with_percent(goal: Any) -> Any:
    """`goal.percent` as `Goal.progress()` counts it, from the annotated counts."""
    if goal.done:
        goal.percent = 100
    else:
        goal.percent = round(100 * goal.stones_done / goal.stones) if goal.stones else 0
    return goal
