"""Background work of job alerts. Every function takes ids and is idempotent."""

from __future__ import annotations

import logging
from datetime import time, timedelta
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import BigIntegerField, Exists, F, OuterRef
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django_tasks import task

from tremplin.job_alerts import handlers, matching
from tremplin.job_alerts.documents import WORDS, index_posting
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.job_alerts.models import AlertOutbox, PostingDocument, SavedSearch
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.notifications.models import Delivery as NotificationDelivery
from tremplin.notifications.models import EmailState, Notification
from tremplin.notifications.services import delivery_for
from tremplin.notifications.tasks import claim, deliver, send_claimed

logger = logging.getLogger(__name__)

# An outbox row still unprocessed after this long lost its task (a crashed worker).
LOST_AFTER = timedelta(seconds=30)
CATCH_UP_BATCH = 100
INDEX_BATCH = 500
QUIET_BATCH = 500


@task()
def process_outbox(outbox_id: int) -> int:
    """Match one posting against every alert and notify (see matching.py)."""
    return matching.process(outbox_id)


def catch_up(lost_after: timedelta = LOST_AFTER) -> int:
    """Periodic: finish outbox rows a crashed worker left, write the outbox rows of
    postings whose event a crash lost before our handler ran (`handlers.record_lost_events`),
    and index open postings that have no search document (opened before this app
    listened). Returns rows handled."""
    done = 0
    stale = AlertOutbox.objects.filter(
        processed_at__isnull=True, created__lte=timezone.now() - lost_after
    ).order_by("created", "id")
    for outbox_id in list(stale.values_list("pk", flat=True)[:CATCH_UP_BATCH]):
        try:
            matching.process(outbox_id)
            done += 1
        except Exception:  # one posting's failure must not stop the others
            logger.exception("job alert outbox %s failed; the next round retries", outbox_id)
    done += handlers.record_lost_events(lost_after, CATCH_UP_BATCH)
    missing = (
        Posting.objects.open()
        .filter(search_document__isnull=True)
        .values_list("pk", flat=True)[:INDEX_BATCH]
    )
    for posting_id in list(missing):
        with transaction.atomic():
            index_posting(posting_id)
        done += 1
    return done + drop_deleted_words()


def drop_deleted_words() -> int:
    """SQLite: the word index (migration 0006) has no foreign key, so the words of a
    deleted posting (its document went with it) are removed here, by the catch-up."""
    if connection.vendor != "sqlite":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {WORDS} WHERE rowid NOT IN "  # noqa: S608
            f"(SELECT posting_id FROM {PostingDocument._meta.db_table})"
        )
        return max(cursor.rowcount, 0)


@task()
def send_alert_emails(posting_id: int) -> int:
    """Send the job-alert emails due now for one posting (the claim in
    notifications.tasks makes each exactly once). Returns emails sent."""
    target_type = ContentType.objects.get_for_model(Posting)
    pending = Notification.objects.filter(
        kind=JOB_ALERT,
        target_type=target_type,
        target_id=posting_id,
        email_state=EmailState.PENDING,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(pending):
        try:
            if claim(pk):
                sent += bool(send_claimed(pk))
        except Exception:  # the notifications sweeper sends it again later
            logger.exception("job alert email %s failed", pk)
    return sent


def send_due_quiet_emails(now: time | None = None) -> int:
    """Periodic: emails held during their alert's quiet hours are sent once the quiet
    hours are over (or the alert is gone), unless the member read the notification in
    the app meanwhile or no longer wants alert emails. Returns emails released."""
    local = now or matching.local_now()
    still_quiet = SavedSearch.objects.filter(pk=OuterRef("alert_ref")).filter(
        matching.quiet_q(local)
    )
    due = (
        Notification.objects.filter(kind=JOB_ALERT, email_state=EmailState.HELD)
        .annotate(alert_ref=Cast(KT("data__alert_id"), BigIntegerField()))
        .exclude(Exists(still_quiet))
        .select_related("recipient")
    )
    released = 0
    for row in list(due.order_by("id")[:QUIET_BATCH]):
        with transaction.atomic():
            held = Notification.objects.filter(pk=row.pk, email_state=EmailState.HELD)
            wanted = (
                delivery_for(row.recipient, JOB_ALERT) == NotificationDelivery.EMAIL
                and row.target_id is not None
                and Posting.objects.filter(pk=row.target_id, status=PostingStatus.OPEN).exists()
            )
            if wanted and held.filter(read_at__isnull=True).update(
                email_state=EmailState.PENDING, email_round=F("email_round") + 1
            ):
                transaction.on_commit(partial(deliver.enqueue, row.pk))
                released += 1
            else:  # read meanwhile, no longer wanted, or another clock took it
                held.update(email_state=EmailState.NONE)
    return released


def reindex_all() -> int:
    """Rebuild every open posting's search document (after a change of the rules)."""
    count = 0
    for posting_id in Posting.objects.open().values_list("pk", flat=True).iterator():
        with transaction.atomic():
            index_posting(posting_id)
        count += 1
    return count
