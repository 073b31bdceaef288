"""The task board: three columns (to do, doing, done), each task a card with one button
per column it may move to — a form each, so a move works with the keyboard and without
JavaScript (the page comes back with the moved card's first button focused); with
htmx the board alone is swapped. A task's page holds its details, checklist and
comments; milestones have their page. Members only (the inside rule): anyone else gets
a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.core.refusals import message_of, page_status
from tremplin.projects.forms import CheckForm, CommentForm, MilestoneForm, MoveForm, TaskForm
from tremplin.projects.models import COLUMN_TRANSITIONS, Column, Project, Task
from tremplin.projects.queries import inside as reads
from tremplin.projects.queries import projects as queries
from tremplin.projects.services import board as services


def _task_form(project: Project, data: Any = None, **kwargs: Any) -> TaskForm:
    return TaskForm(
        data,
        members=reads.member_choices(project),
        milestones=reads.milestone_choices(project),
        **kwargs,
    )


def _board_context(request: HttpRequest, project: Project, **extra: Any) -> dict[str, Any]:
    columns = reads.board(request.user, project)
    return {
        "project": project,
        "section": "board",
        "columns": [
            (value, Column(value).label, columns[value], COLUMN_TRANSITIONS.targets(value))
            for value in Column.values
        ],
        "column_labels": dict(Column.choices),
        "moved": extra.pop("moved", None),
        "task_form": extra.pop("task_form", None) or _task_form(project),
        **extra,
    }


@login_required
def board(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    moved = request.GET.get("moved", "")
    context = _board_context(request, project, moved=int(moved) if moved.isdigit() else None)
    return render(request, "projects/board.html", context)


@login_required
@require_POST
def create_task(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    form = _task_form(project, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.create_task(
                request.user,
                project,
                title=data["title"],
                description=data["description"],
                assignee_id=data["assignee"],
                due=data["due"],
                milestone_id=data["milestone"],
            )
        except ValidationError as error:
            form.add_error(getattr(error, "field", None), error)
            status = page_status(error)
        else:
            messages.success(request, _("The task is on the board."))
            return redirect("projects:board", pk=project.pk)
    else:
        status = 400
    context = _board_context(request, project, task_form=form)
    return render(request, "projects/board.html", context, status=status)


@login_required
@require_POST
def move(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    found = reads.task_or_404(request.user, project, task)
    form = MoveForm(request.POST)
    status = 200
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a column."), code="invalid")
        services.move_task(request.user, found, form.cleaned_data["column"])
    except ValidationError as error:
        messages.error(request, message_of(error))
        status = page_status(error)
    if is_htmx(request):
        context = _board_context(request, project, moved=found.pk)
        return render(request, "projects/_board.html", context, status=status)
    return redirect(reverse("projects:board", kwargs={"pk": project.pk}) + f"?moved={found.pk}")


def _task_context(request: HttpRequest, task: Task, **forms: Any) -> dict[str, Any]:
    project = task.project
    initial = {
        "title": task.title,
        "description": task.description,
        "assignee": task.assignee_id,
        "due": task.due,
        "milestone": task.milestone_id,
    }
    return {
        "project": project,
        "section": "board",
        "task": task,
        "targets": COLUMN_TRANSITIONS.targets(task.column),
        "column_labels": dict(Column.choices),
        "checklist": reads.checklist_of(task),
        "comments": reads.comments_of(task),
        "edit_form": forms.get("edit_form") or _task_form(project, initial=initial),
        "check_form": forms.get("check_form") or CheckForm(),
        "comment_form": forms.get("comment_form") or CommentForm(),
    }


@login_required
def task(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    """A task's page; POST changes its details (title, assignee, due date...)."""
    project = queries.inside_or_404(request.user, pk)
    found = reads.task_or_404(request.user, project, task)
    data, _files = posted(request)
    if data is None:
        return render(request, "projects/task.html", _task_context(request, found))
    form = _task_form(project, data)
    status = 400
    if form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.update_task(
                request.user,
                found,
                title=cleaned["title"],
                description=cleaned["description"],
                assignee_id=cleaned["assignee"],
                due=cleaned["due"],
                milestone_id=cleaned["milestone"],
            )
        except ValidationError as error:
            form.add_error(getattr(error, "field", None), error)
            status = page_status(error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect(found.get_absolute_url())
    context = _task_context(request, found, edit_form=form)
    return render(request, "projects/task.html", context, status=status)


@login_required
@require_POST
def add_check(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    found = reads.task_or_404(request.user, project, task)
    form = CheckForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.add_check(request.user, found, form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error("text", error)
            status = page_status(error)
        else:
            return redirect(found.get_absolute_url())
    context = _task_context(request, found, check_form=form)
    return render(request, "projects/task.html", context, status=status)


@login_required
@require_POST
def set_check(request: HttpRequest, pk: int, task: int, item: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    found = reads.task_or_404(request.user, project, task)
    check = reads.check_or_404(request.user, found, item)
    services.set_check(request.user, check, request.POST.get("done") == "1")
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def comment(request: HttpRequest, pk: int, task: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    found = reads.task_or_404(request.user, project, task)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.comment_task(request.user, found, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
            status = page_status(error)
        else:
            return redirect(found.get_absolute_url() + "#comments")
    context = _task_context(request, found, comment_form=form)
    return render(request, "projects/task.html", context, status=status)


@login_required
def milestones(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    data, _files = posted(request)
    form = MilestoneForm(data)
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                services.create_milestone(
                    request.user, project, form.cleaned_data["title"], form.cleaned_data["due"]
                )
            except ValidationError as error:
                form.add_error("title", error)
                status = page_status(error)
            else:
                return redirect("projects:milestones", pk=project.pk)
    context = {
        "project": project,
        "section": "milestones",
        "milestones": reads.milestones_of(request.user, project),
        "form": form,
    }
    return render(request, "projects/milestones.html", context, status=status)


@login_required
@require_POST
def reach(request: HttpRequest, pk: int, milestone: int) -> HttpResponse:
    project = queries.inside_or_404(request.user, pk)
    found = reads.milestone_or_404(request.user, project, milestone)
    try:
        services.reach_milestone(request.user, found)
    except ValidationError as error:
        messages.error(request, message_of(error))
    return redirect("projects:milestones", pk=project.pk)
