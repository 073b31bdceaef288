"""Joining and leaving a project: apply with a message, withdraw, answer an invitation,
leave; the lead invites (the person picker: by name, among the people they may
invite), accepts or declines an application, removes a member, hands the lead to a
member (a confirmation page, then the POST). A refused form comes back with its text
and the reason (400 or the refusal's status); a refused button says why in a message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.core.refusals import message_of, page_status
from tremplin.projects.forms import ApplyForm, InviteForm
from tremplin.projects.models import Project
from tremplin.projects.queries import projects as queries
from tremplin.projects.services import members as services
from tremplin.projects.views.projects import render_detail


def _back(request: HttpRequest, project: Project) -> HttpResponse:
    if project.is_visible_to(request.user):
        return redirect(project.get_absolute_url())
    return redirect("projects:mine")


def _act(request: HttpRequest, project: Project, act: Callable[[], Any], done: str) -> HttpResponse:
    try:
        act()
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, done)
    return _back(request, project)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        error = ValidationError(_("Check the form."), code="invalid")
        return render_detail(request, project, error, apply_form=form)
    try:
        services.apply(request.user, project, form.cleaned_data["message"])
    except ValidationError as error:
        form.add_error(getattr(error, "field", None), error)
        return render_detail(request, project, error, apply_form=form)
    messages.success(request, _("Your application is sent to the lead."))
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    return _act(
        request,
        project,
        lambda: services.withdraw(request.user, project),
        _("Your application is withdrawn."),
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    accept = request.POST.get("answer") == "accept"
    done = _("Welcome to the project.") if accept else _("Invitation declined.")
    return _act(
        request, project, lambda: services.answer_invitation(request.user, project, accept), done
    )


@login_required
@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    return _act(
        request, project, lambda: services.leave(request.user, project), _("You left the project.")
    )


@login_required
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    form = InviteForm(request.POST, viewer=request.user, project=project)
    if not form.is_valid():
        error = ValidationError(_("Check the form."), code="invalid")
        return render_detail(request, project, error, invite_form=form)
    person = form.cleaned_data["invitee"]
    try:
        services.invite(request.user, project, person.user)
    except ValidationError as error:
        form.add_error("invitee", error)
        return render_detail(request, project, error, invite_form=form)
    messages.success(
        request, _("%(name)s is invited to the project.") % {"name": person.display_name}
    )
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    accept = request.POST.get("answer") == "accept"
    done = _("The application is accepted.") if accept else _("The application is declined.")
    return _act(
        request, project, lambda: services.decide(request.user, project, member, accept), done
    )


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    return _act(
        request,
        project,
        lambda: services.remove(request.user, project, member),
        _("The person is no longer in the project."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hand_over(request: HttpRequest, pk: int, member: int) -> HttpResponse:
    """The confirmation page (GET) and the hand-over itself (POST, from that page). A
    refusal (not the lead, not a current member) is the same page with the reason and
    the refusal's status, the form gone."""
    project = queries.project_or_404(request.user, pk)
    row = queries.member_row(request.user, project)
    context: dict[str, Any] = {"project": project, "works_on": row is not None and row.is_active}
    try:
        if request.method == "POST":
            heir = services.hand_over(request.user, project, member)
            name = heir.user.profile.display_name
            messages.success(
                request, _("%(name)s now leads the project. You are a member.") % {"name": name}
            )
            return redirect(project.get_absolute_url())
        context["heir"] = services.check_hand_over(request.user, project, member)
    except ValidationError as error:
        context["error"] = message_of(error)
        return render(request, "projects/lead.html", context, status=page_status(error))
    return render(request, "projects/lead.html", context)
