"""Background work of job imports.

`poll_due_sources` runs from the clock (`manage.py run_periodic`, settings.PERIODIC_WORK).
It claims each due source with a conditional UPDATE of `next_poll_at` (only the caller
that still sees the old value wins), so two clocks, or a clock and a retry, never poll
one source twice for the same due time. Each claim writes a queued `ImportRun` row and
queues `run_import` after commit; the run row is the durable record, and a run that a
crash left queued or running is marked failed after an hour (the next due poll reads the
source again).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from tremplin.job_imports import services
from tremplin.job_imports.models import UNFINISHED, ImportRun, ImportSource, Trigger

# Sources claimed per round of the clock (the rest wait for the next round).
POLL_BATCH = 50


@task()
def run_import(source_id: int, trigger: str, run_id: int | None = None) -> int | None:
    """Import `source_id` for the queued run `run_id` (or a new run). Idempotent: a run
    that already started is not run again. Returns the run's id (None: no such source)."""
    if run_id is None:
        source = ImportSource.objects.filter(pk=source_id).first()
        if source is None:
            return None
        run = ImportRun.objects.create(
            source=source, trigger=trigger if trigger in Trigger.values else Trigger.SCHEDULE
        )
        run_id = run.pk
    elif not ImportRun.objects.filter(pk=run_id, source_id=source_id).exists():
        return None
    services.execute(run_id)
    return run_id


def poll_due_sources() -> int:
    """Periodic: queue an import of each source whose polling time has come. Returns how
    many sources this call claimed. It also expires the imported postings gone stale
    (no closing date, older than JOB_IMPORTS_STALE_DAYS)."""
    services.fail_stale_runs()
    services.close_stale_postings()
    now = timezone.now()
    due = (
        ImportSource.objects.due(now)
        .order_by(F("next_poll_at").asc(nulls_first=True), "pk")
        .values_list("pk", "next_poll_at", "poll_minutes")[:POLL_BATCH]
    )
    claimed = 0
    for pk, due_at, minutes in list(due):
        mine = ImportSource.objects.filter(pk=pk, active=True)
        mine = (
            mine.filter(next_poll_at__isnull=True)
            if due_at is None
            else mine.filter(next_poll_at=due_at)
        )
        with transaction.atomic():
            if not mine.update(next_poll_at=now + timedelta(minutes=minutes)):
                continue  # another clock claimed it first
            if ImportRun.objects.filter(source_id=pk, status__in=UNFINISHED).exists():
                continue  # the previous read is still going: skip this turn
            source = ImportSource.objects.get(pk=pk)
            services.queue_run(source, Trigger.SCHEDULE)
        claimed += 1
    return claimed
