"""Task rows keep no secrets once their task has run.

A queued task is a row of the task table (django-tasks-db), its arguments stored as they
were given: an email rendered before it was queued carries its links (a password reset,
an invitation), a notification its excerpt. Those rows stayed for ever and the admin
showed them. Now:

- a finished row (successful or failed) is stripped of its arguments at once, by the
  worker that ran it (`strip_arguments`, on django-tasks' `task_finished`);
- the clock prunes finished rows after `TREMPLIN_TASK_ROWS_KEPT_DAYS` days and strips any
  finished row that still has its arguments (`prune`, periodic work);
- the admin lists tasks and their status, never their arguments or return values.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

STRIPPED: dict[str, Any] = {"args": [], "kwargs": {}}
FINISHED = (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)


def strip_arguments(sender: Any, task_result: Any, **kwargs: Any) -> None:
    if isinstance(sender, type) and issubclass(sender, DatabaseBackend):
        DBTaskResult.objects.filter(pk=task_result.id).update(args_kwargs=STRIPPED)


def connect() -> None:
    """Called once from `CoreConfig.ready`."""
    task_finished.connect(strip_arguments, dispatch_uid="tremplin.core.task_rows.strip")


def prune() -> int:
    """Finished rows older than the kept days deleted; finished rows still holding
    arguments stripped. Returns how many rows were touched."""
    finished = DBTaskResult.objects.filter(status__in=FINISHED)
    cutoff = timezone.now() - timedelta(days=settings.TREMPLIN_TASK_ROWS_KEPT_DAYS)
    deleted, _by_model = finished.filter(finished_at__lt=cutoff).delete()
    stripped = finished.exclude(args_kwargs=STRIPPED).update(args_kwargs=STRIPPED)
    return deleted + stripped


class TaskRowAdmin(DBTaskResultAdmin):
    """django-tasks-db's admin without the arguments and the return value."""

    HIDDEN = ("args_kwargs", "return_value")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f for f in super().get_readonly_fields(request, obj) if f not in self.HIDDEN]


def install_admin() -> None:
    """Replace django-tasks-db's admin (registered by its own admin module)."""
    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, TaskRowAdmin)
