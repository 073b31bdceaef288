"""The job search page and the member's saved searches and alerts. Every change is a
POST form that works without JavaScript and calls `services.py`; a saved search that
is not the viewer's is a 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.forms import posted
from tremplin.core.jinja import render_to_string
from tremplin.job_alerts import queries, services, shared
from tremplin.job_alerts.forms import SavedSearchForm, SearchForm
from tremplin.job_alerts.models import SavedSearch
from tremplin.job_alerts.search import BadSearch, SearchParams, search

SEARCH_FIELDS = ("q", "region", "remote", "employment_type", "min_salary", "language",
                 "posted_since", "organization", "sort")  # fmt: skip


def _query_without_paging(request: HttpRequest) -> str:
    pairs = [(k, v) for k in SEARCH_FIELDS for v in request.GET.getlist(k) if v]
    return urlencode(pairs)


def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results: str | None = None
    status = 200
    query = _query_without_paging(request)
    if form.is_bound and form.is_valid():
        try:
            results = _results(request, form.params(), query)
        except BadSearch as error:
            field = str(error) if str(error) in form.fields else None
            form.add_error(field, _("This value is not valid."))
            status = 400
    elif form.is_bound:
        status = 400
    else:
        results = _results(request, SearchParams(), query)
    return render(
        request,
        "job_alerts/search.html",
        {
            "form": form,
            "results": results,
            "query": query,
            "save_url": _save_url(query),
        },
        status=status,
    )


def _results(request: HttpRequest, params: SearchParams, query: str) -> SafeString:
    """The results fragment: kept for the viewers who share it (`shared.py`), otherwise
    searched and rendered. Raises BadSearch."""
    params.validate()
    key = shared.results_key(request.user, params, query)
    html = shared.kept(key)
    if html is None:
        page = search(request.user, params)
        html = render_to_string(
            "job_alerts/_results.jinja",
            {"page": page, "query": query, "user": request.user},
            request,
        )
        shared.keep(key, html)
    return mark_safe(html)  # noqa: S308 (rendered by the autoescaping Jinja2 fragment)


def _save_url(query: str) -> str:
    url = reverse("job_alerts:new")
    return f"{url}?{query}" if query else url


def _mine(request: HttpRequest, pk: int) -> SavedSearch:
    return queries.saved_search_or_404(request.user, pk)


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    saved = list(queries.saved_searches(request.user)[: services.MAX_SAVED_SEARCHES])
    return render(
        request,
        "job_alerts/list.html",
        {"saved": saved, "emails_stopped": services.emails_stopped(request.user)},
    )


def _initial_from_search(request: HttpRequest) -> dict[str, Any]:
    """A new saved search starts from the search the member just ran."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return {}
    data = form.cleaned_data
    names = ("q", "region", "employment_type", "min_salary", "language", "posted_since", "sort")
    initial = {k: data.get(k) for k in names if data.get(k)}
    if data.get("remote"):
        initial["remote"] = data["remote"] == "yes"
    if data.get("organization"):
        initial["organization_slug"] = data["organization"]
    initial["name"] = data.get("q") or _("My job search")
    initial["is_alert"] = True
    return initial


@login_required
def alert_new(request: HttpRequest) -> HttpResponse:
    data, _files = posted(request)
    form = SavedSearchForm(data, initial=_initial_from_search(request) if data is None else None)
    if data is not None and form.is_valid():
        try:
            saved = services.save_search(request.user, form.data_for_service())
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Your search “%(name)s” is saved.") % {"name": saved.name})
            return redirect("job_alerts:list")
    return render(
        request, "job_alerts/form.html", {"form": form, "saved": None},
        status=400 if data is not None else 200,
    )  # fmt: skip


@login_required
def alert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _mine(request, pk)
    data, _files = posted(request)
    form = SavedSearchForm(data, instance=saved)
    if data is not None and form.is_valid():
        try:
            services.save_search(request.user, form.data_for_service(), saved=saved)
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("job_alerts:list")
    return render(
        request, "job_alerts/form.html", {"form": form, "saved": saved},
        status=400 if data is not None else 200,
    )  # fmt: skip


def _attach(form: forms.BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_POST
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _mine(request, pk)
    services.delete_search(request.user, saved)
    messages.success(request, _("“%(name)s” is deleted.") % {"name": saved.name})
    return redirect("job_alerts:list")


@login_required
@require_POST
def alert_pause(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _mine(request, pk)
    services.set_active(request.user, saved, False)
    messages.success(request, _("The alert “%(name)s” is paused.") % {"name": saved.name})
    return redirect("job_alerts:list")


@login_required
@require_POST
def alert_resume(request: HttpRequest, pk: int) -> HttpResponse:
    saved = _mine(request, pk)
    services.set_active(request.user, saved, True)
    messages.success(request, _("The alert “%(name)s” is on.") % {"name": saved.name})
    return redirect("job_alerts:list")


@login_required
def alert_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a saved search: the search page with its parameters."""
    saved = _mine(request, pk)
    params = saved.params()
    pairs = {
        "q": params.q, "region": params.region, "employment_type": params.employment_type,
        "language": params.language, "organization": params.organization, "sort": params.sort,
        "min_salary": params.min_salary or "", "posted_since": params.posted_since or "",
        "remote": {True: "yes", False: "no"}.get(params.remote, ""),  # type: ignore[arg-type]
    }  # fmt: skip
    query = urlencode({k: v for k, v in pairs.items() if v})
    return redirect(reverse("job_alerts:search") + (f"?{query}" if query else ""))
