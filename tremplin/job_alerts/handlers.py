"""Our handlers of jobs' events (connected in hooks.py), and the catch-up of the events
a crash lost: step 1 of `matching.py`'s docstring.

Once a posting's change has committed, `opened` / `updated` index the posting and write,
in their own transaction, the `AlertOutbox` row that says it must be matched; the task
that matches it (`tasks.process_outbox`) is queued once that commits. An opening has one
row (its `event_at` is the posting's `last_event_at`, unique for an opening), so a
handler run twice writes one. A process that dies between the posting's commit and the
handler loses the event but not the posting's trace of it (`Posting.last_event`):
`record_lost_events`, run by the periodic `tasks.catch_up`, writes the missing rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tremplin.job_alerts import documents
from tremplin.job_alerts.models import AlertOutbox, OutboxReason
from tremplin.jobs.models import Posting, PostingEvent, PostingStatus

# An event lost longer ago than this is not caught up (the clock was down for a week:
# the match would tell people of a job days after it opened).
LOST_EVENTS_WINDOW = timedelta(days=7)


def posting_changed(posting_id: int, reason: str) -> AlertOutbox | None:
    """Handler body: if the posting is open, index it and record, in one transaction,
    that it must be matched (one row per opening); the match is queued once that
    commits. Idempotent."""
    found = Posting.objects.filter(pk=posting_id).values_list("status", "last_event_at").first()
    if found is None or found[0] != PostingStatus.OPEN:
        return None
    with transaction.atomic():
        documents.index_posting(posting_id)
        row, created = _outbox_row(posting_id, reason, found[1])
    if created:
        outbox_id = row.pk
        transaction.on_commit(lambda: _enqueue(outbox_id))
    return row


def _outbox_row(
    posting_id: int, reason: str, event_at: datetime | None
) -> tuple[AlertOutbox, bool]:
    if reason != OutboxReason.OPENED or event_at is None:
        return AlertOutbox.objects.create(
            posting_id=posting_id, reason=reason, event_at=event_at
        ), True
    return AlertOutbox.objects.get_or_create(
        posting_id=posting_id, reason=reason, event_at=event_at
    )


def _enqueue(outbox_id: int) -> None:
    from tremplin.job_alerts.tasks import process_outbox

    process_outbox.enqueue(outbox_id)


def opened(posting_id: int, reopened: bool = False) -> None:
    """Handler of `jobs.events.posting_opened_on_commit`."""
    posting_changed(posting_id, OutboxReason.OPENED)


def updated(posting_id: int) -> None:
    """Handler of `jobs.events.posting_updated_on_commit`."""
    posting_changed(posting_id, OutboxReason.UPDATED)


def record_lost_events(lost_after: timedelta, limit: int) -> int:
    """Periodic: open postings whose last event (opened, or updated), older than
    `lost_after` and within `LOST_EVENTS_WINDOW`, has no outbox row (the process died
    between the posting's commit and our handler) get it now. Returns how many."""
    now = timezone.now()
    handled = AlertOutbox.objects.filter(posting=OuterRef("pk"), event_at=OuterRef("last_event_at"))
    lost = (
        Posting.objects.open()
        .filter(
            last_event__in=[PostingEvent.OPENED, PostingEvent.UPDATED],
            last_event_at__lte=now - lost_after,
            last_event_at__gte=now - LOST_EVENTS_WINDOW,
        )
        .exclude(Exists(handled))
        .order_by("last_event_at", "pk")
        .values_list("pk", "last_event")[:limit]
    )
    done = 0
    for posting_id, event in list(lost):
        reason = OutboxReason.OPENED if event == PostingEvent.OPENED else OutboxReason.UPDATED
        done += posting_changed(posting_id, reason) is not None
    return done
