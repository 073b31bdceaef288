"""Communities pages: the community page (header and tabs), creating and editing one,
its picture, joining (open, on request, by an invitation link or to a person), leaving,
the rules to accept before a first post, and "My communities". Thin adapters over
`queries/communities.py` and `services/communities.py`; a community the viewer may not
see is a 404 (its existence is not confirmed). The moderators' pages are in
`views/community_members.py`."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.communities import tabs
from tremplin.communities.forms_communities import CommunityForm, JoinRequestForm, SettingsForm
from tremplin.communities.models import Community, JoinPolicy, MembershipStatus, Visibility
from tremplin.communities.queries import communities as queries
from tremplin.communities.services import communities as services
from tremplin.communities.services import members as member_services
from tremplin.core.forms import posted
from tremplin.core.refusals import message_of, page_status
from tremplin.core.uploads import accepts_files
from tremplin.organizations.models import Organization


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, message_of(error))


def _visible_tabs(community: Community, readable: bool) -> list[tabs.Tab]:
    """Every registered tab for readers of the content; only "About" for the others
    (a private community's name, description and rules, never its content)."""
    every = tabs.all_tabs()
    return every if readable else [t for t in every if t.key == "about"]


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = queries.community_or_404(request.user, slug)
    membership = queries.membership_of(request.user, community)
    readable = community.is_readable_by(request.user)
    shown = _visible_tabs(community, readable)
    wanted = request.GET.get("tab", "")
    tab = next((t for t in shown if t.key == wanted), shown[0] if shown else None)
    if tab is not None and tab.key != wanted and wanted:
        raise Http404
    tab_context: dict[str, Any] = {"community": community, "membership": membership}
    tab_context["viewer"] = request.user
    if tab is not None and tab.context is not None:
        tab_context.update(tab.context(community, request.user))
    context = {
        **tab_context,
        "tabs": shown,
        "tab": tab,
        "readable": readable,
        "moderates": membership is not None and membership.moderates,
        "indexable": community.visibility == Visibility.PUBLIC,
        "canonical": settings.SITE_URL + community.get_absolute_url(),
    }
    return render(request, "communities/community/detail.html", context)


def picture(request: HttpRequest, slug: str) -> FileResponse:
    community = queries.community_or_404(request.user, slug)
    if not community.picture:
        raise Http404
    response = FileResponse(community.picture.open("rb"), content_type="image/jpeg")
    # Private: a shared cache must never keep the picture of a community not public.
    response["Cache-Control"] = "private, max-age=300"
    return response


def _save_picture(request: HttpRequest, community: Community, form: CommunityForm) -> None:
    upload = form.cleaned_data.get("picture_upload")
    if upload:
        services.set_picture(request.user, community, upload)
    elif request.POST.get("picture_upload-clear"):
        services.remove_picture(request.user, community)


def _organization(form: CommunityForm, choices: list[Organization]) -> Organization | None:
    chosen = str(form.cleaned_data.get("organization_choice") or "")
    return next((o for o in choices if str(o.pk) == chosen), None)


@login_required
@accepts_files(each="PHOTO_MAX_BYTES")
def create(request: HttpRequest) -> HttpResponse:
    """Anyone signed in creates a community (bad input: the form again, text kept)."""
    choices = services.official_choices(request.user)
    data, files = posted(request)
    form = CommunityForm(data, files, organizations=choices)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                with transaction.atomic():
                    community = services.create_community(
                        request.user, organization=_organization(form, choices), **form.settings()
                    )
                    _save_picture(request, community, form)
            except ValidationError as error:
                form.add_error(getattr(error, "field", None), error)
            else:
                messages.success(request, _("Your community is created. You are its owner."))
                return redirect(community.get_absolute_url())
        status = 400
    return render(request, "communities/community/form.html", {"form": form}, status=status)


@login_required
@accepts_files(each="PHOTO_MAX_BYTES")
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The owner and moderators change the settings."""
    community = queries.moderated_or_404(request.user, slug)
    data, files = posted(request)
    form = SettingsForm(data, files, instance=copy.copy(community))
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                with transaction.atomic():
                    community = services.update_settings(request.user, community, **form.settings())
                    _save_picture(request, community, form)
            except ValidationError as error:
                form.add_error(getattr(error, "field", None), error)
            else:
                messages.success(request, _("The settings are saved."))
                return redirect(community.get_absolute_url())
        status = 400
    context = {"form": form, "community": community}
    return render(request, "communities/community/form.html", context, status=status)


def join(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the request form (its questions); POST: join or ask to join."""
    community = queries.community_or_404(request.user, slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    asks = community.join_policy == JoinPolicy.REQUEST
    form = JoinRequestForm(posted(request)[0], questions=list(community.join_questions or []))
    if request.method == "POST" and (not asks or form.is_valid()):
        try:
            membership = services.join(request.user, community, form.answers() if asks else [])
        except ValidationError as error:
            if not asks:
                _refused(request, error)
                return redirect(community.get_absolute_url())
            form.add_error(None, error)
        else:
            if membership.status == MembershipStatus.ACTIVE:
                messages.success(request, _("Welcome to the community."))
            else:
                messages.success(request, _("Your request is sent to the moderators."))
            return redirect(community.get_absolute_url())
    if not asks and request.method != "POST":
        return redirect(community.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"community": community, "form": form}
    return render(request, "communities/community/join.html", context, status=status)


ACTIONS = {
    "leave": (services.leave, _("You left the community.")),
    "withdraw": (services.withdraw, _("Your request is withdrawn.")),
}


@login_required
@require_POST
def membership_action(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    community = queries.community_or_404(request.user, slug)
    act, done = ACTIONS[action]
    try:
        act(request.user, community)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, str(done))
    if community.is_visible_to(request.user):
        return redirect(community.get_absolute_url())
    return redirect("communities:mine")


@login_required
@require_POST
def answer_invitation(request: HttpRequest, slug: str) -> HttpResponse:
    """Accept or decline an invitation to me: found through my own membership row, so
    an invitation to a secret community works before I can see its page."""
    membership = queries.invited_or_404(request.user, slug=slug)
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_invitation(request.user, membership.community, accept)
    except ValidationError as error:
        _refused(request, error)
        return redirect("communities:mine")
    if accept:
        messages.success(request, _("Welcome to the community."))
        return redirect(membership.community.get_absolute_url())
    messages.success(request, _("Invitation declined."))
    return redirect("communities:mine")


def link(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation link: what community, and a button to join (signed in)."""
    invitation = member_services.link_for(token)
    if invitation is None:
        return render(request, "communities/community/link.html", {"state": "missing"}, status=404)
    state = member_services.link_state(invitation)
    context = {"invitation": invitation, "community": invitation.community, "state": state}
    if state != "ok":
        return render(request, "communities/community/link.html", context, status=410)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            member_services.join_by_link(request.user, token)
        except ValidationError as error:
            context["error"] = message_of(error)
            return render(
                request, "communities/community/link.html", context, status=page_status(error)
            )
        messages.success(request, _("Welcome to the community."))
        return redirect(invitation.community.get_absolute_url())
    return render(request, "communities/community/link.html", context)


def _next_url(request: HttpRequest, community: Community) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return community.get_absolute_url()


@login_required
def rules(request: HttpRequest, slug: str) -> HttpResponse:
    """The rules before a first post; "I accept" returns to where the member was."""
    community = queries.community_or_404(request.user, slug)
    if request.method == "POST":
        try:
            services.accept_rules(request.user, community)
        except ValidationError as error:
            _refused(request, error)
            return redirect(community.get_absolute_url())
        messages.success(request, _("Thank you. You may now post."))
        return redirect(_next_url(request, community))
    membership = queries.membership_of(request.user, community)
    context = {
        "community": community,
        "membership": membership,
        "next": _next_url(request, community),
    }
    return render(request, "communities/community/rules.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "communities/community/mine.html", queries.mine(request.user))
