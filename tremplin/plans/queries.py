"""The read path of the service plan: the plan as one viewer may see it, the one case,
goal or item a page or the API acts on (else 404), and the caseload's columns."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from tremplin.core.reads import visible_or_404
from tremplin.counselling.models import Case
from tremplin.counselling.sections import Moment
from tremplin.plans.models import OPEN_ITEM_STATUSES, Goal, PlanItem, plan_cases
from tremplin.plans.tree import GoalNode, flat_goals

# A plan is a working document, not a history: this bounds a page whatever happens.
MAX_GOALS = 200
MAX_ITEMS = 1000


def plan_case_or_404(viewer: Any, pk: int) -> Case:
    """A case whose plan the viewer may see, with both parties' names, else 404."""
    return visible_or_404(plan_cases(viewer).for_display(), pk=pk)


def goal_or_404(viewer: Any, pk: int) -> Goal:
    return visible_or_404(Goal.objects.visible_to(viewer).with_case(), pk=pk)


def item_or_404(viewer: Any, pk: int) -> PlanItem:
    return visible_or_404(PlanItem.objects.visible_to(viewer).with_case(), pk=pk)


def fresh_goal(goal: Goal) -> Goal:
    """The goal as it is now, with its case."""
    return Goal.objects.with_case().get(pk=goal.pk)


def goal_in(case: Case, viewer: Any, pk: int | None) -> Goal | None:
    """A goal of `case`'s plan the viewer may see (None for none or another's)."""
    if pk is None:
        return None
    return Goal.objects.visible_to(viewer).filter(case=case, pk=pk).first()


def sibling_ids(goal: Goal) -> list[int]:
    """The goals beside `goal` (same case and parent), in the plan's order."""
    return list(
        Goal.objects.filter(case=goal.case_id, parent=goal.parent_id).values_list("pk", flat=True)
    )


def plan_tree(case: Case, viewer: Any) -> list[GoalNode]:
    """The plan of `case` as `viewer` may see it (empty when they may not): the one
    place that loads a case's goals and items (two queries, whatever the plan's size)
    and arranges them as goals -> sub-goals -> items."""
    goals = list(
        Goal.objects.visible_to(viewer).filter(case=case).order_by("position", "pk")[:MAX_GOALS]
    )
    items = list(
        PlanItem.objects.visible_to(viewer)
        .filter(goal__in=[g.pk for g in goals])
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:MAX_ITEMS]
    )
    nodes = {g.pk: GoalNode(g) for g in goals}
    for item in items:
        nodes[item.goal_id].items.append(item)
    top = []
    for goal in goals:
        node = nodes[goal.pk]
        goal.case = case  # already loaded: no query per goal for its URL
        if goal.parent_id is None:
            top.append(node)
        elif goal.parent_id in nodes:
            nodes[goal.parent_id].subgoals.append(node)
    return top


def goals_of(case: Case, viewer: Any) -> list[Goal]:
    """The plan's goals in reading order (for the forms' choices)."""
    return flat_goals(plan_tree(case, viewer))


# ------------------------------------------------------------------ the caseload


def _count_items(**filters: Any) -> Subquery:
    counted = (
        PlanItem.objects.filter(goal__case=OuterRef("pk"), **filters)
        .order_by()
        .values("goal__case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(counted, output_field=IntegerField())


def annotate_caseload(cases: QuerySet[Case], moment: Moment | None = None) -> QuerySet[Case]:
    """Adds `open_plan_items` (to do or in progress) and `overdue_plan_items` (open with
    a due date before today) to each case, as integers, in the same query."""
    today = (moment or Moment.current()).today
    return cases.annotate(
        open_plan_items=Coalesce(_count_items(status__in=OPEN_ITEM_STATUSES), 0),
        overdue_plan_items=Coalesce(
            _count_items(status__in=OPEN_ITEM_STATUSES, due_on__lt=today), 0
        ),
    )
