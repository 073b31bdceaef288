"""Task rows keep no secrets once their task has run (tremplin.core.task_rows): a
rendered email's password-reset link, queued as an argument, is gone from the row as
soon as the worker has sent it; old rows are pruned; the admin never shows arguments."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from tests.accounts.helpers import sign_in
from tests.factories import UserFactory, give_totp
from tremplin.core import task_rows

pytestmark = pytest.mark.django_db

SECRET = "https://tremplin.example/fr/accounts/password/reset/key/7-secret-token/"


def queued(status=TaskResultStatus.READY, finished_days_ago: int | None = None) -> DBTaskResult:
    now = timezone.now()
    finished = None if finished_days_ago is None else now - timedelta(days=finished_days_ago)
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"to": ["zoe@example.org"], "body": SECRET}},
        task_path="tremplin.core.tasks.send_rendered_email",
        backend_name="default",
        run_after=now,
        finished_at=finished,
        exception_class_path="",
        traceback="",
    )


def test_a_finished_task_loses_its_arguments_at_once():
    """What the worker sends when it has run a task strips that row, and only it."""
    done, waiting = queued(TaskResultStatus.SUCCESSFUL, 0), queued()
    # What the worker sends (its TaskResult, as far as receivers read it).
    result = SimpleNamespace(
        id=str(done.pk),
        status=TaskResultStatus.SUCCESSFUL,
        task=SimpleNamespace(module_path=done.task_path),
    )
    task_finished.send(sender=DatabaseBackend, task_result=result)
    done.refresh_from_db()
    waiting.refresh_from_db()
    assert done.args_kwargs == task_rows.STRIPPED
    assert SECRET in str(waiting.args_kwargs)  # not run yet: it still needs them


def test_the_clock_prunes_old_rows_and_strips_finished_ones(settings):
    settings.TREMPLIN_TASK_ROWS_KEPT_DAYS = 7
    old = queued(TaskResultStatus.SUCCESSFUL, 8)
    failed = queued(TaskResultStatus.FAILED, 1)
    waiting = queued()
    assert task_rows.prune() == 2
    assert not DBTaskResult.objects.filter(pk=old.pk).exists()
    failed.refresh_from_db()
    assert failed.args_kwargs == task_rows.STRIPPED
    waiting.refresh_from_db()
    assert SECRET in str(waiting.args_kwargs)
    assert task_rows.prune() == 0  # nothing twice


def test_the_admin_never_shows_a_tasks_arguments():
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    give_totp(root)
    row = queued()
    browser = Client()
    sign_in(browser, root)
    page = browser.get(f"/fr/admin/django_tasks_database/dbtaskresult/{row.pk}/change/")
    assert page.status_code == 200
    assert "send_rendered_email" in page.content.decode()
    assert "secret-token" not in page.content.decode()
