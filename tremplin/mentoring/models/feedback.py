"""Feedback: a rating (1–5, one click) and an optional comment by each party after a
held session, and the mid-point and exit surveys (fixed questions, each party once).

Who may see a rating or a survey answer: its author only (`visible_to`). What others
learn is aggregated: a mentor's average from at least `MIN_RATINGS` mentee ratings
(`queries.feedback.mentor_rating`), and the counts a programme report reads. Comments
are never shown to anyone but their author — not the other party, not a counsellor.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.mentoring.models.mentorships import Mentorship
from tremplin.mentoring.models.sessions import Session

COMMENT_MAX_LENGTH = 1000
MIN_RATINGS = 5
SCORE_Q = Q(score__gte=1) & Q(score__lte=5)


class SurveyKind(models.TextChoices):
    MIDPOINT = "midpoint", _("Mid-point survey")
    EXIT = "exit", _("Exit survey")


# The fixed questions, each answered 1 (not at all) to 5 (fully).
QUESTIONS = {
    "useful": _("The mentorship is useful to me."),
    "rhythm": _("We meet often enough."),
    "goals": _("We are moving towards our goals."),
    "recommend": _("I would recommend this mentorship to others."),
}


class OwnQuerySet(models.QuerySet[Any]):
    def visible_to(self, viewer: Any) -> Any:
        """THE rule: the author only."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        return self.filter(author=viewer)


class Rating(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="ratings")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("session rating")
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="rating_once_per_party"),
            models.CheckConstraint(condition=SCORE_Q, name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.score} on session {self.session_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return viewer is not None and viewer.is_authenticated and viewer.pk == self.author_id


class SurveyAnswer(models.Model):
    mentorship = models.ForeignKey(
        Mentorship, on_delete=models.CASCADE, related_name="survey_answers"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=SurveyKind)
    answers = models.JSONField(default=dict)  # {question key: 1..5}
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentoring survey answer")
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author", "kind"], name="survey_once_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} survey of {self.mentorship_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return viewer is not None and viewer.is_authenticated and viewer.pk == self.author_id

    def average(self) -> float | None:
        scores = [v for v in self.answers.values() if isinstance(v, int)]
        return sum(scores) / len(scores) if scores else None
