"""What others may learn from feedback: aggregates only.

- `mentor_rating(mentor)`: the average of the ratings a mentor's MENTEES gave their held
  sessions, with the count, only from `MIN_RATINGS` (5) ratings on; None below. Any app
  may call it (a mentor's card, a ranking).
- `report_counts(mentorships)`: per mentorship, the numbers a programme report shows:
  sessions held, goals met and goals set, and the satisfaction average (all ratings of
  its held sessions, by both parties) with its number of ratings. Never a comment,
  never who said what. The report itself suppresses small groups; this gives raw
  counts per mentorship, in one query per table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, Q

from tremplin.mentoring.models import Goal, Mentorship, Rating, Session, SessionStatus
from tremplin.mentoring.models.feedback import MIN_RATINGS


@dataclass(frozen=True)
class MentorRating:
    average: float
    count: int


def mentor_rating(mentor: Any) -> MentorRating | None:
    """The mentor's average rating from their mentees, or None under 5 ratings."""
    found = Rating.objects.filter(
        session__mentorship__mentor=mentor,
        author_id=F("session__mentorship__mentee_id"),
    ).aggregate(average=Avg("score"), count=Count("pk"))
    if found["count"] < MIN_RATINGS:
        return None
    return MentorRating(round(float(found["average"]), 1), found["count"])


@dataclass(frozen=True)
class MentorshipCounts:
    sessions_held: int
    goals_met: int
    goals_total: int
    satisfaction: float | None  # the average rating (1–5), None without any
    ratings: int


def report_counts(mentorships: Iterable[Mentorship] | Any) -> dict[int, MentorshipCounts]:
    """{mentorship id: MentorshipCounts} for these mentorships (a queryset or ids);
    three queries whatever their number."""
    ids = [m if isinstance(m, int) else m.pk for m in mentorships]
    held = dict(
        Session.objects.filter(mentorship__in=ids, status=SessionStatus.HELD)
        .values("mentorship")
        .annotate(n=Count("pk"))
        .values_list("mentorship", "n")
    )
    goals: dict[int, dict[str, Any]] = {
        row["mentorship"]: dict(row)
        for row in Goal.objects.filter(mentorship__in=ids)
        .values("mentorship")
        .annotate(total=Count("pk"), met=Count("pk", filter=Q(done=True)))
    }
    rated: dict[int, dict[str, Any]] = {
        row["session__mentorship"]: dict(row)
        for row in Rating.objects.filter(session__mentorship__in=ids)
        .values("session__mentorship")
        .annotate(avg=Avg("score"), n=Count("pk"))
    }
    out = {}
    for pk in ids:
        g: dict[str, Any] = goals.get(pk, {})
        r: dict[str, Any] = rated.get(pk, {})
        avg = r.get("avg")
        out[pk] = MentorshipCounts(
            sessions_held=held.get(pk, 0),
            goals_met=g.get("met", 0),
            goals_total=g.get("total", 0),
            satisfaction=round(float(avg), 2) if avg is not None else None,
            ratings=r.get("n", 0),
        )
    return out


# ------------------------------------------------------ a programme report's columns
# Each counts PEOPLE among the programme's mentees whose mentorship started
# (`mentee_ids`), within the programme's own mentorships; the report suppresses groups
# under 5 (tremplin.mentoring.report). Registered from hooks.py.


def _programme_mentorships(programme: Any, mentee_ids: list[int]) -> Any:
    return Mentorship.objects.filter(
        programme=programme, mentee_id__in=mentee_ids, started_at__isnull=False
    )


def mentees_who_met(programme: Any, mentee_ids: list[int]) -> int:
    """Mentees with at least one session held."""
    held = Session.objects.filter(
        mentorship__in=_programme_mentorships(programme, mentee_ids), status=SessionStatus.HELD
    )
    return held.values("mentorship__mentee_id").distinct().count()


def mentees_with_a_goal_met(programme: Any, mentee_ids: list[int]) -> int:
    met = Goal.objects.filter(
        mentorship__in=_programme_mentorships(programme, mentee_ids), done=True
    )
    return met.values("mentorship__mentee_id").distinct().count()


def mentees_satisfied(programme: Any, mentee_ids: list[int]) -> int:
    """Mentees whose own ratings of their sessions average 4 or more (out of 5)."""
    theirs = Rating.objects.filter(
        session__mentorship__in=_programme_mentorships(programme, mentee_ids),
        author_id=F("session__mentorship__mentee_id"),
    )
    return theirs.values("author_id").annotate(average=Avg("score")).filter(average__gte=4).count()
