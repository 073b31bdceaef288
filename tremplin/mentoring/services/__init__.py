"""The actions of mentoring, one module per part. The mentorship's own actions (propose,
accept, decline, end) are re-exported here, where their callers have always found them;
programmes (`services.programmes`) and matching (`services.matching`) are imported from
their modules."""

from tremplin.mentoring.services.mentorships import (
    MentoringError,
    accept,
    clean_message,
    decline,
    end,
    propose,
)

__all__ = ["MentoringError", "accept", "clean_message", "decline", "end", "propose"]
