"""The mentorship page's reads (pages and API share them): a mentorship the viewer is a
party to (started: active or ended; a proposal has no page), its terms, goals with their
milestones, sessions, the notes the viewer may read, and the viewer's own feedback."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from tremplin.core.reads import visible_or_404
from tremplin.mentoring.models import (
    Agreement,
    Goal,
    Mentorship,
    MentorshipStatus,
    Milestone,
    Note,
    Rating,
    Session,
    SessionStatus,
    SurveyAnswer,
    SurveyKind,
)
from tremplin.mentoring.queries.mentorships import mentorships_of

NOTES_CAP = 200
SESSIONS_CAP = 200


def started_or_404(viewer: Any, pk: int) -> Mentorship:
    """A mentorship the viewer is a party to and that has started (else 404)."""
    return visible_or_404(
        mentorships_of(viewer)
        .filter(status__in=(MentorshipStatus.ACTIVE, MentorshipStatus.ENDED))
        .exclude(started_at=None),
        pk=pk,
    )


def goals_of(mentorship: Mentorship, viewer: Any) -> list[Goal]:
    return list(
        Goal.objects.visible_to(viewer)
        .filter(mentorship=mentorship)
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("created", "pk"))
        )
    )


def sessions_of(mentorship: Mentorship, viewer: Any) -> list[Session]:
    return list(
        Session.objects.visible_to(viewer)
        .filter(mentorship=mentorship)
        .select_related("mentorship")
        .order_by("-starts_at", "-pk")[:SESSIONS_CAP]
    )


def notes_of(mentorship: Mentorship, viewer: Any) -> list[Note]:
    return list(
        Note.objects.visible_to(viewer)
        .filter(mentorship=mentorship)
        .select_related("author")[:NOTES_CAP]
    )


def session_or_404(viewer: Any, mentorship: Mentorship, pk: int) -> Session:
    return visible_or_404(
        Session.objects.visible_to(viewer)
        .filter(mentorship=mentorship)
        .select_related("mentorship__mentor__profile", "mentorship__mentee__profile"),
        pk=pk,
    )


def goal_or_404(viewer: Any, mentorship: Mentorship, pk: int) -> Goal:
    # Only the parties act on goals: a counsellor who may read them still gets a 404 here.
    return visible_or_404(Goal.objects.filter(mentorship=mentorship), pk=pk)


def milestone_or_404(viewer: Any, mentorship: Mentorship, pk: int) -> Milestone:
    return visible_or_404(
        Milestone.objects.filter(goal__mentorship=mentorship).select_related("goal__mentorship"),
        pk=pk,
    )


def note_or_404(viewer: Any, mentorship: Mentorship, pk: int) -> Note:
    return visible_or_404(Note.objects.visible_to(viewer).filter(mentorship=mentorship), pk=pk)


def agreement_or_404(viewer: Any, mentorship: Mentorship, pk: int) -> Agreement:
    return visible_or_404(
        Agreement.objects.visible_to(viewer)
        .filter(mentorship=mentorship)
        .select_related("mentorship"),
        pk=pk,
    )


@dataclass
class Hub:
    mentorship: Mentorship
    terms: Agreement | None
    pending: Agreement | None
    goals: list[Goal]
    sessions: list[Session]
    notes: list[Note]
    my_ratings: dict[int, Rating] = field(default_factory=dict)
    my_surveys: set[str] = field(default_factory=set)

    @property
    def goals_met(self) -> int:
        return sum(1 for g in self.goals if g.done)


def hub(viewer: Any, mentorship: Mentorship) -> Hub:
    if not mentorship.is_visible_to(viewer):
        raise Http404
    terms = Agreement.objects.filter(mentorship=mentorship).agreed().order_by("-agreed_at").first()
    pending = Agreement.objects.filter(mentorship=mentorship).pending().order_by("-created").first()
    sessions = sessions_of(mentorship, viewer)
    held = [s.pk for s in sessions if s.status == SessionStatus.HELD]
    ratings = {r.session_id: r for r in Rating.objects.visible_to(viewer).filter(session__in=held)}
    surveys = set(
        SurveyAnswer.objects.visible_to(viewer)
        .filter(mentorship=mentorship)
        .values_list("kind", flat=True)
    )
    return Hub(
        mentorship=mentorship,
        terms=terms,
        pending=pending,
        goals=goals_of(mentorship, viewer),
        sessions=sessions,
        notes=notes_of(mentorship, viewer),
        my_ratings=ratings,
        my_surveys={SurveyKind(k) for k in surveys},
    )
