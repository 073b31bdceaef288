"""A member's request to delete their account, with its grace period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DeletionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("deletion scheduled")
    CANCELLED = "cancelled", _("deletion cancelled")
    DONE = "done", _("account erased")


class DeletionQuerySet(models.QuerySet["DeletionRequest"]):
    def visible_to(self, viewer: Any) -> DeletionQuerySet:
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(user=viewer)

    def scheduled(self) -> DeletionQuerySet:
        return self.filter(status=DeletionStatus.SCHEDULED)


class DeletionRequest(models.Model):
    """Scheduled, the account is erased at `due_at` (after the grace period) unless the
    member cancels. Once done, the row keeps only dates and counts (the account it points
    to is a tombstone that names no one)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_deletions"
    )
    status = models.CharField(
        _("deletion status"),
        max_length=10,
        choices=DeletionStatus,
        default=DeletionStatus.SCHEDULED,
    )
    requested_at = models.DateTimeField(_("deletion requested on"), auto_now_add=True)
    due_at = models.DateTimeField(_("account erased on"))
    cancelled_at = models.DateTimeField(_("deletion cancelled on"), null=True, blank=True)
    erased_at = models.DateTimeField(_("account erased at"), null=True, blank=True)
    # Asked by a site administrator (from the admin) rather than by the member.
    by_admin = models.BooleanField(_("deleted from the admin"), default=False)
    # What each app's eraser changed: {"feed": 12, ...}; numbers only.
    counts = models.JSONField(default=dict, blank=True)

    objects = DeletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("account deletion")
        verbose_name_plural = _("account deletions")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="scheduled"),
                name="privacy_one_scheduled_deletion",
            )
        ]

    def __str__(self) -> str:
        return f"deletion {self.pk} ({self.status})"

    def is_visible_to(self, viewer: Any) -> bool:
        return viewer is not None and viewer.is_authenticated and viewer.pk == self.user_id
