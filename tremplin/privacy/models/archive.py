"""An archive of everything a member holds ("download my data")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArchiveStatus(models.TextChoices):
    PENDING = "pending", _("being prepared")
    READY = "ready", _("ready to download")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("expired")


class ArchiveQuerySet(models.QuerySet["Archive"]):
    def visible_to(self, viewer: Any) -> ArchiveQuerySet:
        """Only the member's own archives: nobody else, administrators included."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(user=viewer)

    def downloadable(self) -> ArchiveQuerySet:
        return self.filter(status=ArchiveStatus.READY, expires_at__gt=timezone.now())


class Archive(models.Model):
    """One request for an archive: built by a task, kept privately in storage (never
    under a URL), downloadable by its member for `PRIVACY_ARCHIVE_DAYS` days after a
    fresh re-authentication, then pruned by the clock."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_archives"
    )
    status = models.CharField(
        _("archive status"), max_length=10, choices=ArchiveStatus, default=ArchiveStatus.PENDING
    )
    requested_at = models.DateTimeField(_("archive requested on"), default=timezone.now)
    ready_at = models.DateTimeField(_("archive ready since"), null=True, blank=True)
    expires_at = models.DateTimeField(_("archive downloadable until"), null=True, blank=True)
    downloaded_at = models.DateTimeField(_("archive last downloaded"), null=True, blank=True)
    # The name in the archive storage: random, never the member's name or address.
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    objects = ArchiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("data archive")
        verbose_name_plural = _("data archives")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One request at a time per member.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="privacy_one_pending_archive"
            )
        ]

    def __str__(self) -> str:
        return f"archive {self.pk} ({self.status})"

    def is_visible_to(self, viewer: Any) -> bool:
        return viewer is not None and viewer.is_authenticated and viewer.pk == self.user_id

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == ArchiveStatus.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
