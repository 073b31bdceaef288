"""My network: connections, requests, follows, blocks and mutes. Every action is a POST
form that works without JavaScript and calls a function of `services.py`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.accounts.models import User
from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.core.refusals import message_of
from tremplin.network import queries, services
from tremplin.network.forms import ConnectionSearchForm, HashtagForm, RequestForm
from tremplin.network.queries import LIST_CAP

CONNECTIONS_PER_PAGE = 50


def back(request: HttpRequest, default: str = "network:home", **kwargs: Any) -> HttpResponse:
    """Redirect to `next` when it is one of our own pages, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, **kwargs)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    search = ConnectionSearchForm(request.GET)
    query = " ".join(search.cleaned_data["q"].split()) if search.is_valid() else ""
    page = Paginator(queries.connections_of(user, query), CONNECTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "search": search,
        "query": query,
        "page": page,
        "fragment": is_htmx(request),
    }
    if is_htmx(request):
        response = render(request, "network/_connections.html", context)
        response["Vary"] = "HX-Request"
        return response
    received = queries.newest_requests(user, "received_by", LIST_CAP)
    sent = queries.newest_requests(user, "sent_by", LIST_CAP)
    # `person_visible` comes with each request (queries.newest_requests).
    linkable = {r.from_user_id for r in received if r.person_visible}  # type: ignore[attr-defined]
    linkable |= {r.to_user_id for r in sent if r.person_visible}  # type: ignore[attr-defined]
    context.update(
        {
            "received": received,
            "sent": sent,
            "linkable": linkable,
            "suggestions": queries.suggestions(user, 10),
            "follows": queries.follows_made(user),
            # My own lists: I see the names of people I blocked or muted, nothing more.
            "blocked": queries.blocks_made(user),
            "muted": queries.mutes_made(user),
            "hashtag_form": HashtagForm(),
        }
    )
    response = render(request, "network/home.html", context)
    response["Vary"] = "HX-Request"
    return response


@login_required
def request_form(request: HttpRequest, handle: str) -> HttpResponse:
    """Ask to connect, with an optional note (the PII guard reads it)."""
    person = queries.other_person_or_404(request.user, handle)
    form = RequestForm(posted(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_connection(request.user, person, form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if made.status == "accepted":
                messages.success(
                    request,
                    _("%(name)s had already asked you: you are now connected.")
                    % {"name": person.profile.display_name},
                )
            else:
                messages.success(request, _("Your request is sent."))
            return back(request, "profiles:detail", handle=handle)
    return render(
        request,
        "network/request_form.html",
        {
            "form": form,
            "person": person.profile,
            "relation": queries.relation(request.user, person),
        },
    )


REQUEST_ACTIONS = {
    "accept": (services.accept, "answerable_by", gettext_lazy("You are now connected.")),
    "decline": (services.decline, "answerable_by", gettext_lazy("Request declined.")),
    "ignore": (
        services.ignore,
        "answerable_by",
        gettext_lazy("Request ignored. The sender is not told."),
    ),
    "withdraw": (services.withdraw, "sent_by", gettext_lazy("Request withdrawn.")),
}


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Answer (or withdraw) a request. Someone else's request is a 404."""
    action_fn, mine, done = REQUEST_ACTIONS[action]
    found = queries.request_or_404(request.user, mine, pk)
    try:
        action_fn(request.user, found)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, str(done))
    return back(request)


PERSON_ACTIONS = {
    "remove": (services.remove_connection, gettext_lazy("Connection removed.")),
    "follow": (
        lambda me, them: services.follow(me, person=them),
        gettext_lazy("You follow this member."),
    ),
    "unfollow": (
        lambda me, them: services.unfollow(me, person=them),
        gettext_lazy("You no longer follow this member."),
    ),
    "block": (services.block, gettext_lazy("Member blocked. You no longer see each other.")),
    "unblock": (services.unblock, gettext_lazy("Member unblocked.")),
    "mute": (services.mute, gettext_lazy("Member muted. Their posts leave your feed.")),
    "unmute": (services.unmute, gettext_lazy("Member unmuted.")),
}


def person_for(request: HttpRequest, handle: str, action: str) -> Any:
    """Undoing works from one's own lists (a blocked member is hidden by the block)."""
    if action in queries.OWN_ROWS:
        return queries.listed_person_or_404(request.user, handle, action)
    return queries.other_person_or_404(request.user, handle)


@login_required
@require_POST
def person_action(request: HttpRequest, handle: str, action: str) -> HttpResponse:
    person = person_for(request, handle, action)
    action_fn, done = PERSON_ACTIONS[action]
    try:
        action_fn(request.user, person)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return back(request)
    messages.success(request, str(done))
    if action == "block":  # the profile is hidden from now on: do not go back to it
        return redirect("network:home")
    return back(request)


@login_required
@require_POST
def organization_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    org = queries.organization_or_404(request.user, slug)
    if action == "follow":
        services.follow(request.user, organization=org)
        messages.success(request, _("You follow %(name)s.") % {"name": org.name})
    else:
        services.unfollow(request.user, organization=org)
        messages.success(request, _("You no longer follow %(name)s.") % {"name": org.name})
    return back(request, "organizations:detail", slug=org.slug)


@login_required
@require_POST
def hashtag_follow(request: HttpRequest) -> HttpResponse:
    form = HashtagForm(request.POST)
    if form.is_valid():
        try:
            services.follow(request.user, hashtag=form.cleaned_data["name"])
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, _("Hashtag followed."))
    else:
        messages.error(request, _("Type a hashtag to follow."))
    return redirect("network:home")


@login_required
@require_POST
def hashtag_unfollow(request: HttpRequest, name: str) -> HttpResponse:
    try:
        services.unfollow(request.user, hashtag=name)
    except ValidationError:
        raise Http404 from None
    messages.success(request, _("Hashtag unfollowed."))
    return redirect("network:home")
