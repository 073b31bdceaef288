"""The coordinator's pages of a programme: the dashboard (figures, rosters with intake
answers, matches waiting), moving the programme along its lifecycle, inviting members,
proposing one match or the whole cohort, and the funder's CSV. Only the programme's
coordinators reach them (anyone else: 404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tremplin.core.exports import csv_download
from tremplin.core.forms import posted
from tremplin.core.refusals import message_of
from tremplin.mentoring import report
from tremplin.mentoring.forms_programmes import InviteForm, StatusForm
from tremplin.mentoring.models import PROGRAMME_TRANSITIONS, Side
from tremplin.mentoring.queries import programmes as queries
from tremplin.mentoring.queries.matching import mentee_features, rank
from tremplin.mentoring.scoring import reason_sentences
from tremplin.mentoring.services import matching
from tremplin.mentoring.services import programmes as services
from tremplin.mentoring.views.programmes import ranked_rows


def dashboard_context(user: Any, programme: Any, invite: InviteForm) -> dict[str, Any]:
    waiting = queries.waiting_matches(user, programme)
    return {
        "programme": programme,
        "report": report.build(programme),
        "moves": PROGRAMME_TRANSITIONS.targets(programme.status),
        "mentors": queries.roster(user, programme, Side.MENTOR),
        "mentees": queries.roster(user, programme, Side.MENTEE),
        "matched": queries.matched_mentees(programme),
        "waiting": [(m, reason_sentences(m.match_reasons)) for m in waiting],
        "invite": invite,
        "outcomes_withheld": report.outcomes_withheld(programme),
    }


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the dashboard; POST invites a member (bad input: 400, text kept)."""
    programme = queries.coordinated_or_404(request.user, pk)
    data, _files = posted(request)
    form = InviteForm(data, viewer=request.user, programme=programme)
    status = 200
    if data is not None:
        if form.is_valid():
            who = form.cleaned_data["who"].user
            try:
                services.invite(request.user, programme, who, form.cleaned_data["side"])
            except ValidationError as error:
                form.add_error("who", message_of(error))
            else:
                messages.success(request, _("The invitation is recorded."))
                return redirect("mentoring:coordinate", pk=programme.pk)
        status = 400
    context = dashboard_context(request.user, programme, form)
    return render(request, "mentoring/programmes/dashboard.html", context, status=status)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    programme = queries.coordinated_or_404(request.user, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a state."))
        return redirect("mentoring:coordinate", pk=programme.pk)
    try:
        services.move_programme(request.user, programme, form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("The programme's state is changed."))
    return redirect("mentoring:coordinate", pk=programme.pk)


@login_required
@require_POST
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    programme = queries.coordinated_or_404(request.user, pk)
    try:
        made = matching.propose_cohort(request.user, programme)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d match proposed. Both sides must accept it.",
                "%(count)d matches proposed. Both sides must accept each.",
                len(made),
            )
            % {"count": len(made)},
        )
    return redirect("mentoring:coordinate", pk=programme.pk)


@login_required
def suggest(request: HttpRequest, pk: int, mentee: int) -> HttpResponse:
    """The ranked mentors for one enrolled mentee; POST proposes one of them."""
    programme = queries.coordinated_or_404(request.user, pk)
    enrolment = queries.mentee_enrolment_or_404(request.user, programme, mentee)
    status = 200
    error_text = ""
    data, _files = posted(request)
    if data is not None:
        mentor = queries.enrolled_member(programme, data.get("mentor", ""), Side.MENTOR)
        try:
            if mentor is None:
                raise Http404
            matching.propose_match(request.user, programme, enrolment.user, mentor)
        except ValidationError as error:
            error_text, status = message_of(error), 400
        else:
            messages.success(request, _("The match is proposed. Both sides must accept it."))
            return redirect("mentoring:coordinate", pk=programme.pk)
    rows = ranked_rows(rank(mentee_features(enrolment), programme))
    context = {"programme": programme, "enrolment": enrolment, "rows": rows, "error": error_text}
    return render(request, "mentoring/programmes/suggest.html", context, status=status)


@login_required
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    programme = queries.coordinated_or_404(request.user, pk)
    body = report.csv_for(programme, report.build(programme))
    return csv_download(body, f"mentoring-programme-{pk}.csv")
