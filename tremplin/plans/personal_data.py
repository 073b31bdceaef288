"""What the plans app holds about a member: the service plan of each case where they
are the client (goals, sub-goals and items). Erased with the account: a plan describes
the person."""

from __future__ import annotations

from typing import Any

from tremplin.core.personal_data import plain_rows
from tremplin.plans.models import Goal, PlanItem


def export(user: Any) -> dict[str, Any]:
    return {
        "goals": plain_rows(
            Goal.objects.filter(case__client=user).order_by("case_id", "pk"),
            exclude=("created_by",),
        ),
        "items": plain_rows(
            PlanItem.objects.filter(goal__case__client=user).order_by("goal_id", "pk"),
            exclude=("created_by",),
        ),
    }


def erase(user: Any) -> int:
    deleted, _by_model = Goal.objects.filter(case__client=user).delete()
    return deleted
