"""Communities pages: the resources part's buttons, each a POST that calls one service
and comes back to the page it was pressed on with a message (a refusal says why)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.communities.forms_resources import DecisionForm
from tremplin.communities.models import Resource
from tremplin.communities.queries import resources as queries
from tremplin.communities.services import resources as services
from tremplin.core.refusals import message_of


def _back(request: HttpRequest, resource: Resource | None, fallback: str = "") -> HttpResponse:
    """To the page the button was on (`next`, our own paths only), else the resource's."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(resource.get_absolute_url() if resource is not None else fallback)


def _act(request: HttpRequest, pk: int, action: Callable[[Any, Resource], str]) -> HttpResponse:
    resource = queries.resource_or_404(request.user, pk)
    try:
        done = action(request.user, resource)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        if done:
            messages.success(request, done)
    return _back(request, resource)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    approve = request.POST.get("decision") == "approve"

    def act(user: Any, resource: Resource) -> str:
        services.decide(user, resource, approve=approve, reason=reason)
        return _("The resource is published.") if approve else _("The suggestion is declined.")

    return _act(request, pk, act)


@login_required
@require_POST
def feature(request: HttpRequest, pk: int) -> HttpResponse:
    featured = request.POST.get("featured") == "1"

    def act(user: Any, resource: Resource) -> str:
        services.set_featured(user, resource, featured)
        return (
            _("The resource is featured.") if featured else _("The resource is no longer featured.")
        )

    return _act(request, pk, act)


@login_required
@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    save = request.POST.get("saved") == "1"

    def act(user: Any, resource: Resource) -> str:
        services.bookmark(user, resource, save)
        return (
            _("Saved in “My saved resources”.") if save else _("Removed from your saved resources.")
        )

    return _act(request, pk, act)


@login_required
@require_POST
def useful(request: HttpRequest, pk: int) -> HttpResponse:
    answer = {"yes": True, "no": False}.get(request.POST.get("useful", ""))

    def act(user: Any, resource: Resource) -> str:
        services.vote(user, resource, answer)
        return _("Thank you for your answer.") if answer is not None else ""

    return _act(request, pk, act)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def act(user: Any, resource: Resource) -> str:
        services.withdraw(user, resource)
        return _("Your document is withdrawn from the library. It is still in your vault.")

    return _act(request, pk, act)


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = queries.resource_or_404(request.user, pk)
    library_url = queries.library_url(resource)
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.delete(request.user, resource, reason=reason)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(resource.get_absolute_url())
    messages.success(request, _("The resource is deleted."))
    return redirect(library_url)
