"""The board's actions: tasks (create, change, move between columns, assign),
checklist items, comments on a task, milestones. Every action is a member's (the
project's inside: `worked_on_by`), the assignee is an active member, and a move is
checked against `COLUMN_TRANSITIONS`. The assignee hears of an assignment, the assignee
and the task's author of a comment (services.notices)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.projects.models import (
    COLUMN_TRANSITIONS,
    ChecklistItem,
    Member,
    Milestone,
    Project,
    Task,
    TaskComment,
)
from tremplin.projects.refusals import ProjectRefusal
from tremplin.projects.services import notices
from tremplin.projects.services.log import log
from tremplin.projects.services.text import squeezed, trimmed

TASKS_MAX = 1000
CHECKS_MAX = 50


def require_member(user: Any, project: Project) -> None:
    if not project.is_worked_on_by(user):
        raise ProjectRefusal(_("Only the project's members may do this."), "forbidden")


def _assignee(project: Project, user_id: int | None) -> Any:
    if user_id is None:
        return None
    row = (
        Member.objects.active()
        .filter(project=project, user_id=user_id)
        .select_related("user__profile")
    )
    found = row.first()
    if found is None:
        raise ProjectRefusal(
            _("A task is assigned to a member of the project."), "not_eligible", field="assignee"
        )
    return found.user


def _milestone(project: Project, milestone_id: int | None) -> Milestone | None:
    if milestone_id is None:
        return None
    found = Milestone.objects.filter(project=project, pk=milestone_id).first()
    if found is None:
        # A bad value in the body, as a non-member assignee is (422/400): a 404 would say
        # the project in the path is missing (schemathesis' stateful check read it so).
        raise ProjectRefusal(
            _("Choose one of the project's milestones."), "not_eligible", field="milestone"
        )
    return found


def _title(value: str) -> str:
    title = squeezed(value)
    if not title:
        raise ProjectRefusal(_("Name the task."), "empty", field="title")
    return title


@transaction.atomic
def create_task(
    user: Any,
    project: Project,
    *,
    title: str,
    description: str = "",
    assignee_id: int | None = None,
    due: date | None = None,
    milestone_id: int | None = None,
) -> Task:
    require_member(user, project)
    if Task.objects.filter(project=project).count() >= TASKS_MAX:
        raise ProjectRefusal(_("This board is full."), "over_quota")
    task = Task.objects.create(
        project=project,
        title=_title(title),
        description=trimmed(description),
        assignee=_assignee(project, assignee_id),
        due=due,
        milestone=_milestone(project, milestone_id),
        created_by=user,
    )
    log(project, user, "task_created", task=task.title)
    if task.assignee is not None:
        log(project, user, "task_assigned", task=task.title, person=_name(task.assignee))
        notices.assigned(task, user)
    return task


def _name(user: Any) -> str:
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else str(user)


@transaction.atomic
def update_task(user: Any, task: Task, **fields: Any) -> Task:
    """Change a task's title, details, assignee, due date or milestone (only the
    fields given)."""
    project = task.project
    require_member(user, project)
    locked = Task.objects.select_for_update(of=("self",)).select_related("project").get(pk=task.pk)
    before = locked.assignee_id
    if "title" in fields:
        locked.title = _title(fields["title"])
    if "description" in fields:
        locked.description = trimmed(fields["description"])
    if "assignee_id" in fields:
        locked.assignee = _assignee(project, fields["assignee_id"])
    if "due" in fields:
        locked.due = fields["due"]
    if "milestone_id" in fields:
        locked.milestone = _milestone(project, fields["milestone_id"])
    locked.save()
    if locked.assignee is not None and locked.assignee_id != before:
        log(project, user, "task_assigned", task=locked.title, person=_name(locked.assignee))
        notices.assigned(locked, user)
    return locked


@transaction.atomic
def move_task(user: Any, task: Task, column: str) -> Task:
    require_member(user, task.project)
    locked = Task.objects.select_for_update(of=("self",)).select_related("project").get(pk=task.pk)
    COLUMN_TRANSITIONS.check(locked.column, column, ProjectRefusal)
    locked.column = column
    locked.moved = timezone.now()
    locked.save(update_fields=["column", "moved"])
    log(locked.project, user, "task_moved", task=locked.title, column=column)
    return locked


@transaction.atomic
def delete_task(user: Any, task: Task) -> None:
    require_member(user, task.project)
    Task.objects.filter(pk=task.pk).delete()


@transaction.atomic
def add_check(user: Any, task: Task, text: str) -> ChecklistItem:
    require_member(user, task.project)
    text = squeezed(text)
    if not text:
        raise ProjectRefusal(_("Write the item."), "empty", field="text")
    if ChecklistItem.objects.filter(task=task).count() >= CHECKS_MAX:
        raise ProjectRefusal(_("This checklist is full."), "over_quota", field="text")
    return ChecklistItem.objects.create(task=task, text=text)


@transaction.atomic
def set_check(user: Any, item: ChecklistItem, done: bool) -> ChecklistItem:
    require_member(user, item.task.project)
    item.done = bool(done)
    item.save(update_fields=["done"])
    return item


@transaction.atomic
def comment_task(user: Any, task: Task, body: str) -> TaskComment:
    require_member(user, task.project)
    body = trimmed(body)
    if not body:
        raise ProjectRefusal(_("Write your comment."), "empty", field="body")
    comment = TaskComment.objects.create(task=task, author=user, body=body)
    notices.task_commented(task, user)
    return comment


@transaction.atomic
def create_milestone(user: Any, project: Project, title: str, due: date | None) -> Milestone:
    require_member(user, project)
    title = squeezed(title)
    if not title:
        raise ProjectRefusal(_("Name the milestone."), "empty", field="title")
    milestone = Milestone.objects.create(project=project, title=title, due=due)
    log(project, user, "milestone_created", milestone=title)
    return milestone


@transaction.atomic
def reach_milestone(user: Any, milestone: Milestone) -> Milestone:
    require_member(user, milestone.project)
    if milestone.reached is not None:
        raise ProjectRefusal(_("This milestone is already reached."), "already")
    milestone.reached = timezone.now()
    milestone.save(update_fields=["reached"])
    log(milestone.project, user, "milestone_reached", milestone=milestone.title)
    return milestone
