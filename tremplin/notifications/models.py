"""Notifications: durable rows, created in the same transaction as their cause.

Delivery (websocket push, email now, daily digest) happens after commit through the
task queue; see `services.notify` and `tasks.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CONNECTION_REQUEST = "connection_request", _("Connection requests")
    CONNECTION_ACCEPTED = "connection_accepted", _("Accepted connection requests")
    MENTION = "mention", _("Mentions")
    COMMENT = "comment", _("Comments on my posts")
    REPLY = "reply", _("Replies to my comments")
    REACTION = "reaction", _("Reactions")
    RESHARE = "reshare", _("Reshares")
    ENDORSEMENT = "endorsement", _("Skill endorsements")
    RECOMMENDATION = "recommendation", _("Recommendations")
    MESSAGE = "message", _("Messages")


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
    SENT = "sent", _("Email sent")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # Unread rows of one recipient with the same non-empty key are merged into one
    # ("Bob and 3 others reacted to your post").
    group_key = models.CharField(max_length=100, blank=True)
    count = models.PositiveIntegerField(default=1)
    # Plain values only (an excerpt, a skill name): rendered in the reader's language.
    data = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState, default=EmailState.NONE)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-updated", "-id")
        indexes = [
            models.Index(fields=["recipient", "-updated", "-id"], name="notif_recipient_updated"),
            models.Index(
                fields=["recipient", "group_key"],
                condition=models.Q(read_at__isnull=True),
                name="notif_unread_group",
            ),
            models.Index(fields=["email_state"], name="notif_email_state"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"


class Preference(models.Model):
    """One row per (user, kind) the user changed; absent rows use `DEFAULTS`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=Kind)
    delivery = models.CharField(max_length=10, choices=Delivery)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


# What a member gets before choosing: in the app for everything, and an email digest
# for what a person did for them directly. No immediate email until they opt in (CASL).
DEFAULTS: dict[str, str] = {
    Kind.CONNECTION_REQUEST: Delivery.DIGEST,
    Kind.CONNECTION_ACCEPTED: Delivery.IN_APP,
    Kind.MENTION: Delivery.DIGEST,
    Kind.COMMENT: Delivery.IN_APP,
    Kind.REPLY: Delivery.IN_APP,
    Kind.REACTION: Delivery.IN_APP,
    Kind.RESHARE: Delivery.IN_APP,
    Kind.ENDORSEMENT: Delivery.IN_APP,
    Kind.RECOMMENDATION: Delivery.DIGEST,
    Kind.MESSAGE: Delivery.DIGEST,
}
