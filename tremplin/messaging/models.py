"""Messaging: conversations (one-to-one or groups), their participants and messages.

Who may see what is decided in two places, side by side here:
`ConversationQuerySet.visible_to` and `MessageQuerySet.visible_to` (plus the
single-object checks `Conversation.is_visible_to` / `Message.is_visible_to`). Only
participants see a conversation; moderators and staff get no bypass.

The message-request lifecycle (a conversation started by someone the recipient is not
connected with) is declared once, in `REQUEST_TRANSITIONS`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.network.models import Block

MAX_PARTICIPANTS = 50
NAME_MAX_LENGTH = 100
BODY_MAX_LENGTH = 5000


class RequestState(models.TextChoices):
    """Where a conversation stands for one participant. The creator and people
    connected with the creator start as ACCEPTED; strangers start as PENDING."""

    PENDING = "pending", _("Message request")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")


# Lifecycle: the only allowed moves. A refusal is final: the sender cannot write into the
# conversation again (a one-to-one conversation is unique per pair, so "a new one" is the
# same one) and the recipient is not asked again.
REQUEST_TRANSITIONS = Lifecycle(
    RequestState,
    {
        RequestState.PENDING: {RequestState.ACCEPTED, RequestState.REFUSED},
        RequestState.ACCEPTED: set(),
        RequestState.REFUSED: set(),
    },
)


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> ConversationQuerySet:
        """Conversations the viewer takes or took part in (not those they refused)."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(
            Exists(
                Participant.objects.filter(conversation=OuterRef("pk"), user=viewer).exclude(
                    request_state=RequestState.REFUSED
                )
            )
        )


class Conversation(models.Model):
    is_group = models.BooleanField(_("group"), default=False)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # "low:high" user ids for a one-to-one conversation: one per pair, ever.
    pair_key = models.CharField(max_length=41, null=True, blank=True, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    # The newest message's id: the inbox is ordered (and paged by keyset) on it.
    last_message_id = models.BigIntegerField(default=0)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["-last_message_id"], name="conversation_recent")]

    def __str__(self) -> str:
        return self.name or f"conversation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("messaging:conversation", kwargs={"pk": self.pk})

    def is_visible_to(self, viewer: Any) -> bool:
        return Conversation.objects.visible_to(viewer).filter(pk=self.pk).exists()

    @staticmethod
    def pair_key_for(a: Any, b: Any) -> str:
        low, high = sorted([a.pk, b.pk])
        return f"{low}:{high}"


class ParticipantQuerySet(models.QuerySet):
    def active(self) -> ParticipantQuerySet:
        """Still in the conversation: not left, not refused."""
        return self.filter(left_at__isnull=True).exclude(request_state=RequestState.REFUSED)

    def inbox(self) -> ParticipantQuerySet:
        return self.active().filter(request_state=RequestState.ACCEPTED)

    def requests(self) -> ParticipantQuerySet:
        return self.active().filter(request_state=RequestState.PENDING)

    def for_display(self) -> ParticipantQuerySet:
        """Eager loading for the people of a conversation: each member's profile."""
        return self.select_related("user__profile")

    def for_inbox(self) -> ParticipantQuerySet:
        """Eager loading for one member's rows in their inbox: the conversations."""
        return self.select_related("conversation")


class Participant(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversation_rows"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    request_state = models.CharField(
        max_length=10, choices=RequestState, default=RequestState.ACCEPTED
    )
    # Who made this a message request (the stranger who wrote first): the rate limit
    # counts these rows.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    request_notified = models.BooleanField(default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # Messages with visible_from < id <= visible_until are this participant's to see.
    visible_from = models.BigIntegerField(default=0)
    visible_until = models.BigIntegerField(null=True, blank=True)
    last_read_message_id = models.BigIntegerField(default=0)
    # Kept up to date by one UPDATE per message (set-based), reset when read.
    unread = models.PositiveIntegerField(default=0)
    muted = models.BooleanField(default=False)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "user"], name="participant_once")
        ]
        indexes = [
            # The inbox and the unread badge: one member's rows.
            models.Index(fields=["user", "request_state", "unread"], name="participant_user"),
            models.Index(fields=["requested_by", "joined_at"], name="participant_requested"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"

    @property
    def is_active(self) -> bool:
        return self.left_at is None and self.request_state != RequestState.REFUSED


class MessageQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> MessageQuerySet:
        """Messages of conversations the viewer is or was in, from while they were in it;
        a block (either way) hides the other's messages written after it."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        mine = (
            Participant.objects.filter(
                conversation=OuterRef("conversation"), user=viewer, visible_from__lt=OuterRef("pk")
            )
            .exclude(request_state=RequestState.REFUSED)
            .filter(Q(visible_until__isnull=True) | Q(visible_until__gte=OuterRef("pk")))
        )
        blocked_since = Block.objects.filter(
            Q(blocker=viewer, blocked=OuterRef("sender"))
            | Q(blocker=OuterRef("sender"), blocked=viewer),
            created__lte=OuterRef("created"),
        )
        return self.filter(Exists(mine)).exclude(Exists(blocked_since))

    def for_display(self) -> MessageQuerySet:
        """Eager loading for shown messages: the sender's profile and the files."""
        return self.select_related("sender__profile").prefetch_related("attachments")

    def for_excerpt(self) -> MessageQuerySet:
        """Eager loading for a message shown as one line (the inbox's last message, a
        search result): its sender's profile and its conversation."""
        return self.select_related("conversation", "sender__profile")


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            # A conversation's page: WHERE conversation = ... AND id < cursor ORDER BY id.
            models.Index(fields=["conversation", "-id"], name="message_page"),
            models.Index(fields=["sender", "-id"], name="message_sender"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} in {self.conversation_id}"

    def get_absolute_url(self) -> str:
        return f"{self.conversation.get_absolute_url()}#m-{self.pk}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def is_visible_to(self, viewer: Any) -> bool:
        return Message.objects.visible_to(viewer).filter(pk=self.pk).exists()


def attachment_path(instance: Attachment, filename: str) -> str:
    # A random name under a private folder: files are served only by the view that
    # checks the message's audience, and names must not be guessable.
    suffix = ".pdf" if instance.kind == AttachmentKind.PDF else ".jpg"
    return f"messaging/{uuid.uuid4().hex}{suffix}"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("Picture")
    PDF = "pdf", _("PDF document")


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=5, choices=AttachmentKind)
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=150)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("messaging:attachment", kwargs={"pk": self.pk})

    @property
    def content_type(self) -> str:
        return "application/pdf" if self.kind == AttachmentKind.PDF else "image/jpeg"
