"""A member's open hours: the weekly slots in which others may ask for their time (a
counsellor's clients ask for appointments in them, mentees for mentoring sessions), in
the member's own time zone.

Who sees what: a member's open hours are theirs alone (`visible_to`). Others never read
the slots themselves: an app that has a relation with the member (the client of a case,
the mentee of a mentorship) asks `queries.free_slots` for the free times it may offer,
after checking that relation itself.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.viewer import viewer_of

MAX_SLOTS = 42  # six a day is more than anyone keeps
ZONES = frozenset(available_timezones())


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def validate_zone(value: str) -> None:
    if value not in ZONES:
        raise ValidationError(_("Choose a time zone from the list."), code="invalid")


class OpenHoursQuerySet(models.QuerySet["OpenHours"]):
    def visible_to(self, viewer: Any) -> OpenHoursQuerySet:
        """A member's open hours, to that member only (deny by default)."""
        seen = viewer_of(viewer)
        if seen.id is None:
            return self.none()
        return self.filter(user_id=seen.id)


class OpenHours(models.Model):
    """One member's week: a time zone and the slots (`slots`)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_hours"
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.TIME_ZONE, validators=[validate_zone]
    )
    updated = models.DateTimeField(auto_now=True)

    objects = OpenHoursQuerySet.as_manager()

    class Meta:
        verbose_name = _("open hours")
        verbose_name_plural = _("open hours")

    def __str__(self) -> str:
        return f"{self.user_id} ({self.time_zone})"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_visible_to(self, viewer: Any) -> bool:
        seen = viewer_of(viewer)
        return seen.id is not None and seen.id == self.user_id


class WeeklySlot(models.Model):
    """From `starts` to `ends` every `weekday`, in the owner's time zone."""

    hours = models.ForeignKey(OpenHours, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("starts at"))
    ends = models.TimeField(_("ends at"))

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__lt=F("ends")), name="weekly_slot_starts_first"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="weekly_slot_weekday"),
        ]
        indexes = [models.Index(fields=["hours", "weekday", "starts"], name="weekly_slot_order")]

    def __str__(self) -> str:
        return f"{self.weekday} {self.starts:%H:%M}-{self.ends:%H:%M}"
