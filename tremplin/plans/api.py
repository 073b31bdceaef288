"""The service plan over the API (/api/v1/plans/). Each endpoint calls the same action
as the pages (`services.py`) and finds cases, goals and items only through the plan's
`visible_to` rule (`queries.py`): what the caller may not see is a 404. A refusal of
the action is answered by the API's handler from `tremplin.core.refusals.STATUSES`:
what they see but may not change is a 403; a read-only case (paused, closed) or a
refused status move is a 409; bad input is a 422. Every error is JSON
`{"detail": ...}`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, get_args

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import FILLED_TEXT, TEXT, ErrorOut, StrictSchema
from tremplin.plans import queries, services
from tremplin.plans.models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Goal,
    GoalStatus,
    ItemStatus,
    Owner,
    PlanItem,
    plan_role,
)
from tremplin.plans.tree import GoalNode

router = Router(tags=["plans"])

MAX_ID = 2_147_483_647
CASE_ID = Path(..., ge=1, le=MAX_ID)
GOAL_ID = Path(..., ge=1, le=MAX_ID)
ITEM_ID = Path(..., ge=1, le=MAX_ID)

GoalStatusName = Literal["open", "achieved", "dropped"]
ItemStatusName = Literal["to_do", "in_progress", "done", "cancelled"]
OwnerName = Literal["client", "counsellor"]
assert set(get_args(GoalStatusName)) == set(GoalStatus.values)
assert set(get_args(ItemStatusName)) == set(ItemStatus.values)
assert set(get_args(OwnerName)) == set(Owner.values)

WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
# Dates a person could mean; the action narrows it to five years around today.
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class PlanItemOut(Schema):
    id: int
    goal_id: int
    title: str
    details: str
    owner: str = Field(description="Who does it: client or counsellor.")
    due_on: date | None
    overdue: bool = Field(description="Still open and its due date has passed.")
    status: str = Field(description="to_do, in_progress, done or cancelled.")
    completed_at: datetime | None
    created: datetime
    updated: datetime


class PlanSubGoalOut(Schema):
    id: int
    parent_id: int | None
    title: str
    description: str
    status: str = Field(description="open, achieved or dropped.")
    position: int
    done: int = Field(description="Items done (this goal and its sub-goals).")
    total: int = Field(description="Items, cancelled ones left out.")
    items: list[PlanItemOut]


class PlanGoalOut(PlanSubGoalOut):
    subgoals: list[PlanSubGoalOut]


class PlanOut(Schema):
    case_id: int
    role: str = Field(description="The caller's part: client or counsellor.")
    case_status: str
    read_only: bool = Field(description="True while the case is paused or closed.")
    goals: list[PlanGoalOut]


class PlanGoalIn(StrictSchema):
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    description: str = Field("", max_length=TEXT_MAX_LENGTH, pattern=TEXT)
    parent_id: int | None = Field(
        None, ge=1, le=MAX_ID, description="A main goal of the same plan: makes a sub-goal."
    )


class PlanGoalPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    description: str | None = Field(None, max_length=TEXT_MAX_LENGTH, pattern=TEXT)
    status: GoalStatusName | None = None
    position: int | None = Field(None, ge=0, le=10_000, description="0: first among siblings.")


class PlanItemIn(StrictSchema):
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    details: str = Field("", max_length=TEXT_MAX_LENGTH, pattern=TEXT)
    owner: OwnerName = Field("client", description="A client may only give client.")
    due_on: date | None = Field(None, ge=EARLIEST, le=LATEST, description="Within 5 years.")


class PlanItemPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    details: str | None = Field(None, max_length=TEXT_MAX_LENGTH, pattern=TEXT)
    owner: OwnerName | None = None
    due_on: date | None = Field(None, ge=EARLIEST, le=LATEST, description="null clears it.")
    status: ItemStatusName | None = None


def item_out(item: PlanItem, today: date) -> dict[str, Any]:
    return {
        "id": item.pk,
        "goal_id": item.goal_id,
        "title": item.title,
        "details": item.details,
        "owner": item.owner,
        "due_on": item.due_on,
        "overdue": bool(item.is_open and item.due_on and item.due_on < today),
        "status": item.status,
        "completed_at": item.completed_at,
        "created": item.created,
        "updated": item.updated,
    }


def goal_out(node: GoalNode, today: date, *, nested: bool = True) -> dict[str, Any]:
    goal = node.goal
    out = {
        "id": goal.pk,
        "parent_id": goal.parent_id,
        "title": goal.title,
        "description": goal.description,
        "status": goal.status,
        "position": goal.position,
        "done": node.done,
        "total": node.total,
        "items": [item_out(i, today) for i in node.items],
    }
    if nested:
        out["subgoals"] = [goal_out(s, today, nested=False) for s in node.subgoals]
    return out


def _today() -> date:
    return timezone.localdate()


def _node_of(goal: Goal, viewer: Any) -> dict[str, Any]:
    """One goal as the plan shows it (with its sub-goals and items)."""
    for node in queries.plan_tree(goal.case, viewer):
        if node.goal.pk == goal.pk:
            return goal_out(node, _today())
        for sub in node.subgoals:
            if sub.goal.pk == goal.pk:
                return {**goal_out(sub, _today()), "subgoals": []}
    return {**goal_out(GoalNode(goal), _today())}


# ------------------------------------------------------------------ reading


@router.get(
    "/cases/{case_id}/plan",
    response={200: PlanOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="A case's service plan: goals, their sub-goals and items (client, counsellor)",
)
def plan(request: HttpRequest, case_id: int = CASE_ID) -> dict[str, Any]:
    case = queries.plan_case_or_404(request.user, case_id)
    today = _today()
    return {
        "case_id": case.pk,
        "role": plan_role(case, request.user),
        "case_status": case.status,
        "read_only": case.status != "active",
        "goals": [goal_out(n, today) for n in queries.plan_tree(case, request.user)],
    }


# ------------------------------------------------------------------ goals


@router.post(
    "/cases/{case_id}/goals",
    response={201: PlanGoalOut, **WRITE},
    auth=writer,
    summary="Add a goal, or a sub-goal with parent_id (counsellor, active case)",
)
def add_goal(request: HttpRequest, payload: PlanGoalIn, case_id: int = CASE_ID) -> Status:
    case = queries.plan_case_or_404(request.user, case_id)
    parent = None
    if payload.parent_id is not None:
        parent = queries.goal_in(case, request.user, payload.parent_id)
        if parent is None:
            # A reference to nothing the caller may see, like an unknown path id: 404.
            return Status(404, {"detail": _("The parent goal cannot be found in this plan.")})
    goal = services.create_goal(
        request.user,
        case,
        title=payload.title,
        description=payload.description,
        parent=parent,
    )
    return Status(201, _node_of(goal, request.user))


@router.patch(
    "/goals/{goal_id}",
    response={200: PlanGoalOut, **WRITE},
    auth=writer,
    summary="Change a goal's title, description, status or position (counsellor)",
)
def change_goal(
    request: HttpRequest, payload: PlanGoalPatch, goal_id: int = GOAL_ID
) -> dict[str, Any] | Status:
    goal = queries.goal_or_404(request.user, goal_id)
    changes = payload.dict(exclude_unset=True)
    for key in ("title", "status"):
        if key in changes and changes[key] is None:
            return Status(422, {"detail": f"{key} cannot be null."})
    if changes.get("description", "") is None:
        changes["description"] = ""
    position = changes.pop("position", None)
    if changes:
        goal = services.edit_goal(request.user, goal, **changes)
    if position is not None:
        goal = services.move_goal(request.user, goal, position)
    return _node_of(queries.fresh_goal(goal), request.user)


@router.delete(
    "/goals/{goal_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete a goal with its sub-goals and items (counsellor)",
)
def delete_goal(request: HttpRequest, goal_id: int = GOAL_ID) -> Status:
    goal = queries.goal_or_404(request.user, goal_id)
    services.delete_goal(request.user, goal)
    return Status(204, None)


# ------------------------------------------------------------------ items


@router.post(
    "/goals/{goal_id}/items",
    response={201: PlanItemOut, **WRITE},
    auth=writer,
    summary="Add an item under a goal or sub-goal (counsellor; client: their own items)",
)
def add_item(request: HttpRequest, payload: PlanItemIn, goal_id: int = GOAL_ID) -> Status:
    goal = queries.goal_or_404(request.user, goal_id)
    item = services.add_item(
        request.user,
        goal,
        title=payload.title,
        details=payload.details,
        owner=payload.owner,
        due_on=payload.due_on,
    )
    return Status(201, item_out(item, _today()))


@router.patch(
    "/items/{item_id}",
    response={200: PlanItemOut, **WRITE},
    auth=writer,
    summary="Change an item's fields or status (client: status of the items they own)",
)
def change_item(
    request: HttpRequest, payload: PlanItemPatch, item_id: int = ITEM_ID
) -> dict[str, Any] | Status:
    item = queries.item_or_404(request.user, item_id)
    changes = payload.dict(exclude_unset=True)
    for key in ("title", "owner", "status"):
        if key in changes and changes[key] is None:
            return Status(422, {"detail": f"{key} cannot be null."})
    if changes.get("details", "") is None:
        changes["details"] = ""
    item = services.edit_item(request.user, item, **changes)
    return item_out(item, _today())


@router.delete(
    "/items/{item_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete an item (counsellor; client: the items they wrote themselves)",
)
def delete_item(request: HttpRequest, item_id: int = ITEM_ID) -> Status:
    item = queries.item_or_404(request.user, item_id)
    services.delete_item(request.user, item)
    return Status(204, None)
