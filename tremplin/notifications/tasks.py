"""Email delivery after commit: the email now, the daily digest, and the sweeper that
finishes what a crashed worker left (the live push is not queued: see
`tremplin.core.realtime`).

Exactly once: a row's email is owned by whoever moves it out of "pending" (or "digest")
with a conditional UPDATE (`move_email`, along `EMAIL_TRANSITIONS`); only that worker
sends. A worker that dies after the claim
leaves the row in "sending" ("digesting"); the sweeper takes such rows over after
`STUCK_AFTER` (again with a conditional UPDATE) and sends them again with the same
Message-ID, so the receiving side can tell it is the same message.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone
from django_tasks import task

from tremplin.accounts.models import User
from tremplin.notifications import emails
from tremplin.notifications.models import EmailState, Notification
from tremplin.notifications.queries import still_wanted

logger = logging.getLogger(__name__)

# A claimed email not finished after this long belongs to a dead worker.
STUCK_AFTER = timedelta(minutes=10)
# A pending row older than this has lost its task (its commit's enqueue never ran).
LOST_AFTER = timedelta(minutes=1)
# Each sweep handles at most this many rows of each sort: bounded work per minute.
SWEEP_BATCH = 500


@task()
def deliver(notification_id: int) -> None:
    """Send the notification's email if one is pending (the claim makes it exactly
    once). Takes an id, so a retry after a crash is safe."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return
    if notification.email_state == EmailState.PENDING and claim(notification.pk):
        send_claimed(notification.pk)


def claim(notification_id: int) -> bool:
    """pending → sending, for one worker only."""
    return bool(
        Notification.objects.filter(pk=notification_id).move_email(
            EmailState.PENDING, EmailState.SENDING, email_claimed_at=timezone.now()
        )
    )


def send_claimed(notification_id: int) -> bool:
    """Send the email of a row this worker claimed; sending → sent. Re-checks at send
    time that it is still wanted (no block or mute since, member still active)."""
    notification = (
        Notification.objects.select_related("recipient__profile", "actor__profile")
        .filter(pk=notification_id, email_state=EmailState.SENDING)
        .first()
    )
    if notification is None:
        return False
    mine = Notification.objects.filter(
        pk=notification.pk, email_claimed_at=notification.email_claimed_at
    )
    if not still_wanted(notification):
        mine.move_email(EmailState.SENDING, EmailState.NONE)
        return False
    emails.send_notification_email(notification)
    mine.move_email(EmailState.SENDING, EmailState.SENT, emailed_at=timezone.now())
    return True


# ------------------------------------------------------------------ digests


def send_digest_for(user_id: int, claimed_at: datetime | None = None) -> int:
    """Send one member's digest. Without `claimed_at`: claim every row waiting for the
    digest (digest → digesting) and send them. With it: send again the batch claimed
    then (the sweeper's retry; same rows, same Message-ID). Returns rows sent."""
    if claimed_at is None:
        claimed_at = timezone.now()
        Notification.objects.filter(recipient_id=user_id).move_email(
            EmailState.DIGEST, EmailState.DIGESTING, email_claimed_at=claimed_at
        )
    # The batch: the rows claimed then (each move below also requires "digesting").
    batch = Notification.objects.filter(recipient_id=user_id, email_claimed_at=claimed_at)
    user = User.objects.filter(pk=user_id).select_related("profile").first()
    rows = list(
        batch.filter(email_state=EmailState.DIGESTING).for_display().order_by("-updated", "-id")
    )
    if not rows:
        return 0
    if user is None or not user.is_active or not user.email:
        batch.move_email(EmailState.DIGESTING, EmailState.NONE)
        return 0
    # Rows read in the app meanwhile, or hidden since (a block, a mute), are not mailed.
    visible = set(
        Notification.objects.visible_to(user)
        .unread()
        .filter(pk__in=[n.pk for n in rows])
        .values_list("pk", flat=True)
    )
    batch.exclude(pk__in=visible).move_email(EmailState.DIGESTING, EmailState.NONE)
    wanted = [n for n in rows if n.pk in visible]
    if not wanted:
        return 0
    emails.send_digest_email(user, wanted)
    batch.filter(pk__in=[n.pk for n in wanted]).move_email(
        EmailState.DIGESTING, EmailState.SENT, emailed_at=timezone.now()
    )
    return len(wanted)


def send_digests() -> int:
    """Every member's digest, one email each. Safe to run twice: a second run finds
    nothing left in "digest". Returns the number of emails sent."""
    sent = 0
    user_ids = (
        Notification.objects.filter(email_state=EmailState.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    for user_id in list(user_ids):
        try:
            if send_digest_for(user_id):
                sent += 1
        except Exception:  # one member's failure must not stop the others
            logger.exception("digest for member %s failed; the sweeper will retry", user_id)
    return sent


@task()
def send_digests_task() -> int:
    return send_digests()


# Remembers the day of the last digests across restarts of the clock (Redis in
# production), so a restart in the afternoon does not send a second digest that day.
LAST_DIGEST_KEY = "notifications:last-digest-day"


def digest_due(now: datetime, hour: int, last_run: date | None) -> bool:
    """Once a day, at or after `hour` (local time, settings.TIME_ZONE)."""
    local = timezone.localtime(now)
    return local.hour >= hour and last_run != local.date()


def send_digests_if_due() -> int:
    """Periodic (core.hooks): the daily digests, once a day at
    settings.NOTIFICATIONS_DIGEST_HOUR, local time. Returns the emails sent."""
    now = timezone.now()
    if not digest_due(now, settings.NOTIFICATIONS_DIGEST_HOUR, cache.get(LAST_DIGEST_KEY)):
        return 0
    sent = send_digests()
    cache.set(LAST_DIGEST_KEY, timezone.localtime(now).date(), timeout=2 * 24 * 3600)
    return sent


# ------------------------------------------------------------------ the sweeper


def sweep(
    stuck_after: timedelta = STUCK_AFTER, lost_after: timedelta = LOST_AFTER
) -> dict[str, int]:
    """Finish what crashed workers and lost tasks left. Returns what it did."""
    now = timezone.now()
    done = {"resent": 0, "digests_resent": 0, "requeued": 0}

    stuck = Notification.objects.filter(
        email_state=EmailState.SENDING, email_claimed_at__lt=now - stuck_after
    ).values_list("pk", "email_claimed_at")[:SWEEP_BATCH]
    for pk, claimed_at in list(stuck):
        # Take the claim over from the dead worker; another sweeper loses this race.
        if Notification.objects.filter(
            pk=pk, email_state=EmailState.SENDING, email_claimed_at=claimed_at
        ).update(email_claimed_at=now):
            try:
                done["resent"] += send_claimed(pk)
            except Exception:
                logger.exception("email of notification %s failed again", pk)

    batches = (
        Notification.objects.filter(
            email_state=EmailState.DIGESTING, email_claimed_at__lt=now - stuck_after
        )
        .values("recipient_id", "email_claimed_at")
        .annotate(first=Min("pk"))
        .order_by("first")[:SWEEP_BATCH]
    )
    for batch in list(batches):
        moved = Notification.objects.filter(
            recipient_id=batch["recipient_id"],
            email_state=EmailState.DIGESTING,
            email_claimed_at=batch["email_claimed_at"],
        ).update(email_claimed_at=now)
        if moved:
            try:
                done["digests_resent"] += bool(send_digest_for(batch["recipient_id"], now))
            except Exception:
                logger.exception("digest of member %s failed again", batch["recipient_id"])

    lost = Notification.objects.filter(
        email_state=EmailState.PENDING, updated__lt=now - lost_after
    ).values_list("pk", flat=True)[:SWEEP_BATCH]
    for pk in list(lost):
        deliver.enqueue(pk)
        done["requeued"] += 1
    return done


@task()
def sweep_task() -> dict[str, int]:
    return sweep()


def sweep_count() -> int:
    """Periodic (core.hooks): the sweeper, as the number of things it did."""
    return sum(sweep().values())
