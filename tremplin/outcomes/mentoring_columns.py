"""Outcomes in a mentoring programme's report (tremplin.mentoring.report): how many of
its mentees (those whose mentorship started) found work, and how many started training.

Consent: only the programme's own agency's cases count, the cases those mentees
consented to with that agency (a follow-up recorded by another agency is that agency's
data, never this programme's). A mentee counts once, from a follow-up done (not
unreachable) with an employed or training outcome. The report suppresses groups under 5.
"""

from __future__ import annotations

from typing import Any

from tremplin.casework.models import EMPLOYED_OUTCOMES, TRAINING_OUTCOMES, FollowUp, FollowUpStatus


def _count(programme: Any, mentee_ids: list[int], outcomes: set[str]) -> int:
    if not mentee_ids:
        return 0
    return (
        FollowUp.objects.filter(
            case__agency_id=programme.agency_id,
            case__client_id__in=mentee_ids,
            status=FollowUpStatus.DONE,
            outcome__in=sorted(outcomes),
        )
        .values("case__client_id")
        .distinct()
        .count()
    )


def found_work(programme: Any, mentee_ids: list[int]) -> int:
    return _count(programme, mentee_ids, set(EMPLOYED_OUTCOMES))


def started_training(programme: Any, mentee_ids: list[int]) -> int:
    return _count(programme, mentee_ids, set(TRAINING_OUTCOMES))
