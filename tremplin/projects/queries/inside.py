"""Reads of a project's inside (members only, through each model's `visible_to`, which
is the inside rule): the board, one task with its checklist and comments, milestones,
shared files, the discussion and the activity log, each bounded."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.core.reads import visible_or_404
from tremplin.projects.models import (
    Activity,
    ChecklistItem,
    Column,
    Member,
    Message,
    Milestone,
    Project,
    SharedFile,
    Task,
    TaskComment,
)
from tremplin.vault.models import Document

COLUMN_CAP = 200
PAGE = 50


def board(viewer: Any, project: Project) -> dict[str, list[Task]]:
    """The three columns, each most recently moved first (one query)."""
    rows = (
        Task.objects.visible_to(viewer)
        .filter(project=project)
        .select_related("assignee__profile", "milestone")
        .order_by("column", "-moved", "-pk")
    )
    columns: dict[str, list[Task]] = {value: [] for value in Column.values}
    for task in rows[: COLUMN_CAP * 3]:
        if len(columns[task.column]) < COLUMN_CAP:
            columns[task.column].append(task)
    return columns


def task_or_404(viewer: Any, project: Project, task_id: int) -> Task:
    found = Task.objects.visible_to(viewer).filter(project=project)
    return visible_or_404(
        found.select_related("project", "assignee__profile", "milestone", "created_by"), pk=task_id
    )


def checklist_of(task: Task) -> QuerySet[ChecklistItem]:
    return ChecklistItem.objects.filter(task=task).order_by("pk")


def check_or_404(viewer: Any, task: Task, item_id: int) -> ChecklistItem:
    found = (
        ChecklistItem.objects.visible_to(viewer).filter(task=task).select_related("task__project")
    )
    return visible_or_404(found, pk=item_id)


def comments_of(task: Task) -> QuerySet[TaskComment]:
    return (
        TaskComment.objects.filter(task=task)
        .select_related("author__profile")
        .order_by("pk")[: PAGE * 4]
    )


def milestones_of(viewer: Any, project: Project) -> QuerySet[Milestone]:
    return (
        Milestone.objects.visible_to(viewer)
        .filter(project=project)
        .order_by("due", "pk")[:COLUMN_CAP]
    )


def milestone_or_404(viewer: Any, project: Project, pk: int) -> Milestone:
    found = Milestone.objects.visible_to(viewer).filter(project=project).select_related("project")
    return visible_or_404(found, pk=pk)


def member_choices(project: Project) -> list[tuple[int, str]]:
    rows = Member.objects.active().filter(project=project).for_display().order_by("pk")
    return [(row.user_id, row.user.profile.display_name) for row in rows[:COLUMN_CAP]]


def milestone_choices(project: Project) -> list[tuple[int, str]]:
    rows = Milestone.objects.filter(project=project).order_by("due", "pk")[:COLUMN_CAP]
    return [(m.pk, m.title) for m in rows]


def files_of(viewer: Any, project: Project) -> QuerySet[SharedFile]:
    return (
        SharedFile.objects.visible_to(viewer)
        .filter(project=project)
        .select_related("document", "shared_by__profile")
        .order_by("-pk")[:COLUMN_CAP]
    )


def file_or_404(viewer: Any, project: Project, pk: int) -> SharedFile:
    found = SharedFile.objects.visible_to(viewer).filter(project=project)
    return visible_or_404(found.select_related("document", "project"), pk=pk)


def shareable_documents(viewer: Any, project: Project) -> list[tuple[int, str]]:
    """The viewer's own vault documents not shared with this project now."""
    shared = SharedFile.objects.active().filter(project=project).values("document_id")
    rows = (
        Document.objects.filter(owner_id=viewer.pk)
        .exclude(pk__in=shared)
        .order_by("-updated", "-pk")[:COLUMN_CAP]
    )
    return [(d.pk, d.title) for d in rows]


def messages_of(
    viewer: Any, project: Project, before: int | None = None
) -> tuple[list[Message], int | None]:
    """A page of the discussion, newest first (keyset on id), and the next cursor."""
    found = Message.objects.visible_to(viewer).filter(project=project)
    if before is not None:
        found = found.filter(pk__lt=before)
    rows = list(found.select_related("author__profile").order_by("-pk")[: PAGE + 1])
    return rows[:PAGE], (rows[PAGE - 1].pk if len(rows) > PAGE else None)


def activity_of(
    viewer: Any, project: Project, before: int | None = None
) -> tuple[list[Activity], int | None]:
    found = Activity.objects.visible_to(viewer).filter(project=project)
    if before is not None:
        found = found.filter(pk__lt=before)
    rows = list(found.select_related("actor__profile").order_by("-pk")[: PAGE + 1])
    return rows[:PAGE], (rows[PAGE - 1].pk if len(rows) > PAGE else None)


def actor_name(row: Any, field: str = "actor") -> str:
    user = getattr(row, field)
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return profile.display_name if profile is not None else ""
