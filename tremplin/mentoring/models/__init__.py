"""The mentoring app's tables (see each module's docstring for its rule)."""

from tremplin.mentoring.models.agreement import Agreement, Frequency
from tremplin.mentoring.models.feedback import QUESTIONS, Rating, SurveyAnswer, SurveyKind
from tremplin.mentoring.models.goals import Goal, Milestone
from tremplin.mentoring.models.mentorships import (
    MENTORSHIP_TRANSITIONS,
    MESSAGE_MAX_LENGTH,
    OPEN_STATUSES,
    EndReason,
    Mentorship,
    MentorshipQuerySet,
    MentorshipStatus,
    Role,
    is_mentor_of,
)
from tremplin.mentoring.models.notes import Note
from tremplin.mentoring.models.profiles import (
    MentorOffer,
    MentorProfile,
    MentorProfileQuerySet,
    OfferKind,
    normalise,
)
from tremplin.mentoring.models.programmes import (
    ENROLLING,
    ENROLMENT_TRANSITIONS,
    PROGRAMME_TRANSITIONS,
    Enrolment,
    EnrolmentQuerySet,
    EnrolmentStatus,
    JoinPolicy,
    Programme,
    ProgrammeQuerySet,
    ProgrammeStatus,
    Side,
)
from tremplin.mentoring.models.sessions import Session, SessionStatus

__all__ = [
    "Agreement",
    "ENROLLING",
    "ENROLMENT_TRANSITIONS",
    "EndReason",
    "Enrolment",
    "EnrolmentQuerySet",
    "EnrolmentStatus",
    "Frequency",
    "Goal",
    "JoinPolicy",
    "MENTORSHIP_TRANSITIONS",
    "MESSAGE_MAX_LENGTH",
    "MentorOffer",
    "MentorProfile",
    "MentorProfileQuerySet",
    "Mentorship",
    "MentorshipQuerySet",
    "MentorshipStatus",
    "Milestone",
    "Note",
    "OPEN_STATUSES",
    "OfferKind",
    "PROGRAMME_TRANSITIONS",
    "Programme",
    "ProgrammeQuerySet",
    "ProgrammeStatus",
    "QUESTIONS",
    "Rating",
    "Role",
    "Session",
    "SessionStatus",
    "Side",
    "SurveyAnswer",
    "SurveyKind",
    "is_mentor_of",
    "normalise",
]
