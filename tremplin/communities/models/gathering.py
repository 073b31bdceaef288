"""A community's invitations, categories and moderation log (the tables beside the
community and its memberships; their rules are in community.py's docstring)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models.community import (
    REASON_MAX_LENGTH,
    Community,
    in_language,
    signed_in,
)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        now = timezone.now()
        return self.filter(revoked__isnull=True).filter(
            Q(expires__isnull=True) | Q(expires__gt=now)
        )

    def visible_to(self, viewer: Any) -> InvitationQuerySet:
        """The community's moderators, and the person invited."""
        if not signed_in(viewer):
            return self.none()
        moderated = Community.objects.moderated_by(viewer).values("pk")
        return self.filter(Q(community__in=moderated) | Q(invitee=viewer))


class Invitation(models.Model):
    """A link that lets whoever holds it join (`token`, `invitee` null; it expires, may
    be limited in uses, and can be revoked), or an invitation to one person (`invitee`)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True)
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="community_invitations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(null=True, blank=True)
    uses = models.PositiveIntegerField(default=0)
    revoked = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("community invitation")
        verbose_name_plural = _("community invitations")

    def __str__(self) -> str:
        return f"invitation to {self.community_id}"


class Category(models.Model):
    """A community's categories of threads (with their tags, the way to find threads)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="categories")
    name_fr = models.CharField(_("name (French)"), max_length=60, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    slug = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="category_slug_once"),
            models.CheckConstraint(
                condition=~Q(name_fr="", name_en=""), name="category_has_a_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class ActionQuerySet(models.QuerySet["ModerationAction"]):
    def visible_to(self, viewer: Any) -> ActionQuerySet:
        """The community's moderators (and site moderators) only."""
        if not signed_in(viewer):
            return self.none()
        if getattr(viewer, "is_moderator", False):
            return self
        return self.filter(community__in=Community.objects.moderated_by(viewer).values("pk"))

    def told_to(self, viewer: Any) -> ActionQuerySet:
        """The removals of the viewer's own content: what was removed, when and why (the
        page that shows them never names the moderator)."""
        if not signed_in(viewer):
            return self.none()
        return self.filter(target_user=viewer, action=ModerationAction.Action.REMOVE_CONTENT)


class ModerationAction(models.Model):
    """The community's moderation log: every moderator action, visible to its
    moderators (the author of removed content is told what and why, never by whom)."""

    class Action(models.TextChoices):
        APPROVE_MEMBER = "approve_member", _("approved a join request")
        DECLINE_MEMBER = "decline_member", _("declined a join request")
        REMOVE_MEMBER = "remove_member", _("removed a member")
        BAN = "ban", _("banned a member")
        UNBAN = "unban", _("lifted a ban")
        MUTE = "mute", _("muted a member")
        UNMUTE = "unmute", _("lifted a mute")
        ROLE = "role", _("changed a role")
        TRANSFER = "transfer", _("transferred ownership")
        APPROVE_POST = "approve_post", _("approved a post")
        REMOVE_CONTENT = "remove_content", _("removed content")
        RESTORE_CONTENT = "restore_content", _("restored content")
        PIN = "pin", _("pinned a thread")
        UNPIN = "unpin", _("unpinned a thread")
        CLOSE = "close", _("closed a thread")
        REOPEN = "reopen", _("reopened a thread")
        MOVE = "move", _("moved a thread")
        SETTINGS = "settings", _("changed the settings")
        APPROVE_RESOURCE = "approve_resource", _("approved a resource")
        REJECT_RESOURCE = "reject_resource", _("declined a resource")
        REPORT = "report", _("decided on a report")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="actions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What it was about: "thread:12", "reply:40", "resource:3"... and a short excerpt.
    target = models.CharField(max_length=40, blank=True)
    excerpt = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True, max_length=REASON_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("community moderation action")
        verbose_name_plural = _("community moderation log")
        indexes = [models.Index(fields=["community", "-created"], name="community_log")]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} in {self.community_id}"
