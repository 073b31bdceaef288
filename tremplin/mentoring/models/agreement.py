"""The agreement of a mentorship: its goals in a few words, how often the two meet, and
its start and planned end. Each version is a row; a version counts once the OTHER party
agreed to it (`agreed_at`), so neither changes the terms alone. An extension is a new
version with a later end. How a mentorship ended early (`EndReason`) is kept on the
mentorship itself (`ended_reason`, `ended_note`).

Who may see an agreement: whoever may see its mentorship (its two parties).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tremplin.mentoring.models.mentorships import Mentorship

SUMMARY_MAX_LENGTH = 1000


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


def middle_of(starts_on: date, ends_on: date) -> date:
    """The mid-point of agreed dates (rounded down to a day): from then on the mid-point
    survey is open, and both parties are told once (tasks.tell_midpoint)."""
    return starts_on + (ends_on - starts_on) / 2


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def visible_to(self, viewer: Any) -> AgreementQuerySet:
        """THE rule: the mentorship's own (its two parties, no block)."""
        return self.filter(mentorship__in=Mentorship.objects.visible_to(viewer))

    def agreed(self) -> AgreementQuerySet:
        return self.filter(agreed_at__isnull=False)

    def pending(self) -> AgreementQuerySet:
        return self.filter(agreed_at__isnull=True, withdrawn=False)


class Agreement(models.Model):
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="agreements")
    summary = models.TextField(_("goals in a few words"), max_length=SUMMARY_MAX_LENGTH)
    frequency = models.CharField(_("how often we meet"), max_length=12, choices=Frequency)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("planned end"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    withdrawn = models.BooleanField(default=False)  # declined or replaced before agreed
    # When both parties were told the planned end is near (claimed once, tasks.py).
    ending_told_at = models.DateTimeField(null=True, blank=True)
    # `middle_of(starts_on, ends_on)`, written with the terms, so the clock finds the
    # mentorships halfway through with a plain comparison.
    midpoint_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentorship agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="agreement_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["mentorship", "-created"])]

    def __str__(self) -> str:
        return f"agreement {self.pk} of {self.mentorship_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return self.mentorship.is_visible_to(viewer)
