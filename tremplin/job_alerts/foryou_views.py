"""Pages of Jobs for you: the member's list with its reasons, their job preferences,
and the "Best matches for this client" section of a case page (counsellors with the
profile scope). The forward button of that section posts to the forwarding page of
applications (its service, its checks, its CSRF-protected form); static/js/jobs_for_you.js
turns the answer into "Forwarded" in the row without leaving the case page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tremplin.core.consent import refusal_sentence
from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.counselling.models import Case, CaseStatus, Scope
from tremplin.counselling.queries import counsellor_case_or_404
from tremplin.job_alerts import foryou, foryou_services
from tremplin.job_alerts.foryou_forms import PreferencesForm
from tremplin.job_alerts.views import _attach

CASE_SHOWN = 5


@login_required
def for_you(request: HttpRequest) -> HttpResponse:
    user = request.user
    wishes = foryou.wishes_of(user)
    return render(
        request,
        "job_alerts/for_you.html",
        {
            "wishes": wishes,
            "suggestions": foryou.suggest(user, wishes),
            "has_preferences": wishes.saved,
            "weekly_digest": foryou_services.wants_digest(user),
        },
    )


def _initial(user: Any) -> dict[str, Any]:
    """The form's first values: the saved preferences, else what the profile says (read
    only then: four queries)."""
    prefs = foryou.preferences_of(user)
    digest = foryou_services.wants_digest(user)
    if prefs is None:
        defaults = foryou.profile_defaults(user)
        return {
            "desired_roles": defaults["role"],
            "region": defaults["region"],
            "remote": "also",
            "salary_unit": "YEAR",
            "languages": defaults["languages"],
            "weekly_digest": digest,
        }
    return {
        "desired_roles": prefs.desired_roles,
        "region": prefs.region,
        "remote": prefs.remote,
        "min_salary": prefs.min_salary,
        "salary_unit": prefs.salary_unit,
        "languages": prefs.languages,
        "weekly_digest": digest,
    }


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    data, _files = posted(request)
    form = PreferencesForm(data, initial=_initial(request.user) if data is None else None)
    if data is not None and form.is_valid():
        try:
            foryou_services.save_preferences(request.user, form.data_for_service())
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Your job preferences are saved."))
            return redirect("job_alerts:for_you")
    return render(
        request,
        "job_alerts/for_you_preferences.html",
        {"form": form},
        status=400 if data is not None else 200,
    )


def case_section(request: HttpRequest, case: Case, role: str) -> dict[str, Any] | None:
    """The case page's "Best matches for this client": the counsellor of an open case
    only. The matches load after the page (`case_matches`)."""
    if role != "counsellor" or case.status == CaseStatus.INVITED:
        return None
    return {"template": "job_alerts/_case_section.html", "case": case}


@login_required
def case_matches(request: HttpRequest, pk: int) -> HttpResponse:
    """The client's best matches for their counsellor (one of the counsellor's own open
    cases, else 404): the matches while the case grants the profile scope, else why
    not. A fragment for htmx, a page without JavaScript."""
    case = counsellor_case_or_404(request.user, pk)
    if case.status == CaseStatus.INVITED:
        raise Http404
    shown = case.grants(Scope.PROFILE)
    suggestions = []
    if shown:
        client = case.client
        wishes = foryou.wishes_of(client, viewer=request.user)
        suggestions = foryou.suggest(client, wishes, limit=CASE_SHOWN)
    matches = {
        "case": case,
        "shown": shown,
        "withheld": "" if shown else refusal_sentence(request.user, case.client, Scope.PROFILE),
        "suggestions": suggestions,
        "can_forward": case.status == CaseStatus.ACTIVE,
    }
    template = (
        "job_alerts/_case_matches.html" if is_htmx(request) else "job_alerts/case_matches.html"
    )
    return render(request, template, {"matches": matches})
