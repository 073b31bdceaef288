"""The actions on a service plan. Pages and the API call these functions; every rule
lives here.

Who may do what:
- the case's current counsellor changes everything (goals, sub-goals, items, statuses)
  while the case is ACTIVE;
- the client, while the case is ACTIVE, adds their own items (owner "client"), edits and
  deletes the items they wrote themselves, and moves the status of any item they own;
- a paused or closed case's plan is read-only for both; an invited case has no plan.

Each change locks the case row (so a pause or a close cannot slip between the check and
the write) and notifies the other party (`PLAN_UPDATE`, grouped per plan) inside
the transaction; `notify` delivers after commit.

A refusal is a `PlanRefusal` whose `code` says how the API and the pages answer
(`tremplin.core.refusals.STATUSES`): "not_found" (404), "forbidden" (403), "read_only"
and "transition" (409), "invalid" (422); `field` names the form field it concerns, if
any.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.refusals import Refusal
from tremplin.counselling.models import Case, CaseStatus
from tremplin.notifications.services import notify
from tremplin.plans.hooks import PLAN_UPDATE
from tremplin.plans.models import (
    GOAL_TRANSITIONS,
    ITEM_TRANSITIONS,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Goal,
    GoalStatus,
    ItemStatus,
    Owner,
    PlanItem,
    plan_role,
)
from tremplin.plans.queries import sibling_ids

# A due date further than this from today (either way) is a typo, not a plan.
DUE_DATE_RANGE_DAYS = 5 * 366
EXCERPT_LENGTH = 80


class PlanRefusal(Refusal):
    area = "plans"


# ------------------------------------------------------------------ checks


def _locked_case(case_id: int) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _role_in(user: Any, case: Case) -> str:
    role = plan_role(case, user)
    if role is None:
        raise PlanRefusal(_("This service plan cannot be found."), "not_found")
    return role


def _writable(case: Case) -> None:
    if case.status != CaseStatus.ACTIVE:
        raise PlanRefusal(
            _("This service plan is read-only: the case is paused or closed."), "read_only"
        )


def _counsellor_only(role: str) -> None:
    if role != "counsellor":
        raise PlanRefusal(_("Only the counsellor can change this part of the plan."), "forbidden")


def _clean_title(value: Any) -> str:
    title = " ".join(str(value or "").split())
    if not title:
        raise PlanRefusal(_("Give a title."), "invalid", "title")
    if len(title) > TITLE_MAX_LENGTH:
        raise PlanRefusal(
            _("The title is too long: %(max)d characters at most.") % {"max": TITLE_MAX_LENGTH},
            "invalid",
            "title",
        )
    _no_nul(title, "title")
    return title


def _clean_text(value: Any, field: str) -> str:
    text = str(value or "").strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise PlanRefusal(
            _("This text is too long: %(max)d characters at most.") % {"max": TEXT_MAX_LENGTH},
            "invalid",
            field,
        )
    _no_nul(text, field)
    return text


def _no_nul(text: str, field: str) -> None:
    if "\x00" in text:
        raise PlanRefusal(_("Null characters are not allowed."), "invalid", field)


def _clean_due_on(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise PlanRefusal(_("Enter a valid date."), "invalid", "due_on")
    today = timezone.localdate()
    if abs((value - today).days) > DUE_DATE_RANGE_DAYS:
        raise PlanRefusal(_("Choose a due date within five years of today."), "invalid", "due_on")
    return value


def _clean_owner(value: Any) -> str:
    if value not in Owner.values:
        raise PlanRefusal(
            _("Choose who does it: %(choices)s.") % {"choices": ", ".join(Owner.values)},
            "invalid",
            "owner",
        )
    return str(value)


def _tell_other_party(user: Any, case: Case, role: str, title: str) -> None:
    other = case.client if role == "counsellor" else case.counsellor
    if other is None:
        return
    notify(
        other,
        PLAN_UPDATE,
        actor=user,
        target=case,
        group_key=f"plan:{case.pk}",
        data={"title": title[:EXCERPT_LENGTH]},
    )


def _next_position(case: Case, parent: Goal | None) -> int:
    last = (
        Goal.objects.filter(case=case, parent=parent)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return 0 if last is None else last + 1


def _parent_goal(case: Case, parent: Goal | None) -> Goal | None:
    if parent is None:
        return None
    if parent.case_id != case.pk:
        raise PlanRefusal(_("Choose a goal of this plan."), "invalid", "parent")
    if parent.parent_id is not None:
        raise PlanRefusal(
            _("A sub-goal cannot have sub-goals of its own: choose a main goal."),
            "invalid",
            "parent",
        )
    return parent


# ------------------------------------------------------------------ goals


@transaction.atomic
def create_goal(
    user: Any, case: Case, *, title: Any, description: Any = "", parent: Goal | None = None
) -> Goal:
    """A goal (or, with `parent`, a sub-goal of a top-level goal); counsellor only."""
    case = _locked_case(case.pk)
    role = _role_in(user, case)
    _writable(case)
    _counsellor_only(role)
    parent = _parent_goal(case, parent)
    goal = Goal.objects.create(
        case=case,
        parent=parent,
        title=_clean_title(title),
        description=_clean_text(description, "description"),
        position=_next_position(case, parent),
        created_by=user,
    )
    _tell_other_party(user, case, role, goal.title)
    return goal


@transaction.atomic
def edit_goal(user: Any, goal: Goal, **changes: Any) -> Goal:
    """Change a goal's `title`, `description` and/or `status` (counsellor only)."""
    case = _locked_case(goal.case_id)
    role = _role_in(user, case)
    _writable(case)
    _counsellor_only(role)
    goal = Goal.objects.get(pk=goal.pk)
    unknown = set(changes) - {"title", "description", "status"}
    if unknown:
        raise PlanRefusal(_("These fields cannot be changed here."), "invalid")
    if "title" in changes:
        goal.title = _clean_title(changes["title"])
    if "description" in changes:
        goal.description = _clean_text(changes["description"], "description")
    if "status" in changes and changes["status"] != goal.status:
        status = changes["status"]
        if status not in GoalStatus.values:
            raise PlanRefusal(_("Unknown status."), "invalid", "status")
        if not GOAL_TRANSITIONS.allows(goal.status, status):
            raise PlanRefusal(
                _("A goal cannot go from “%(old)s” to “%(new)s”.")
                % {"old": goal.get_status_display(), "new": GoalStatus(status).label},
                "transition",
                "status",
            )
        goal.status = status
    goal.save()
    _tell_other_party(user, case, role, goal.title)
    return goal


@transaction.atomic
def reorder_goals(
    user: Any, case: Case, ordered_ids: Iterable[int], parent: Goal | None = None
) -> list[Goal]:
    """Put the goals under `parent` (None: the top-level goals) in the order given; the
    ids must be exactly those goals."""
    case = _locked_case(case.pk)
    role = _role_in(user, case)
    _writable(case)
    _counsellor_only(role)
    parent = _parent_goal(case, parent)
    wanted = list(ordered_ids)
    siblings = {g.pk: g for g in Goal.objects.filter(case=case, parent=parent)}
    if sorted(wanted) != sorted(siblings):
        raise PlanRefusal(_("Give every goal of this level once, in the new order."), "invalid")
    for position, pk in enumerate(wanted):
        siblings[pk].position = position
    Goal.objects.bulk_update(siblings.values(), ["position"])
    _tell_other_party(user, case, role, _("the order of the goals"))
    return [siblings[pk] for pk in wanted]


def move_goal(user: Any, goal: Goal, position: int) -> Goal:
    """Move one goal to `position` (0 = first) among its siblings."""
    siblings = sibling_ids(goal)
    if goal.pk not in siblings:
        raise PlanRefusal(_("This service plan cannot be found."), "not_found")
    siblings.remove(goal.pk)
    position = max(0, min(int(position), len(siblings)))
    siblings.insert(position, goal.pk)
    reorder_goals(user, goal.case, siblings, goal.parent)
    goal.refresh_from_db()
    return goal


@transaction.atomic
def delete_goal(user: Any, goal: Goal) -> None:
    """Delete a goal with its sub-goals and their items (counsellor only)."""
    case = _locked_case(goal.case_id)
    role = _role_in(user, case)
    _writable(case)
    _counsellor_only(role)
    title = goal.title
    Goal.objects.filter(pk=goal.pk).delete()
    _tell_other_party(user, case, role, title)


# ------------------------------------------------------------------ items


def _client_may_edit(user: Any, item: PlanItem) -> bool:
    return item.owner == Owner.CLIENT and item.created_by_id == user.pk


@transaction.atomic
def add_item(
    user: Any,
    goal: Goal,
    *,
    title: Any,
    details: Any = "",
    owner: Any = None,
    due_on: Any = None,
) -> PlanItem:
    """An item under a goal or sub-goal. The counsellor chooses who does it (default:
    the client); the client adds only their own items."""
    case = _locked_case(goal.case_id)
    role = _role_in(user, case)
    _writable(case)
    if owner in (None, ""):
        owner = Owner.CLIENT
    owner = _clean_owner(owner)
    if role == "client" and owner != Owner.CLIENT:
        raise PlanRefusal(
            _("You can add only steps that you will do yourself."), "forbidden", "owner"
        )
    item = PlanItem.objects.create(
        goal=goal,
        title=_clean_title(title),
        details=_clean_text(details, "details"),
        owner=owner,
        due_on=_clean_due_on(due_on),
        created_by=user,
    )
    _tell_other_party(user, case, role, item.title)
    return item


def _move_status(item: PlanItem, status: Any) -> None:
    if status not in ItemStatus.values:
        raise PlanRefusal(_("Unknown status."), "invalid", "status")
    if status == item.status:
        return
    if not ITEM_TRANSITIONS.allows(item.status, status):
        raise PlanRefusal(
            _("A step cannot go from “%(old)s” to “%(new)s”.")
            % {"old": item.get_status_display(), "new": ItemStatus(status).label},
            "transition",
            "status",
        )
    item.status = status
    item.completed_at = timezone.now() if status == ItemStatus.DONE else None


@transaction.atomic
def edit_item(user: Any, item: PlanItem, **changes: Any) -> PlanItem:
    """Change an item's `title`, `details`, `owner`, `due_on` and/or `status`."""
    item = PlanItem.objects.select_related("goal").get(pk=item.pk)
    case = _locked_case(item.goal.case_id)
    role = _role_in(user, case)
    _writable(case)
    unknown = set(changes) - {"title", "details", "owner", "due_on", "status"}
    if unknown:
        raise PlanRefusal(_("These fields cannot be changed here."), "invalid")
    if role == "client":
        if item.owner != Owner.CLIENT:
            raise PlanRefusal(_("Only the counsellor can change this step."), "forbidden")
        texts = set(changes) - {"status"}
        if texts and not _client_may_edit(user, item):
            raise PlanRefusal(
                _("You can change the status of this step, not its content."), "forbidden"
            )
        if "owner" in changes and changes["owner"] != Owner.CLIENT:
            raise PlanRefusal(
                _("You can add only steps that you will do yourself."), "forbidden", "owner"
            )
    if "title" in changes:
        item.title = _clean_title(changes["title"])
    if "details" in changes:
        item.details = _clean_text(changes["details"], "details")
    if "owner" in changes:
        item.owner = _clean_owner(changes["owner"])
    if "due_on" in changes:
        item.due_on = _clean_due_on(changes["due_on"])
    if "status" in changes:
        _move_status(item, changes["status"])
    item.save()
    _tell_other_party(user, case, role, item.title)
    return item


def set_item_status(user: Any, item: PlanItem, status: Any) -> PlanItem:
    """Move an item along `ITEM_TRANSITIONS` (the client: only the items they own)."""
    return edit_item(user, item, status=status)


@transaction.atomic
def delete_item(user: Any, item: PlanItem) -> None:
    """The counsellor deletes any item; the client, the items they wrote for themselves."""
    item = PlanItem.objects.select_related("goal").get(pk=item.pk)
    case = _locked_case(item.goal.case_id)
    role = _role_in(user, case)
    _writable(case)
    if role == "client" and not _client_may_edit(user, item):
        raise PlanRefusal(_("Only the counsellor can delete this step."), "forbidden")
    title = item.title
    item.delete()
    _tell_other_party(user, case, role, title)


# ------------------------------------------------------------------ for the other pages


def may_edit_goals(case: Case, role: str | None) -> bool:
    return role == "counsellor" and case.status == CaseStatus.ACTIVE


def may_add_items(case: Case, role: str | None) -> bool:
    return role in ("client", "counsellor") and case.status == CaseStatus.ACTIVE


def may_change_status(item: PlanItem, case: Case, role: str | None) -> bool:
    if case.status != CaseStatus.ACTIVE:
        return False
    return role == "counsellor" or (role == "client" and item.owner == Owner.CLIENT)


def may_edit_item(user: Any, item: PlanItem, case: Case, role: str | None) -> bool:
    if case.status != CaseStatus.ACTIVE:
        return False
    return role == "counsellor" or (role == "client" and _client_may_edit(user, item))
