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

__all__ = [
    "MENTORSHIP_TRANSITIONS",
    "MESSAGE_MAX_LENGTH",
    "Mentorship",
    "MentorshipQuerySet",
    "MentorshipStatus",
    "OPEN_STATUSES",
    "Role",
    "is_mentor_of",
]
