"""The plan's POST endpoints behind the case page's forms, and the two edit pages.

Success goes back to the case page at #plan. Bad input renders `plans/form_page.html`
with the form, the user's text and the reason (400); a refusal of the rules renders the
same page with the reason (403 forbidden, 409 read-only case or refused transition).
A case, goal or item the caller may not see is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.core.refusals import message_of, page_status
from tremplin.counselling.models import Case
from tremplin.plans import queries, services
from tremplin.plans.forms import GoalForm, GoalStatusForm, ItemForm, ItemStatusForm, MoveForm
from tremplin.plans.models import Owner, plan_role
from tremplin.plans.sections import GOAL_FORM_IDS, ITEM_FORM_IDS
from tremplin.plans.services import PlanRefusal


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    messages.success(request, _("The service plan is updated."))
    return redirect(case.get_absolute_url() + "#plan")


def _page(
    request: HttpRequest,
    case: Case,
    *,
    heading: str,
    form: Form | None = None,
    action: str = "",
    submit: str = "",
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    context = {
        "case": case,
        "heading": heading,
        "form": form,
        "action": action,
        "submit": submit,
        "problem": problem,
    }
    return render(request, "plans/form_page.html", context, status=status)


def _refused(
    request: HttpRequest,
    case: Case,
    error: PlanRefusal,
    form: Form | None = None,
    **page: Any,
) -> HttpResponse:
    """The page for a refusal: on the form's field when it has one, else above it."""
    if error.code == "not_found":
        raise Http404
    problem = ""
    if form is not None and error.field in form.fields:
        form.add_error(error.field, error.messages)
    elif form is not None and error.code == "invalid":
        form.add_error(None, error.messages)
    else:
        problem = message_of(error)
    status = page_status(error)
    if status != 400 and error.code != "transition":
        form = None  # nothing to correct: the rules say no
    return _page(request, case, form=form, problem=problem, status=status, **page)


# ------------------------------------------------------------------ goals


@login_required
@require_POST
def add_goal(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = queries.plan_case_or_404(request.user, case_pk)
    goals = queries.goals_of(case, request.user)
    form = GoalForm(request.POST, goals=goals, auto_id=GOAL_FORM_IDS)
    page: dict[str, Any] = {
        "heading": _("Add a goal or a sub-goal"),
        "action": reverse("plans:add_goal", kwargs={"case_pk": case.pk}),
        "submit": _("Add the goal"),
    }
    if not form.is_valid():
        return _page(request, case, form=form, status=400, **page)
    data = form.cleaned_data
    try:
        services.create_goal(
            request.user,
            case,
            title=data["title"],
            description=data["description"],
            parent=queries.goal_in(case, request.user, data.get("parent")),
        )
    except PlanRefusal as error:
        return _refused(request, case, error, form, **page)
    return _back(request, case)


@login_required
@require_http_methods(["GET", "POST"])
def edit_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = queries.goal_or_404(request.user, pk)
    case = goal.case
    page: dict[str, Any] = {
        "heading": _("Edit the goal"),
        "action": reverse("plans:edit_goal", kwargs={"pk": goal.pk}),
        "submit": _("Save"),
    }
    if not services.may_edit_goals(case, plan_role(case, request.user)):
        return _refused(request, case, _why_not(case, request.user), **page)
    if request.method == "GET":
        form = GoalForm(
            initial={"title": goal.title, "description": goal.description},
            with_parent=False,
            auto_id=GOAL_FORM_IDS,
        )
        return _page(request, case, form=form, **page)
    form = GoalForm(request.POST, with_parent=False, auto_id=GOAL_FORM_IDS)
    if not form.is_valid():
        return _page(request, case, form=form, status=400, **page)
    try:
        services.edit_goal(
            request.user,
            goal,
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
        )
    except PlanRefusal as error:
        return _refused(request, case, error, form, **page)
    return _back(request, case)


def _why_not(case: Case, user: Any) -> PlanRefusal:
    if case.status != "active":
        return PlanRefusal(
            _("This service plan is read-only: the case is paused or closed."), "read_only"
        )
    return PlanRefusal(_("Only the counsellor can change this part of the plan."), "forbidden")


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: int) -> HttpResponse:
    goal = queries.goal_or_404(request.user, pk)
    form = GoalStatusForm(request.POST)
    page: dict[str, Any] = {"heading": _("Change the status of a goal")}
    if not form.is_valid():
        return _page(request, goal.case, problem=_("Choose a status."), status=400, **page)
    try:
        services.edit_goal(request.user, goal, status=form.cleaned_data["status"])
    except PlanRefusal as error:
        return _refused(request, goal.case, error, **page)
    return _back(request, goal.case)


@login_required
@require_POST
def move_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = queries.goal_or_404(request.user, pk)
    form = MoveForm(request.POST)
    page: dict[str, Any] = {"heading": _("Reorder the goals")}
    if not form.is_valid():
        return _page(request, goal.case, problem=_("Choose up or down."), status=400, **page)
    siblings = queries.sibling_ids(goal)
    here = siblings.index(goal.pk)
    target = here - 1 if form.cleaned_data["direction"] == "up" else here + 1
    try:
        services.move_goal(request.user, goal, max(0, target))
    except PlanRefusal as error:
        return _refused(request, goal.case, error, **page)
    return _back(request, goal.case)


@login_required
@require_POST
def delete_goal(request: HttpRequest, pk: int) -> HttpResponse:
    goal = queries.goal_or_404(request.user, pk)
    try:
        services.delete_goal(request.user, goal)
    except PlanRefusal as error:
        return _refused(request, goal.case, error, heading=_("Delete a goal"))
    return _back(request, goal.case)


# ------------------------------------------------------------------ items


@login_required
@require_POST
def add_item(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = queries.plan_case_or_404(request.user, case_pk)
    role = plan_role(case, request.user)
    goals = queries.goals_of(case, request.user)
    form = ItemForm(
        request.POST, goals=goals, with_owner=role == "counsellor", auto_id=ITEM_FORM_IDS
    )
    page: dict[str, Any] = {
        "heading": _("Add a step"),
        "action": reverse("plans:add_item", kwargs={"case_pk": case.pk}),
        "submit": _("Add the step"),
    }
    if not form.is_valid():
        return _page(request, case, form=form, status=400, **page)
    data = form.cleaned_data
    goal = queries.goal_in(case, request.user, data["goal"])
    if goal is None:
        raise Http404
    try:
        services.add_item(
            request.user,
            goal,
            title=data["title"],
            details=data["details"],
            owner=data.get("owner") or Owner.CLIENT,
            due_on=data["due_on"],
        )
    except PlanRefusal as error:
        return _refused(request, case, error, form, **page)
    return _back(request, case)


@login_required
@require_http_methods(["GET", "POST"])
def edit_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    case = item.goal.case
    role = plan_role(case, request.user)
    page: dict[str, Any] = {
        "heading": _("Edit the step"),
        "action": reverse("plans:edit_item", kwargs={"pk": item.pk}),
        "submit": _("Save"),
    }
    if not services.may_edit_item(request.user, item, case, role):
        if case.status == "active":
            why = PlanRefusal(_("Only the counsellor can change this step."), "forbidden")
        else:
            why = _why_not(case, request.user)
        return _refused(request, case, why, **page)
    options: dict[str, Any] = {
        "with_goal": False,
        "with_owner": role == "counsellor",
        "auto_id": ITEM_FORM_IDS,
    }
    if request.method == "GET":
        initial = {
            "title": item.title,
            "details": item.details,
            "owner": item.owner,
            "due_on": item.due_on,
        }
        return _page(request, case, form=ItemForm(initial=initial, **options), **page)
    form = ItemForm(request.POST, **options)
    if not form.is_valid():
        return _page(request, case, form=form, status=400, **page)
    changes = {key: form.cleaned_data[key] for key in ("title", "details", "due_on")}
    if "owner" in form.fields:
        changes["owner"] = form.cleaned_data["owner"]
    try:
        services.edit_item(request.user, item, **changes)
    except PlanRefusal as error:
        return _refused(request, case, error, form, **page)
    return _back(request, case)


@login_required
@require_POST
def item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    case = item.goal.case
    form = ItemStatusForm(request.POST)
    page: dict[str, Any] = {"heading": _("Change the status of a step")}
    if not form.is_valid():
        return _page(request, case, problem=_("Choose a status."), status=400, **page)
    try:
        services.set_item_status(request.user, item, form.cleaned_data["status"])
    except PlanRefusal as error:
        return _refused(request, case, error, **page)
    return _back(request, case)


@login_required
@require_POST
def delete_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    case = item.goal.case
    try:
        services.delete_item(request.user, item)
    except PlanRefusal as error:
        return _refused(request, case, error, heading=_("Delete a step"))
    return _back(request, case)
