"""My network: connections, requests, follows, blocks and mutes. Every action is a POST
form that works without JavaScript and calls a function of `services.py`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.accounts.models import User
from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.network import services
from tremplin.network.forms import ConnectionSearchForm, HashtagForm, RequestForm
from tremplin.network.models import Block, Connection, ConnectionRequest, Follow, Mute
from tremplin.organizations.models import Organization
from tremplin.profiles.models import Profile
from tremplin.profiles.views import basics_match

CONNECTIONS_PER_PAGE = 50
LIST_CAP = 100


def back(request: HttpRequest, default: str = "network:home", **kwargs) -> HttpResponse:
    """Redirect to `next` when it is one of our own pages, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, **kwargs)


def visible_person_or_404(request: HttpRequest, handle: str):
    """The member behind a profile the viewer may see (blocks hide it), or 404."""
    profile = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"), handle=handle
    )
    if profile.user_id == request.user.pk:
        raise Http404
    return profile.user


def visible_profiles(user):
    return Profile.objects.visible_to(user).select_related("user")


def connections_of(user, query: str = ""):
    found = visible_profiles(user).filter(user__in=Connection.objects.user_ids_connected_to(user))
    if query:
        found = found.filter(basics_match(query))
    return found.order_by("display_name", "pk")


def visible_requests(viewer, mine: str):
    """`mine` is a ConnectionRequest queryset method (received_by, answerable_by,
    sent_by). Asking to connect shows the other person your name and headline even
    where your profile is hidden from them (otherwise a member who shows their profile
    to connections only could never connect); a block hides the request both ways."""
    other = "to_user" if mine == "sent_by" else "from_user"
    blocked = (
        Block.objects.filter(blocker=viewer)
        .values("blocked")
        .union(Block.objects.filter(blocked=viewer).values("blocker"))
    )
    return (
        getattr(ConnectionRequest.objects, mine)(viewer)
        .exclude(**{f"{other}__in": blocked})
        .select_related(f"{other}__profile")
    )


def profile_visible_ids(viewer, user_ids) -> set[int]:
    """Which of these members' profiles the viewer may open (to link names or not)."""
    return set(
        Profile.objects.visible_to(viewer).filter(user__in=user_ids).values_list("user", flat=True)
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    search = ConnectionSearchForm(request.GET)
    query = " ".join(search.cleaned_data["q"].split()) if search.is_valid() else ""
    page = Paginator(connections_of(user, query), CONNECTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context: dict = {"search": search, "query": query, "page": page, "fragment": is_htmx(request)}
    if is_htmx(request):
        response = render(request, "network/_connections.html", context)
        response["Vary"] = "HX-Request"
        return response
    visible = Profile.objects.visible_to(user).values("user")
    people_followed = Follow.objects.filter(follower=user, user__in=visible)
    received = list(visible_requests(user, "received_by").order_by("-created")[:LIST_CAP])
    sent = list(visible_requests(user, "sent_by").order_by("-created")[:LIST_CAP])
    others = [r.from_user_id for r in received] + [r.to_user_id for r in sent]
    context.update(
        {
            "received": received,
            "sent": sent,
            "linkable": profile_visible_ids(user, others),
            "suggestions": services.suggestions(user, 10),
            "people_followed": people_followed.select_related("user__profile").order_by(
                "user__profile__display_name"
            )[:LIST_CAP],
            "orgs_followed": Follow.objects.filter(follower=user, organization__isnull=False)
            .select_related("organization")
            .order_by("organization__name")[:LIST_CAP],
            "hashtags_followed": Follow.objects.filter(follower=user, hashtag__isnull=False)
            .select_related("hashtag")
            .order_by("hashtag__name")[:LIST_CAP],
            # My own lists: I see the names of people I blocked or muted, nothing more.
            "blocked": Block.objects.filter(blocker=user)
            .select_related("blocked__profile")
            .order_by("-created")[:LIST_CAP],
            "muted": Mute.objects.filter(muter=user)
            .select_related("muted__profile")
            .order_by("-created")[:LIST_CAP],
            "hashtag_form": HashtagForm(),
        }
    )
    response = render(request, "network/home.html", context)
    response["Vary"] = "HX-Request"
    return response


@login_required
def request_form(request: HttpRequest, handle: str) -> HttpResponse:
    """Ask to connect, with an optional note (the PII guard reads it)."""
    person = visible_person_or_404(request, handle)
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
            "relation": services.relation(request.user, person),
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
    found = get_object_or_404(visible_requests(request.user, mine), pk=pk)
    try:
        action_fn(request.user, found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
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


def person_for(request: HttpRequest, handle: str, action: str):
    """Undoing works from one's own lists (a blocked member is hidden by the block)."""
    rows: dict[str, tuple[Any, str, str]] = {
        "unblock": (Block, "blocker", "blocked"),
        "unmute": (Mute, "muter", "muted"),
        "unfollow": (Follow, "follower", "user"),
    }
    if action in rows:
        model, me, them = rows[action]
        row = get_object_or_404(
            model.objects.select_related(them),
            **{me: request.user, f"{them}__profile__handle": handle},
        )
        return getattr(row, them)
    return visible_person_or_404(request, handle)


@login_required
@require_POST
def person_action(request: HttpRequest, handle: str, action: str) -> HttpResponse:
    person = person_for(request, handle, action)
    action_fn, done = PERSON_ACTIONS[action]
    try:
        action_fn(request.user, person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back(request)
    messages.success(request, str(done))
    if action == "block":  # the profile is hidden from now on: do not go back to it
        return redirect("network:home")
    return back(request)


@login_required
@require_POST
def organization_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    org = get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)
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
            messages.error(request, " ".join(error.messages))
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
