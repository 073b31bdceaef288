"""Survey pages (by the emailed link, without a password, or signed in from the app),
the counsellor's "send a mid-service survey" button, and the agency report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.exports import csv_bytes, csv_download
from tremplin.core.refusals import message_of
from tremplin.counselling import queries as counselling
from tremplin.outcomes import charts, queries, services
from tremplin.outcomes import report as reporting
from tremplin.outcomes.forms import ReportForm, SurveyForm
from tremplin.outcomes.models import SurveyInvitation, SurveyResponse

# ------------------------------------------------------------------ surveys


def _other_language() -> str:
    return "en" if translation.get_language() == "fr" else "fr"


def _url_in(language: str, name: str, **kwargs: Any) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _render_survey(
    request: HttpRequest,
    invitation: SurveyInvitation,
    form: SurveyForm,
    action: str,
    other_url: str,
    status: int = 200,
) -> HttpResponse:
    counsellor = invitation.counsellor or invitation.case.counsellor
    context = {
        "invitation": invitation,
        "form": form,
        "action": action,
        "other_url": other_url,
        "other_language": _other_language(),
        "counsellor": counsellor.profile.display_name,
        "agency": invitation.case.agency.name,
        "scores": [1, 2, 3, 4, 5],
    }
    return render(request, "outcomes/survey.html", context, status=status)


def _render_state(request: HttpRequest, invitation: SurveyInvitation, status: int) -> HttpResponse:
    return render(request, "outcomes/survey_closed.html", {"invitation": invitation}, status=status)


def _survey_view(
    request: HttpRequest,
    invitation: SurveyInvitation,
    submit: Callable[[int, str], SurveyResponse],
    action: str,
    other_url: str,
) -> HttpResponse:
    """GET shows the form (or why it cannot be answered); POST answers once."""
    if invitation.is_answered:
        return _render_state(request, invitation, 409 if request.method == "POST" else 200)
    if invitation.is_expired:
        return _render_state(request, invitation, 410)
    if request.method != "POST":
        return _render_survey(request, invitation, SurveyForm(), action, other_url)
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            submit(form.cleaned_data["score"], form.cleaned_data["comment"])
        except services.SurveyError as error:
            if error.code in ("answered", "expired"):
                invitation.refresh_from_db()
                return _render_state(request, invitation, 409 if error.code == "answered" else 410)
            if error.code == "not_found":
                raise Http404 from None
            form.add_error(None, error)
        else:
            return redirect("outcomes:thanks")
    return _render_survey(request, invitation, form, action, other_url, status=400)


def link(request: HttpRequest, signed: str) -> HttpResponse:
    """The emailed link: no password, and it never signs anyone in."""
    try:
        invitation = services.invitation_for_link(signed)
    except services.SurveyError:
        raise Http404 from None
    language = translation.get_language()

    def submit(score: int, comment: str) -> SurveyResponse:
        return services.answer_by_link(signed, score, comment, language)

    return _survey_view(
        request,
        invitation,
        submit,
        reverse("outcomes:link", kwargs={"signed": signed}),
        _url_in(_other_language(), "outcomes:link", signed=signed),
    )


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed-in client answers from the app (the notification leads here through
    the case page), without the emailed link."""
    invitation = queries.client_invitation(request.user, pk)
    if invitation is None:
        raise Http404
    language = translation.get_language()

    def submit(score: int, comment: str) -> SurveyResponse:
        return services.answer_as_client(request.user, pk, score, comment, language)

    return _survey_view(
        request,
        invitation,
        submit,
        reverse("outcomes:answer", kwargs={"pk": pk}),
        _url_in(_other_language(), "outcomes:answer", pk=pk),
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/thanks.html")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """My surveys waiting for an answer."""
    waiting = list(queries.waiting_for(request.user)[:50])
    return render(request, "outcomes/mine.html", {"waiting": waiting})


@login_required
@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    """The counsellor sends a mid-service survey from the case page."""
    found = counselling.counsellor_case_or_404(request.user, pk)
    try:
        services.send_mid_service_survey(request.user, found)
    except services.SurveyError as error:
        if error.code == "not_found":
            raise Http404 from None
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("The survey is sent to the client."))
    return redirect(found.get_absolute_url() + "#outcomes")


# ------------------------------------------------------------------ the agency report


def period_of(form: ReportForm) -> tuple[date, date]:
    """The chosen period; a missing end is today, a missing start 12 months before."""
    default_start, default_end = reporting.default_period()
    end = form.cleaned_data.get("end") or default_end
    start = form.cleaned_data.get("start")
    if start is None:
        start = reporting.default_period(end)[0] if form.cleaned_data.get("end") else default_start
    return start, end


def _charts(found: reporting.Report) -> dict[str, Any]:
    hidden = reporting.fewer_than()

    def satisfaction_bars(items: list[reporting.Satisfaction]) -> list[charts.Bar]:
        return [
            charts.Bar(i.label, i.percent, hidden if i.percent is None else f"{i.percent} %")
            for i in items
        ]

    def count_bars(cells: list[reporting.Cell]) -> list[charts.Bar]:
        return [
            charts.Bar(
                c.label,
                c.figure.value,
                hidden if c.figure.value is None else str(c.figure.value),
            )
            for c in cells
        ]

    made = {
        "by_counsellor": charts.bar_chart(
            "chart-counsellor",
            _("Chart: share of satisfied answers by counsellor"),
            satisfaction_bars(found.by_counsellor),
            100,
        ),
        "by_service": charts.bar_chart(
            "chart-service",
            _("Chart: share of satisfied answers by service"),
            satisfaction_bars(found.by_service),
            100,
        ),
        "by_kind": charts.bar_chart(
            "chart-kind",
            _("Chart: share of satisfied answers by survey"),
            satisfaction_bars(found.by_kind),
            100,
        ),
        "exits": charts.bar_chart(
            "chart-exits", _("Chart: exits by reason"), count_bars(found.exits.cells)
        ),
    }
    return made


@login_required
def report(request: HttpRequest, slug: str) -> HttpResponse:
    agency = counselling.admin_agency_or_404(request.user, slug)
    form = ReportForm(request.GET)
    if not form.is_valid():
        context = {"agency": agency, "form": form, "report": None}
        return render(request, "outcomes/report.html", context, status=400)
    start, end = period_of(form)
    found = reporting.build_report(agency, start, end)
    csv_url = reverse("outcomes:report_csv", kwargs={"slug": agency.slug})
    csv_url += f"?start={start.isoformat()}&end={end.isoformat()}"
    context = {
        "agency": agency,
        "form": form,
        "report": found,
        "charts": _charts(found),
        "csv_url": csv_url,
        "threshold": reporting.THRESHOLD,
        "categories": reporting.outcome_labels(),
        "hidden": reporting.fewer_than(),
    }
    return render(request, "outcomes/report.html", context)


@login_required
def report_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The same suppressed figures as the page, as UTF-8 CSV with a BOM (so that
    spreadsheets read the accents), headers in the page's language; no cell a
    spreadsheet would run as a formula (`core.exports`)."""
    agency = counselling.admin_agency_or_404(request.user, slug)
    form = ReportForm(request.GET)
    if not form.is_valid():
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    start, end = period_of(form)
    rows = reporting.csv_rows(reporting.build_report(agency, start, end))
    filename = f"report-{agency.slug}-{start.isoformat()}-{end.isoformat()}.csv"
    return csv_download(csv_bytes(rows), filename)
