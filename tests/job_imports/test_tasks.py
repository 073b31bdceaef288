"""The clock: `poll_due_sources` claims each due source once (a conditional UPDATE of
next_poll_at), queues a run, and the task imports it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tremplin.job_imports import services, tasks
from tremplin.job_imports.models import ImportRun, ImportSource, RunStatus, Trigger
from tremplin.jobs.models import Posting

# Both databases: the clock's claims (conditional updates) and the queued imports.
pytestmark = pytest.mark.both_databases

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Emplois</title><item>'
    "<title>Soudeur</title><link>https://jobs.example.org/p1</link><guid>P1</guid>"
    "<description>Souder des pièces.</description></item></channel></rss>"
).encode()


def test_a_due_source_is_polled_and_imported(
    crew, feed_source, local_server, django_capture_on_commit_callbacks
):
    local_server.serve("/feed.xml", FEED)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.poll_due_sources() == 1
    run = ImportRun.objects.get(source=feed_source)
    assert run.trigger == Trigger.SCHEDULE and run.status == RunStatus.SUCCEEDED
    assert run.created_count == 1
    assert Posting.objects.get(identifier="P1").agency == crew.agency
    feed_source.refresh_from_db()
    assert feed_source.next_poll_at > timezone.now() + timedelta(minutes=59)
    assert feed_source.last_polled_at is not None


def test_a_source_is_not_polled_again_before_its_time(crew, feed_source, local_server):
    local_server.serve("/feed.xml", FEED)
    assert tasks.poll_due_sources() == 1
    assert tasks.poll_due_sources() == 0
    assert ImportRun.objects.filter(source=feed_source).count() == 1


def test_two_clocks_never_claim_the_same_due_time(crew, feed_source, monkeypatch):
    """The second clock read the same due row, but the first one's UPDATE moved
    next_poll_at: its conditional UPDATE matches nothing."""
    due_at = timezone.now() - timedelta(minutes=1)
    ImportSource.objects.filter(pk=feed_source.pk).update(next_poll_at=due_at)
    stale = [(feed_source.pk, due_at, feed_source.poll_minutes)]
    assert tasks.poll_due_sources() == 1  # the first clock
    original_due = ImportSource.objects.due

    class Stale:
        def order_by(self, *args):
            return self

        def values_list(self, *args):
            return self

        def __getitem__(self, key):
            return stale

    monkeypatch.setattr(ImportSource.objects, "due", lambda now: Stale())
    assert tasks.poll_due_sources() == 0  # the second clock, with its stale read
    monkeypatch.setattr(ImportSource.objects, "due", original_due)
    assert ImportRun.objects.filter(source=feed_source).count() == 1


def test_inactive_and_upload_sources_are_not_polled(crew, csv_source, feed_source):
    services.update_source(crew.greta, feed_source, {"active": False})
    assert tasks.poll_due_sources() == 0
    assert not ImportRun.objects.exists()


def test_a_stale_run_is_marked_failed(crew, feed_source):
    run = services.queue_run(feed_source, Trigger.MANUAL)
    ImportRun.objects.filter(pk=run.pk).update(created=timezone.now() - timedelta(hours=2))
    ImportSource.objects.filter(pk=feed_source.pk).update(
        next_poll_at=timezone.now() + timedelta(hours=1)
    )
    tasks.poll_due_sources()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error_code == "interrupted"


def test_the_task_imports_a_source_and_is_idempotent(crew, feed_source, local_server):
    local_server.serve("/feed.xml", FEED)
    run_id = tasks.run_import.call(feed_source.pk, Trigger.SCHEDULE)
    assert ImportRun.objects.get(pk=run_id).created_count == 1
    assert tasks.run_import.call(feed_source.pk, Trigger.SCHEDULE, run_id) == run_id
    assert ImportRun.objects.count() == 1
    assert Posting.objects.filter(identifier="P1").count() == 1
    assert tasks.run_import.call(999_999, Trigger.SCHEDULE) is None
