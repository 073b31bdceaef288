"""The mentoring app's tables (see each module's docstring for its rule)."""

from tremplin.mentoring.models.agreement import Agreement, EndReason, Frequency
from tremplin.mentoring.models.feedback import QUESTIONS, Rating, SurveyAnswer, SurveyKind
from tremplin.mentoring.models.goals import Goal, Milestone
from tremplin.mentoring.models.mentorships import (
    MENTORSHIP_TRANSITIONS,
    MESSAGE_MAX_LENGTH,
    OPEN_STATUSES,
    Mentorship,
    MentorshipQuerySet,
    MentorshipStatus,
    Role,
    is_mentor_of,
)
from tremplin.mentoring.models.notes import Note
from tremplin.mentoring.models.sessions import Session, SessionStatus

__all__ = [
    "QUESTIONS",
    "Agreement",
    "EndReason",
    "Frequency",
    "Goal",
    "Milestone",
    "Note",
    "Rating",
    "Session",
    "SessionStatus",
    "SurveyAnswer",
    "SurveyKind",
    "MENTORSHIP_TRANSITIONS",
    "MESSAGE_MAX_LENGTH",
    "Mentorship",
    "MentorshipQuerySet",
    "MentorshipStatus",
    "OPEN_STATUSES",
    "Role",
    "is_mentor_of",
]
