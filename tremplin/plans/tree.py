"""A plan as a tree: goals -> sub-goals -> items, as `queries.plan_tree` arranges them
for the case section, the form pages and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from tremplin.plans.models import Goal, ItemStatus, PlanItem


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


def flat_goals(tree: list[GoalNode]) -> list[Goal]:
    """Goals in reading order: each main goal followed by its sub-goals."""
    found = []
    for node in tree:
        found.append(node.goal)
        found.extend(sub.goal for sub in node.subgoals)
    return found
