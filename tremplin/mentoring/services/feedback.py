"""Feedback: each party rates a held session once (1–5, a comment if they like; they may
change it), and answers the mid-point survey (from the middle of the agreed dates) and
the exit survey (once the mentorship has ended) once each."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.mentoring.models import (
    QUESTIONS,
    Mentorship,
    MentorshipStatus,
    Rating,
    Session,
    SessionStatus,
    SurveyAnswer,
    SurveyKind,
)
from tremplin.mentoring.models.agreement import middle_of
from tremplin.mentoring.models.feedback import COMMENT_MAX_LENGTH
from tremplin.mentoring.services.agreement import in_force
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.mentoring.services.parties import party_of


def _comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise MentoringError(
            _("The comment is too long: %(max)d characters at most.") % {"max": COMMENT_MAX_LENGTH},
            code="invalid",
        )
    return comment


def _score(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise MentoringError(_("Choose from 1 to 5."), code="invalid")
    return value


@transaction.atomic
def rate(user: Any, session: Session, score: int, comment: str = "") -> Rating:
    party_of(user, session.mentorship, ended_too=True)
    if Session.objects.get(pk=session.pk).status != SessionStatus.HELD:
        raise MentoringError(_("Only a held session is rated."), code="transition")
    rating, _created = Rating.objects.update_or_create(
        session=session,
        author=user,
        defaults={"score": _score(score), "comment": _comment(comment)},
    )
    return rating


def survey_open(mentorship: Mentorship, kind: str) -> bool:
    """The exit survey once ended; the mid-point one from the middle of the agreed dates
    while active."""
    if kind == SurveyKind.EXIT:
        return mentorship.status == MentorshipStatus.ENDED and mentorship.started_at is not None
    if mentorship.status != MentorshipStatus.ACTIVE:
        return False
    terms = in_force(mentorship)
    if terms is None:
        return False
    return timezone.localdate() >= middle_of(terms.starts_on, terms.ends_on)


@transaction.atomic
def answer_survey(
    user: Any, mentorship: Mentorship, kind: str, answers: dict[str, Any], comment: str = ""
) -> SurveyAnswer:
    found = party_of(user, mentorship, ended_too=True)
    if kind not in SurveyKind.values or not survey_open(found, kind):
        raise MentoringError(_("This survey is not open."), code="transition")
    if set(answers) != set(QUESTIONS):
        raise MentoringError(_("Answer every question."), code="invalid")
    clean = {key: _score(answers[key]) for key in QUESTIONS}
    if SurveyAnswer.objects.filter(mentorship=found, author=user, kind=kind).exists():
        raise MentoringError(_("You have already answered this survey."), code="conflict")
    return SurveyAnswer.objects.create(
        mentorship=found, author=user, kind=kind, answers=clean, comment=_comment(comment)
    )
