"""Notifications: durable rows, created in the same transaction as their cause.

A row names its kind (declared by the app that raises it: `kinds.py`), its actor, its
target (any model, by content type) and plain data; its sentence is rendered when it is
read, in the reader's language (`rendering.py`). Delivery (a live push, an email now, the
daily digest) happens after commit: see `services.notify` and `tasks.py`. A row's email
moves through `EMAIL_TRANSITIONS`, one conditional UPDATE per move (`move_email`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import blocked_q
from tremplin.core.lifecycle import Lifecycle
from tremplin.core.refusals import Refusal
from tremplin.core.viewer import viewer_of
from tremplin.notifications import kinds


class NotificationRefusal(Refusal):
    area = "notifications"


class Delivery(models.TextChoices):
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by email at once")
    DIGEST = "digest", _("In the app and in a daily email digest")
    OFF = "off", _("Off")


class EmailState(models.TextChoices):
    NONE = "none", _("No email")
    PENDING = "pending", _("Email to send")
    SENDING = "sending", _("Email being sent")
    DIGEST = "digest", _("Waiting for the daily digest")
    # Claimed by a digest run: sent together with the recipient's other "digesting" rows.
    DIGESTING = "digesting", _("Daily digest being sent")
    SENT = "sent", _("Email sent")
    # A job alert's email due in its quiet hours: job_alerts.tasks.send_due_quiet_emails
    # makes it pending once they are over.
    HELD = "held", _("Email held until the quiet hours end")


# The states in which a row has an email to send, or one being sent.
EMAIL_WORK = [
    EmailState.PENDING,
    EmailState.SENDING,
    EmailState.DIGEST,
    EmailState.DIGESTING,
    EmailState.HELD,
]

# The email lifecycle of one row. Every move is a conditional UPDATE (`move_email`): the
# two claims (pending → sending, digest → digesting) give a row's email to one worker.
EMAIL_TRANSITIONS = Lifecycle(
    EmailState,
    {
        EmailState.NONE: {EmailState.PENDING, EmailState.DIGEST},
        EmailState.PENDING: {EmailState.SENDING, EmailState.NONE},
        EmailState.SENDING: {EmailState.SENT, EmailState.NONE},
        EmailState.DIGEST: {EmailState.DIGESTING, EmailState.NONE},
        EmailState.DIGESTING: {EmailState.SENT, EmailState.NONE},
        # A merged event ("and 3 others") may ask for a new email.
        EmailState.SENT: {EmailState.PENDING, EmailState.DIGEST},
        EmailState.HELD: {EmailState.PENDING, EmailState.NONE},
    },
)


class NotificationQuerySet(models.QuerySet["Notification"]):
    def visible_to(self, viewer: Any) -> NotificationQuerySet:
        """A notification is for its recipient only; a block (either way) or a mute of
        its actor hides it, also when the block or mute came later."""
        asking = viewer_of(viewer)
        if not asking.is_authenticated:
            return self.none()
        found = (
            self.filter(recipient_id=asking.id)
            .exclude(blocked_q(asking, "actor"))
            .exclude(actor__in=asking.relation("muted"))
        )
        # What a client's consent gates (a kind's `consent`): from a client of an open
        # case, only while the case grants the scope (the viewer's relations).
        for scope, keys in kinds.gated().items():
            withheld = Q(actor__in=asking.relation("case_clients")) & ~Q(
                actor__in=asking.relation("clients", scope)
            )
            found = found.exclude(Q(kind__in=keys) & withheld)
        return found

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_display(self) -> NotificationQuerySet:
        """What a list or a page of notifications shows: the actor's name."""
        return self.select_related("actor__profile")

    def move_email(self, current: str | Iterable[str], target: str, **changes: Any) -> int:
        """Move the email of the rows still in `current` (a state, or several) to
        `target`, with `changes`; returns how many moved. Conditional: of two workers
        moving the same row, one moves it. A move EMAIL_TRANSITIONS does not allow is a
        programming error (ValueError), whatever the rows."""
        states = [current] if isinstance(current, str) else list(current)
        for state in states:
            if not EMAIL_TRANSITIONS.allows(state, target):
                raise ValueError(f"a notification email does not move from {state} to {target}")
        rows = (
            self.filter(email_state=states[0])
            if len(states) == 1
            else self.filter(email_state__in=states)
        )
        return rows.update(email_state=target, **changes)


class Notification(models.Model):
    # Indexed by notif_recipient_updated (recipient first): no index of its own, one
    # less to write for each row of a job alert's fan-out (10,000 rows in one INSERT).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    # Declared by the apps that raise them (notifications.kinds): no migration here.
    kind = models.CharField(max_length=32, choices=kinds.choices)
    # Indexed only where set (notif_actor): a job alert's 10,000 rows have no actor, and
    # deleting a member looks their rows up by `actor_id IN (...)`, which the partial
    # index serves on both databases.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # No database constraint and no index: a fan-out of 10,000 rows checked the same
    # content type 10,000 times at commit (48 ms, bench/README.md). Deleting a content
    # type still deletes its notifications (Django's on_delete), and nothing looks
    # notifications up by type alone.
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # Unread rows of one recipient with the same non-empty key are merged into one
    # ("Bob and 3 others reacted to your post").
    group_key = models.CharField(max_length=100, blank=True)
    # Events merged into this row, and distinct people behind them ("Bob and 3 others"
    # counts people; "Bob sent you 4 messages" counts events).
    count = models.PositiveIntegerField(default=1)
    actor_count = models.PositiveIntegerField(default=1)
    # The most recent distinct actors (newest first, capped): tells a new actor from a
    # returning one when merging.
    recent_actor_ids = models.JSONField(default=list, blank=True)
    # Plain values only (an excerpt, a skill name): rendered in the reader's language.
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState, default=EmailState.NONE)
    # Bumped each time the row asks for a new email: part of the Message-ID, so a retry
    # of the same email keeps its Message-ID and a later email gets a new one.
    email_round = models.PositiveIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ("-updated", "-id")
        indexes = [
            models.Index(fields=["recipient", "-updated", "-id"], name="notif_recipient_updated"),
            models.Index(
                fields=["recipient", "group_key"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread_group",
            ),
            # Only the rows with email work to do or in flight, the ones the senders and
            # sweepers look for: most rows (no email, or sent) stay out of it, and a job
            # alert's 10,000 in-app rows skip an index update each. PostgreSQL proves
            # `email_state = 'digest'` implies the condition; SQLite (development) scans.
            models.Index(
                fields=["email_state", "email_claimed_at"],
                condition=models.Q(email_state__in=EMAIL_WORK),
                name="notif_email_work",
            ),
            models.Index(
                fields=["actor"], condition=models.Q(actor__isnull=False), name="notif_actor"
            ),
        ]
        constraints = [
            # A member is told of a job posting by their alerts once: the exactly-once
            # guard of job_alerts.matching (its INSERT skips members already told).
            models.UniqueConstraint(
                fields=["recipient", "target_id"],
                condition=models.Q(kind="job_alert"),
                name="one_job_alert_per_posting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    def message_id(self, domain: str) -> str:
        """The same for every retry of one email, so a receiver can tell a re-send."""
        return f"<notification-{self.pk}.{self.email_round}@{domain}>"


class Preference(models.Model):
    """One row per (user, kind) the user changed; absent rows use `DEFAULTS`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    # Declared by the apps that raise them (notifications.kinds): no migration here.
    kind = models.CharField(max_length=32, choices=kinds.choices)
    delivery = models.CharField(max_length=10, choices=Delivery)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
