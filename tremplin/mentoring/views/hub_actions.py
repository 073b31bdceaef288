"""The mentorship page's POST actions and a session's .ics. Each calls one service;
bad input or a refusal tied to a form shows the page again (text kept, reason, 400); a
refusal of a plain button comes back as a message. Anything not the viewer's: 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tremplin.core.refusals import message_of
from tremplin.mentoring.calendar import ics_response
from tremplin.mentoring.forms_hub import (
    EndForm,
    GoalForm,
    MilestoneForm,
    NoteForm,
    RatingForm,
    SurveyForm,
    TermsForm,
)
from tremplin.mentoring.models import Mentorship, SurveyKind
from tremplin.mentoring.queries import hub as queries
from tremplin.mentoring.services import agreement, feedback, goals, notes, sessions
from tremplin.mentoring.services.agreement import Terms
from tremplin.mentoring.services.sessions import Plan
from tremplin.mentoring.views.hub import page, session_form


def _back(m: Mentorship, anchor: str) -> HttpResponse:
    return redirect(f"{m.get_absolute_url()}#{anchor}")


def _with_form(
    request: HttpRequest,
    m: Mentorship,
    name: str,
    form: Form,
    run: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Validate `form`, run the action with its data; the page again on any error."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, message_of(error))
        else:
            messages.success(request, done)
            return _back(m, name)
    return page(request, m, {name: form}, status=400)


def _button(
    request: HttpRequest, m: Mentorship, run: Callable[[], Any], done: str, anchor: str
) -> HttpResponse:
    try:
        run()
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, done)
    return _back(m, anchor)


@login_required
@require_POST
def terms(request: HttpRequest, pk: int) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    return _with_form(
        request,
        m,
        "terms",
        TermsForm(request.POST),
        lambda d: agreement.propose_terms(
            request.user, m, Terms(d["summary"], d["frequency"], d["starts_on"], d["ends_on"])
        ),
        _("Your terms are proposed. They count once the other party agrees."),
    )


@login_required
@require_POST
def terms_answer(request: HttpRequest, pk: int, aid: int, answer: str) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    found = queries.agreement_or_404(request.user, m, aid)
    action = agreement.agree if answer == "agree" else agreement.decline_terms
    done = _("The terms are agreed.") if answer == "agree" else _("Terms declined.")
    return _button(request, m, lambda: action(request.user, found), done, "terms")


@login_required
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    return _with_form(
        request,
        m,
        "end",
        EndForm(request.POST),
        lambda d: agreement.end_early(request.user, m, d["reason"], d["note"]),
        _("The mentorship has ended. The other party is told."),
    )


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    return _with_form(
        request,
        m,
        "goal",
        GoalForm(request.POST),
        lambda d: goals.add_goal(request.user, m, d["title"]),
        _("Goal added."),
    )


@login_required
@require_POST
def goal_action(request: HttpRequest, pk: int, gid: int, action: str) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    goal = queries.goal_or_404(request.user, m, gid)
    if action == "milestone":
        form = MilestoneForm(request.POST, prefix=f"ms{gid}")
        return _with_form(
            request,
            m,
            f"ms{gid}",
            form,
            lambda d: goals.add_milestone(request.user, goal, d["title"]),
            _("Milestone added."),
        )
    runs: dict[str, Callable[[], Any]] = {
        "done": lambda: goals.set_goal_done(request.user, goal, True),
        "undo": lambda: goals.set_goal_done(request.user, goal, False),
        "remove": lambda: goals.remove_goal(request.user, goal),
    }
    return _button(request, m, runs[action], _("Goals updated."), "goals")


@login_required
@require_POST
def milestone_action(request: HttpRequest, pk: int, mid: int, action: str) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    stone = queries.milestone_or_404(request.user, m, mid)
    done = action == "done"
    return _button(
        request,
        m,
        lambda: goals.set_milestone_done(request.user, stone, done),
        _("Goals updated."),
        "goals",
    )


def _plan(d: dict[str, Any]) -> Plan:
    return Plan(d["starts_at"], d["minutes"], d["link"], d["place"], d["agenda"])


@login_required
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    return _with_form(
        request,
        m,
        "session",
        session_form(request.user, m, request.POST),
        lambda d: sessions.propose_session(request.user, m, _plan(d)),
        _("Session proposed. It waits for the other party's answer."),
    )


SESSION_BUTTONS: dict[str, Callable[[Any, Any], Any]] = {
    "accept": sessions.accept_session,
    "decline": sessions.decline_session,
    "cancel": sessions.cancel_session,
    "held": lambda u, s: sessions.mark_session(u, s, True),
    "missed": lambda u, s: sessions.mark_session(u, s, False),
}
_SESSION_DONE = {
    "accept": lambda: _("Session accepted."),
    "decline": lambda: _("Session declined."),
    "cancel": lambda: _("Session cancelled."),
    "held": lambda: _("Session marked as held. Rate it below."),
    "missed": lambda: _("Session marked as missed."),
}


@login_required
@require_POST
def session_action(request: HttpRequest, pk: int, sid: int, action: str) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    found = queries.session_or_404(request.user, m, sid)
    if action == "rate":
        return _with_form(
            request,
            m,
            f"rate{sid}",
            RatingForm(request.POST, prefix=f"rate{sid}"),
            lambda d: feedback.rate(request.user, found, d["score"], d["comment"]),
            _("Thank you for your rating."),
        )
    if action == "reschedule":
        form = session_form(request.user, m, request.POST, prefix=f"move{sid}")
        return _with_form(
            request,
            m,
            f"move{sid}",
            form,
            lambda d: sessions.reschedule_session(request.user, found, _plan(d)),
            _("New time proposed. It waits for the other party's answer."),
        )
    run = SESSION_BUTTONS[action]
    return _button(
        request, m, lambda: run(request.user, found), _SESSION_DONE[action](), f"session-{sid}"
    )


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int, sid: int) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    return ics_response(request, queries.session_or_404(request.user, m, sid))


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    hub_sessions = queries.sessions_of(m, request.user)
    form = NoteForm(request.POST, sessions=hub_sessions)
    by_pk = {s.pk: s for s in hub_sessions}
    return _with_form(
        request,
        m,
        "note",
        form,
        lambda d: notes.add_note(
            request.user, m, d["body"], private=d["private"], session=by_pk.get(d["session"])
        ),
        _("Note saved."),
    )


@login_required
@require_POST
def note_delete(request: HttpRequest, pk: int, nid: int) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    note = queries.note_or_404(request.user, m, nid)
    return _button(
        request, m, lambda: notes.delete_note(request.user, note), _("Note deleted."), "notes"
    )


@login_required
@require_POST
def survey(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    m = queries.started_or_404(request.user, pk)
    if kind not in SurveyKind.values:
        raise Http404
    form = SurveyForm(request.POST)
    return _with_form(
        request,
        m,
        "survey",
        form,
        lambda d: feedback.answer_survey(request.user, m, kind, form.answers(), d["comment"]),
        _("Thank you for your answers."),
    )
