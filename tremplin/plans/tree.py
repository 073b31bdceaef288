"""Reading a plan: the one place that loads a case's goals and items (two queries,
whatever the plan's size) and arranges them as goals -> sub-goals -> items. The case
section, the form pages and the API all read the plan through `plan_tree`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F

from tremplin.counselling.models import Case
from tremplin.plans.models import Goal, ItemStatus, PlanItem

# A plan is a working document, not a history: this bounds a page whatever happens.
MAX_GOALS = 200
MAX_ITEMS = 1000


@dataclass
class ItemRow:
    """An item as the case section shows it to one viewer."""

    item: PlanItem
    overdue: bool = False
    can_status: bool = False
    can_edit: bool = False
    status_choices: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class GoalNode:
    goal: Goal
    items: list[PlanItem] = field(default_factory=list)
    subgoals: list[GoalNode] = field(default_factory=list)
    # Filled by the case section for its template.
    progress: str = ""
    goal_choices: list[tuple[str, str]] = field(default_factory=list)
    rows: list[ItemRow] = field(default_factory=list)

    def _all_items(self) -> list[PlanItem]:
        found = list(self.items)
        for sub in self.subgoals:
            found.extend(sub.items)
        return found

    @property
    def total(self) -> int:
        """Items of the goal and its sub-goals, cancelled ones left out."""
        return sum(1 for i in self._all_items() if i.status != ItemStatus.CANCELLED)

    @property
    def done(self) -> int:
        return sum(1 for i in self._all_items() if i.status == ItemStatus.DONE)


def plan_tree(case: Case, viewer) -> list[GoalNode]:
    """The plan of `case` as `viewer` may see it (empty when they may not)."""
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


def flat_goals(tree: list[GoalNode]) -> list[Goal]:
    """Goals in reading order: each main goal followed by its sub-goals."""
    found = []
    for node in tree:
        found.append(node.goal)
        found.extend(sub.goal for sub in node.subgoals)
    return found
