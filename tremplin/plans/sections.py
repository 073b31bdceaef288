"""The "Service plan" section of the case page (registered in hooks.py, see
tremplin/counselling/sections.py):
shown to the case's client and current counsellor, for a case that is not an invitation.
Every control is a plain POST form to this app's views (no JavaScript needed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import ngettext

from tremplin.counselling.models import Case, CaseStatus
from tremplin.plans import services
from tremplin.plans.forms import GoalForm, ItemForm
from tremplin.plans.models import (
    GOAL_TRANSITIONS,
    ITEM_TRANSITIONS,
    GoalStatus,
    ItemStatus,
    plan_role,
)
from tremplin.plans.queries import plan_tree
from tremplin.plans.tree import GoalNode, ItemRow, flat_goals

GOAL_FORM_IDS = "plan-goal-%s"
ITEM_FORM_IDS = "plan-item-%s"


def progress_text(node: GoalNode) -> str:
    return ngettext(
        "%(done)d of %(total)d step done",
        "%(done)d of %(total)d steps done",
        node.total,
    ) % {"done": node.done, "total": node.total}


def _decorate(node: GoalNode, request: HttpRequest, case: Case, role: str, today: date) -> None:
    node.progress = progress_text(node)
    node.goal_choices = [
        (str(s.value), str(s.label))
        for s in GoalStatus
        if s.value == node.goal.status or GOAL_TRANSITIONS.allows(node.goal.status, s.value)
    ]
    node.rows = [
        ItemRow(
            item=item,
            overdue=bool(item.is_open and item.due_on and item.due_on < today),
            can_status=services.may_change_status(item, case, role),
            can_edit=services.may_edit_item(request.user, item, case, role),
            status_choices=[
                (str(s.value), str(s.label))
                for s in ItemStatus
                if s.value == item.status or ITEM_TRANSITIONS.allows(item.status, s.value)
            ],
        )
        for item in node.items
    ]
    for sub in node.subgoals:
        _decorate(sub, request, case, role, today)


def case_section(request: HttpRequest, case: Case, role: str) -> dict[str, Any] | None:
    """The plan's own rule decides the part (the page's `role` is not asked)."""
    part = plan_role(case, request.user)
    if part is None:
        return None
    tree = plan_tree(case, request.user)
    today = timezone.localdate()
    for node in tree:
        _decorate(node, request, case, part, today)
    goals = flat_goals(tree)
    can_edit_goals = services.may_edit_goals(case, part)
    can_add_items = services.may_add_items(case, part) and bool(goals)
    return {
        "template": "plans/_case_section.html",
        "goals": tree,
        "role": part,
        "read_only": case.status != CaseStatus.ACTIVE,
        "can_edit_goals": can_edit_goals,
        "can_add_items": can_add_items,
        "goal_form": GoalForm(goals=goals, auto_id=GOAL_FORM_IDS) if can_edit_goals else None,
        "item_form": (
            ItemForm(goals=goals, with_owner=part == "counsellor", auto_id=ITEM_FORM_IDS)
            if can_add_items
            else None
        ),
        "today": today,
    }
