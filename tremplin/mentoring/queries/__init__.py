"""The read path of mentoring, one module per part; the mentorships' reads are
re-exported here."""

from tremplin.mentoring.queries.mentorships import (
    API_CAP,
    LIST_CAP,
    PAST_CAP,
    home,
    listed,
    member_or_none,
    mentorship_or_404,
    mentorships_of,
)

__all__ = [
    "API_CAP",
    "LIST_CAP",
    "PAST_CAP",
    "home",
    "listed",
    "member_or_none",
    "mentorship_or_404",
    "mentorships_of",
]
