"""The task worker: django-tasks-db's `db_worker`, same options, in a process whose
garbage collector is settled first (tremplin.core.memory). Without that, a full
collection of the worker's 200,000 objects took 80-95 ms, and when one fell in a job
alert's fan-out, the alert waited as long (bench/README.md).

    python manage.py run_worker --no-reload --interval 0.02
"""

from __future__ import annotations

from typing import Any

from django.urls import get_resolver
from django.utils.module_loading import autodiscover_modules
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from tremplin.core.memory import settle


class Command(DBWorkerCommand):
    help = "Run the database task worker (db_worker) with the garbage collector settled."

    def handle(self, *args: Any, **options: Any) -> None:
        # What tasks use, loaded before the freeze: every app's tasks and the URLconf
        # (emails link to pages). Otherwise the first task would load it after.
        autodiscover_modules("tasks")
        get_resolver().url_patterns  # noqa: B018  (imports the URLconf)
        settle()
        return super().handle(*args, **options)
