"""Moderation pages: the report form (every member, no JavaScript needed), the queue, one
reported thing with its decision form, the log (moderators of a scope), the author's
notice of a decision, and the member's own reports. Thin adapters over `queries` and
`services`; a refusal is shown on its form with its page status."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.models import User
from tremplin.core.forms import posted
from tremplin.core.refusals import Refusal, page_status
from tremplin.moderation import queries, services
from tremplin.moderation.forms import DecisionForm, ReportForm
from tremplin.moderation.models import Action


def _safe_next(request: HttpRequest, value: str | None) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def _add_refusal(form: Any, error: Refusal) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error)


@login_required
def report(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    reportable, obj = queries.reportable_or_404(request.user, kind, pk)
    back = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    data, _files = posted(request)
    form = ReportForm(data)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.report(
                request.user, kind, obj.pk, form.cleaned_data["reason"], form.cleaned_data["note"]
            )
        except Refusal as error:
            _add_refusal(form, error)
            status = page_status(error)
        else:
            messages.success(
                request, _("Thank you. The moderators will look at what you reported.")
            )
            return redirect(back or reportable.link(obj) or "home")
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "label": reportable.label,
        "excerpt": reportable.excerpt(obj),
        "back": back or reportable.link(obj),
        "next": back or "",
    }
    return render(request, "moderation/report.html", context, status=status)


def _moderator(request: HttpRequest) -> None:
    if not queries.may_moderate(request.user):
        raise PermissionDenied


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    return render(request, "moderation/queue.html", {"entries": queries.queue(request.user)})


@login_required
def entry(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _moderator(request)
    found = queries.entry_or_404(request.user, kind, pk)
    data, _files = posted(request)
    site = cast("User", request.user).is_moderator
    form = DecisionForm(data, removable=found.removable, site=site)
    status = 200
    if request.method == "POST" and form.is_valid():
        ask = services.Ask(
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            until=form.until() if "duration" in form.cleaned_data else None,
            tell_reporters=form.cleaned_data["tell_reporters"],
        )
        try:
            decision = services.decide(request.user, kind, pk, ask)
        except Refusal as error:
            _add_refusal(form, error)
            status = page_status(error)
        else:
            messages.success(
                request,
                _("Decision recorded: %(decision)s.") % {"decision": decision.done_label},
            )
            return redirect("moderation:queue")
    elif request.method == "POST":
        status = 400
    return render(request, "moderation/entry.html", {"entry": found, "form": form}, status=status)


@login_required
def log(request: HttpRequest) -> HttpResponse:
    _moderator(request)
    return render(
        request,
        "moderation/log.html",
        {"decisions": queries.log(request.user), "suspend": Action.SUSPEND},
    )


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    suspension = queries.suspension_or_404(request.user, pk)
    try:
        services.lift(request.user, suspension, request.POST.get("reason", ""))
    except Refusal as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The suspension is lifted."))
    return redirect("moderation:log")


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    decision = queries.notice_or_404(request.user, pk)
    return render(request, "moderation/notice.html", {"decision": decision})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/mine.html", {"reports": queries.my_reports(request.user)})
