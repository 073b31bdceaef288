"""A notice: posted by an agency's staff, read by signed-in members once published."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import blocked_q
from tremplin.core.lifecycle import Lifecycle
from tremplin.core.viewer import viewer_of


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


NOTICE_TRANSITIONS = Lifecycle(
    NoticeStatus,
    {
        NoticeStatus.DRAFT: {NoticeStatus.PUBLISHED},
        NoticeStatus.PUBLISHED: {NoticeStatus.ARCHIVED},
        NoticeStatus.ARCHIVED: set(),
    },
)


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> NoticeQuerySet:
        """Published notices for signed-in members; every notice of the agencies where
        the viewer works; nothing from a member in a block relation with the viewer."""
        asking = viewer_of(viewer)
        if not asking.is_authenticated:
            return self.none()
        staff_of = asking.organization_ids()
        return self.filter(Q(status=NoticeStatus.PUBLISHED) | Q(agency_id__in=staff_of)).exclude(
            blocked_q(asking, "author")
        )

    def for_display(self) -> NoticeQuerySet:
        return self.select_related("agency", "author__profile")


class Notice(models.Model):
    agency = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=120)
    status = models.CharField(max_length=10, choices=NoticeStatus, default=NoticeStatus.DRAFT)
    created = models.DateTimeField(auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")

    def __str__(self) -> str:
        return self.title

    def is_visible_to(self, viewer: Any) -> bool:
        return Notice.objects.visible_to(viewer).filter(pk=self.pk).exists()
