"""Inside a project: the task board (to do, doing, done), tasks' checklists and
comments, milestones, the discussion and the activity log.

Everything here is read by the project's active members only: each QuerySet's
`visible_to(viewer)` is "its project is in `Project.objects.worked_on_by(viewer)`", the
one inside rule (tremplin.projects.models.project), so a member who leaves or is removed
reads nothing more, and nobody outside ever does.

Task lifecycle (`COLUMN_TRANSITIONS`): any column to any other (a board), never to
itself.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.projects.models.project import Project

TASK_TITLE_MAX_LENGTH = 200
TASK_TEXT_MAX_LENGTH = 4000
CHECK_MAX_LENGTH = 200
COMMENT_MAX_LENGTH = 4000
MILESTONE_MAX_LENGTH = 120


class Column(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("Doing")
    DONE = "done", _("Done")


COLUMN_TRANSITIONS = Lifecycle(
    Column,
    {
        Column.TODO: {Column.DOING, Column.DONE},
        Column.DOING: {Column.TODO, Column.DONE},
        Column.DONE: {Column.TODO, Column.DOING},
    },
)


class InsideQuerySet(models.QuerySet[Any]):
    """A queryset of rows that belong to a project (through `project_path`)."""

    project_path = "project"

    def visible_to(self, viewer: Any) -> Any:
        inside = Project.objects.worked_on_by(viewer).values("pk")
        return self.filter(**{f"{self.project_path}__in": inside})


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=MILESTONE_MAX_LENGTH)
    due = models.DateField(_("due date"), null=True, blank=True)
    reached = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = InsideQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, viewer: Any) -> bool:
        return Milestone.objects.visible_to(viewer).filter(pk=self.pk).exists()


class Task(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=TASK_TITLE_MAX_LENGTH)
    description = models.TextField(_("details"), blank=True, max_length=TASK_TEXT_MAX_LENGTH)
    column = models.CharField(_("column"), max_length=8, choices=Column, default=Column.TODO)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_tasks",
        verbose_name=_("assigned to"),
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("milestone"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    moved = models.DateTimeField(auto_now_add=True)

    objects = InsideQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["project", "column", "-moved"], name="task_board")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:task", kwargs={"pk": self.project_id, "task": self.pk})

    def is_visible_to(self, viewer: Any) -> bool:
        return Task.objects.visible_to(viewer).filter(pk=self.pk).exists()


class TaskInsideQuerySet(InsideQuerySet):
    project_path = "task__project"


class ChecklistItem(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("item"), max_length=CHECK_MAX_LENGTH)
    done = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = TaskInsideQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)

    objects = TaskInsideQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"comment {self.pk} on task {self.task_id}"


class Message(models.Model):
    """The project's discussion: one list of messages, oldest first (a community's
    threads need a community; a project needs one conversation)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=COMMENT_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)

    objects = InsideQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["project", "-id"], name="project_message_newest")]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.project_id}"


class Activity(models.Model):
    """One line of the activity log: who did what (`verb`), with plain data (names of
    tasks, people, documents) so the line reads the same after the thing is gone."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(max_length=32)
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = InsideQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["project", "-id"], name="project_activity_newest")]

    def __str__(self) -> str:
        return f"{self.verb} in {self.project_id}"
