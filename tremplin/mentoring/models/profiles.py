"""Mentor profiles: what a member offers as a mentor, and the rows the ranking searches.

`MentorProfile` keeps what the page shows (skills, sectors, trades, languages, region,
in person / online, how many mentees, a pause switch). `MentorOffer` repeats each skill,
sector, trade and language as one `(kind, value)` row, written only by
`services.programmes.save_mentor_profile` in the same transaction, so that the ranking
finds its candidates with one indexed lookup (`(kind, value)`) instead of reading every
profile's lists (bench/mentoring_match.py: 20,000 profiles).

Who sees a mentor profile: the member, and whoever may see their profile's basics
(`Profile.objects.visible_to`); a paused profile is still visible but not ranked.
Availability (weekly slots, time zone) is not here: `tremplin.availability` brings it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.regions import Region
from tremplin.profiles.models import Profile

OFFER_MAX_LENGTH = 1000
MAX_ITEMS = 15


class OfferKind(models.TextChoices):
    SKILL = "skill", _("Skill")
    SECTOR = "sector", _("Sector")
    TRADE = "trade", _("Trade")
    LANGUAGE = "language", _("Language")


def normalise(word: str) -> str:
    """The form every skill, sector and trade is compared in."""
    return " ".join(word.casefold().split())[:60]


class MentorProfileQuerySet(models.QuerySet["MentorProfile"]):
    def visible_to(self, viewer: Any) -> MentorProfileQuerySet:
        """THE rule: the member, and whoever may see their profile's basics."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(
            Q(user=viewer) | Q(user__in=Profile.objects.visible_to(viewer).values("user"))
        )

    def taking(self) -> MentorProfileQuerySet:
        """Profiles that may be ranked: not paused."""
        return self.filter(paused=False)


class MentorProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    offer = models.TextField(_("what I offer"), max_length=OFFER_MAX_LENGTH, blank=True)
    skills = models.JSONField(default=list, blank=True)
    sectors = models.JSONField(default=list, blank=True)
    trades = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    region = models.CharField(_("region"), max_length=2, choices=Region, blank=True)
    in_person = models.BooleanField(_("I can meet in person"), default=True)
    online = models.BooleanField(_("I can meet online"), default=True)
    max_mentees = models.PositiveSmallIntegerField(_("how many mentees I take"), default=2)
    paused = models.BooleanField(_("paused: I take no new mentee for now"), default=False)
    updated = models.DateTimeField(auto_now=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")

    def __str__(self) -> str:
        return f"mentor profile of {self.user_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        if viewer is None or not viewer.is_authenticated:
            return False
        if viewer.pk == self.user_id:
            return True
        return Profile.objects.visible_to(viewer).filter(user=self.user_id).exists()


class MentorOffer(models.Model):
    """One searchable item of a mentor profile (see the module's docstring)."""

    profile = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=8, choices=OfferKind)
    value = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "kind", "value"], name="mentor_offer_once")
        ]
        indexes = [models.Index(fields=["kind", "value", "profile"], name="mentor_offer_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
