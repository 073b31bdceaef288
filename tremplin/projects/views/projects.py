"""Project pages: "Looking for collaborators" (the search), creating and editing a
project, its page, its status, and "My projects". Thin adapters over `queries` and
`services`; a project the viewer may not see is a 404 (existence not confirmed)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.htmx import pick_template
from tremplin.core.refusals import message_of, page_status
from tremplin.projects.forms import ApplyForm, InviteForm, ProjectForm, SearchForm
from tremplin.projects.models import STATUS_TRANSITIONS, MemberStatus, Project, Status
from tremplin.projects.queries import projects as queries
from tremplin.projects.queries.search import Filters, open_projects
from tremplin.projects.services import projects as services


def cards(rows: list[Project]) -> list[dict[str, Any]]:
    """What each search card prints, worked out once (plurals in Python: the cards are
    a Jinja2 fragment, whose ngettext makemessages cannot read)."""
    names = {"fr": _("French"), "en": _("English")}
    found = []
    for project in rows:
        hours = project.hours_per_week
        found.append(
            {
                "project": project,
                "skills": project.skill_list,
                "lead": project.lead.profile.display_name,
                "languages": ", ".join(names[code] for code in project.languages),
                "hours": ngettext("%(count)d hour a week", "%(count)d hours a week", hours)
                % {"count": hours}
                if hours
                else "",
            }
        )
    return found


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters, before = Filters(), None
    status = 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            filters = Filters(
                q=data["q"],
                skill=data["skill"],
                region=data["region"],
                remote=data["remote"],
                language=data["language"],
                max_hours=data["max_hours"],
            )
            before = data["before"]
        else:
            status = 400
    rows, following = open_projects(request.user, filters, before) if status == 200 else ([], None)
    more = request.GET.copy()
    more["before"] = str(following or "")
    context = {
        "form": form,
        "cards": cards(rows),
        "next_query": more.urlencode() if following else "",
    }
    template = pick_template(request, "projects/search.html", "projects/_results.html")
    return render(request, template, context, status=status)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    agencies = services.team_agencies(request.user)
    data, _files = posted(request)
    form = ProjectForm(data, team=bool(agencies))
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                project = services.create_project(request.user, **form.settings())
            except ValidationError as error:
                form.add_error(getattr(error, "field", None), error)
            else:
                messages.success(request, _("Your project is created. You are its lead."))
                return redirect(project.get_absolute_url())
        status = 400
    return render(request, "projects/form.html", {"form": form}, status=status)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    if not queries.leads(request.user, project):
        return redirect(project.get_absolute_url())
    data, _files = posted(request)
    form = ProjectForm(data, instance=Project.objects.get(pk=project.pk), team=project.is_team)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.update_project(request.user, project, **form.settings())
            except ValidationError as error:
                form.add_error(getattr(error, "field", None), error)
            else:
                messages.success(request, _("The project is saved."))
                return redirect(project.get_absolute_url())
        status = 400
    context = {"form": form, "project": project}
    return render(request, "projects/form.html", context, status=status)


def detail_context(request: HttpRequest, project: Project, **forms: Any) -> dict[str, Any]:
    row = queries.member_row(request.user, project)
    leads = row is not None and row.leads
    context: dict[str, Any] = {
        "project": project,
        "row": row,
        "leads": leads,
        "works_on": row is not None and row.is_active,
        "members": queries.members_of(project),
        "apply_form": forms.get("apply_form") or ApplyForm(),
        "can_apply": request.user.is_authenticated
        and project.status == Status.OPEN
        and (row is None or row.status in (MemberStatus.DECLINED, MemberStatus.LEFT)),
    }
    if leads:
        context.update(
            applications=queries.waiting_of(project, MemberStatus.APPLIED),
            invited=queries.waiting_of(project, MemberStatus.INVITED),
            invite_form=forms.get("invite_form")
            or InviteForm(viewer=request.user, project=project),
            next_statuses=[
                (s, Status(s).label) for s in STATUS_TRANSITIONS.targets(project.status)
            ],
        )
    return context


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    return render(request, "projects/detail.html", detail_context(request, project))


def render_detail(
    request: HttpRequest, project: Project, error: ValidationError, **forms: Any
) -> HttpResponse:
    """The project page again with a refused form (its text kept) and the reason."""
    context = detail_context(request, project, **forms)
    return render(request, "projects/detail.html", context, status=page_status(error))


@login_required
@require_POST
def status(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_or_404(request.user, pk)
    try:
        services.set_status(request.user, project, request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("The status is changed."))
    return redirect(project.get_absolute_url())


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "projects/mine.html", {"found": queries.mine(request.user)})
