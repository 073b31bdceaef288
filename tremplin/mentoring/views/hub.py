"""The mentorship page (/<lang>/mentoring/<id>/): terms, goals, sessions, notes and
feedback, for its two parties only (anything else: 404). Every action is a POST form
(views/hub_actions.py) that works without JavaScript; bad input shows this page again
with the text kept and the reason, status 400."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tremplin.core.markdown import render_markdown
from tremplin.mentoring.forms_hub import (
    EndForm,
    GoalForm,
    MilestoneForm,
    NoteForm,
    RatingForm,
    SessionForm,
    SurveyForm,
    TermsForm,
)
from tremplin.mentoring.models import Mentorship, MentorshipStatus, SessionStatus, SurveyKind
from tremplin.mentoring.queries import hub as queries
from tremplin.mentoring.queries.feedback import mentor_rating
from tremplin.mentoring.services.feedback import survey_open
from tremplin.mentoring.services.sessions import offered_times


def session_form(
    user: Any, m: Mentorship, data: Any = None, slots: list[Any] | None = None, **kwargs: Any
) -> SessionForm:
    """The form proposing (or moving) a session: the mentor's free times of the next
    three weeks, and a typed time for the mentor."""
    if slots is None:
        slots = offered_times(user, m)
    return SessionForm(data, slots=slots, typed=user.pk == m.mentor_id, **kwargs)


def _decorate_sessions(
    user: Any, hub: queries.Hub, bound: dict[str, Any], slots: list[Any]
) -> None:
    now = timezone.now()
    shown: list[Any] = hub.sessions
    for s in shown:
        ahead = s.starts_at > now
        booked = s.status in (SessionStatus.PROPOSED, SessionStatus.ACCEPTED)
        s.can_answer = ahead and s.waiting_for == user.pk
        s.can_cancel = ahead and booked
        s.can_mark = not ahead and s.status == SessionStatus.ACCEPTED
        s.has_ics = s.status == SessionStatus.ACCEPTED
        s.my_rating = hub.my_ratings.get(s.pk)
        s.can_rate = s.status == SessionStatus.HELD
        if s.can_cancel and hub.mentorship.status == MentorshipStatus.ACTIVE:
            s.move_form = bound.get(f"move{s.pk}") or session_form(
                user, hub.mentorship, slots=slots, prefix=f"move{s.pk}"
            )
        s.rate_form = bound.get(f"rate{s.pk}") or RatingForm(
            prefix=f"rate{s.pk}",
            initial={"score": s.my_rating.score, "comment": s.my_rating.comment}
            if s.my_rating
            else None,
        )


def _decorate(hub: queries.Hub, bound: dict[str, Any]) -> None:
    goals: list[Any] = hub.goals
    notes: list[Any] = hub.notes
    for goal in goals:
        goal.milestone_form = bound.get(f"ms{goal.pk}") or MilestoneForm(prefix=f"ms{goal.pk}")
        goal.percent = goal.progress()
    for note in notes:
        note.html = render_markdown(note.body)


def context(
    request: HttpRequest, m: Mentorship, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    user, bound = request.user, bound or {}
    hub = queries.hub(user, m)
    active = m.status == MentorshipStatus.ACTIVE
    slots = offered_times(user, m) if active else []
    _decorate_sessions(user, hub, bound, slots)
    _decorate(hub, bound)
    terms = hub.terms
    initial = (
        {
            "summary": terms.summary,
            "frequency": terms.frequency,
            "starts_on": terms.starts_on,
            "ends_on": terms.ends_on,
        }
        if terms
        else {"starts_on": timezone.localdate(m.started_at)}
    )
    surveys = [kind for kind in SurveyKind if survey_open(m, kind) and kind not in hub.my_surveys]
    return {
        "m": m,
        "hub": hub,
        "active": active,
        "me_mentor": user.pk == m.mentor_id,
        "other": m.other_party(user),
        "terms_form": bound.get("terms") or TermsForm(initial=initial),
        "end_form": bound.get("end") or EndForm(),
        "goal_form": bound.get("goal") or GoalForm(),
        "session_form": (bound.get("session") or session_form(user, m, slots=slots))
        if active
        else None,
        "note_form": bound.get("note") or NoteForm(sessions=hub.sessions),
        "surveys": surveys,
        "survey_form": bound.get("survey") or SurveyForm(),
        "mentor_rating": mentor_rating(m.mentor),
    }


def page(
    request: HttpRequest, m: Mentorship, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request, "mentoring/mentorship/hub.html", context(request, m, bound), status=status
    )


@login_required
def hub(request: HttpRequest, pk: int) -> HttpResponse:
    return page(request, queries.started_or_404(request.user, pk))
