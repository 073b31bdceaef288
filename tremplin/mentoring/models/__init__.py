"""The mentoring app's tables (see each module's docstring for its rule)."""

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

__all__ = [
    "ENROLLING",
    "ENROLMENT_TRANSITIONS",
    "PROGRAMME_TRANSITIONS",
    "Enrolment",
    "EnrolmentQuerySet",
    "EnrolmentStatus",
    "JoinPolicy",
    "MentorOffer",
    "MentorProfile",
    "MentorProfileQuerySet",
    "OfferKind",
    "Programme",
    "ProgrammeQuerySet",
    "ProgrammeStatus",
    "Side",
    "normalise",
    "MENTORSHIP_TRANSITIONS",
    "MESSAGE_MAX_LENGTH",
    "Mentorship",
    "MentorshipQuerySet",
    "MentorshipStatus",
    "OPEN_STATUSES",
    "Role",
    "is_mentor_of",
]
