"""Satisfaction surveys: an invitation per survey sent to a client, and at most one
answer to it.

Only a hash of the link's token is stored (`token_hash`): a leaked database cannot be
used to answer in someone's name. An answer is never shown one by one with a name: the
client's counsellor sees only that a survey was sent or answered, and the agency's
admins see aggregates where each group counts at least five (`report.py`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How long a survey link stays valid.
SURVEY_VALID_DAYS = 60


def default_expiry() -> datetime:
    return timezone.now() + timedelta(days=SURVEY_VALID_DAYS)


class SurveyKind(models.TextChoices):
    EXIT = "exit", _("Exit survey")
    MID_SERVICE = "mid_service", _("Mid-service survey")


class SurveyInvitationQuerySet(models.QuerySet["SurveyInvitation"]):
    def open(self) -> SurveyInvitationQuerySet:
        """Not answered yet and not expired."""
        return self.filter(answered_at__isnull=True, expires_at__gt=timezone.now())

    def for_display(self) -> SurveyInvitationQuerySet:
        """A survey as its pages show it: the agency and the counsellor's name."""
        return self.select_related(
            "case__agency", "counsellor__profile", "case__counsellor__profile"
        )

    def visible_to(self, viewer: Any) -> SurveyInvitationQuerySet:
        """The case's client (their own surveys) and the case's current counsellor (that a
        survey was sent or answered, never the answer). Nobody else: not other
        counsellors, not the agency's admins (they see aggregates only), not staff."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(Q(case__client=viewer) | Q(case__counsellor=viewer))


class SurveyInvitation(models.Model):
    case = models.ForeignKey(
        "counselling.Case", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SurveyKind)
    # The counsellor who served the client when the survey was sent: the report groups
    # satisfaction by them (a later reassignment does not move past answers).
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=default_expiry)
    # Null for the exit survey, which the closing of the case sends by itself.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SurveyInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind="exit"), name="one_exit_survey_per_case"
            )
        ]
        indexes = [models.Index(fields=["case", "kind", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — case {self.case_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_expired(self) -> bool:
        return self.answered_at is None and self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        return not self.is_answered and not self.is_expired


class SurveyResponseQuerySet(models.QuerySet["SurveyResponse"]):
    def visible_to(self, viewer: Any) -> SurveyResponseQuerySet:
        """Nobody reads answers one by one in the product: the report aggregates them."""
        return self.none()


class SurveyResponse(models.Model):
    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.CASCADE, related_name="response"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    created = models.DateTimeField(default=timezone.now)

    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="survey_score_1_to_5"
            )
        ]
        indexes = [models.Index(fields=["created"])]

    def __str__(self) -> str:
        return f"answer to survey {self.invitation_id}"

    @property
    def satisfied(self) -> bool:
        return self.score >= 4
