"""The members of a community, and what its moderators do with them: the paged list of
members, join requests (approve, decline), one member's page (role, ownership, mute,
remove, ban, unban) and invitations (links, people). The management pages are 404 to
anyone who does not moderate the community (`queries.moderated_or_404`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tremplin.communities.forms_communities import (
    InvitePersonForm,
    LinkForm,
    MuteForm,
    ReasonForm,
)
from tremplin.communities.models import Membership
from tremplin.communities.queries import communities as queries
from tremplin.communities.services import communities as services
from tremplin.communities.services import members as member_services
from tremplin.core.forms import posted
from tremplin.core.refusals import message_of


def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Every active member, 50 a page (readers of the community's content only)."""
    community = queries.community_or_404(request.user, slug)
    if not community.is_readable_by(request.user):
        raise Http404
    page = queries.members_page(request.user, community, request.GET.get("page"))
    context = {
        "community": community,
        "page": page,
        "moderates": community.is_moderated_by(request.user),
    }
    return render(request, "communities/community/members.html", context)


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    community = queries.moderated_or_404(request.user, slug)
    context = {"community": community, "requests": queries.requests_of(request.user, community)}
    return render(request, "communities/community/requests.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = queries.moderated_or_404(request.user, slug)
    membership = queries.member_or_404(request.user, community, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_request(request.user, membership, approve)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        name = membership.user.display_name
        if approve:
            messages.success(request, _("%(name)s is now a member.") % {"name": name})
        else:
            messages.success(request, _("The request of %(name)s is declined.") % {"name": name})
    return redirect("communities:requests", slug=community.slug)


def _member_context(request: HttpRequest, community: Any, membership: Membership) -> dict[str, Any]:
    data = posted(request)[0]
    action = request.POST.get("action") if data is not None else None
    return {
        "community": community,
        "member": membership,
        "me": queries.membership_of(request.user, community),
        "mute_form": MuteForm(data if action == "mute" else None),
        "remove_form": ReasonForm(data if action == "remove" else None, prefix="remove"),
        "ban_form": ReasonForm(data if action == "ban" else None, prefix="ban"),
    }


def _with_reason(form_key: str, act: Callable[..., Any]) -> Callable[..., Any]:
    def run(user: Any, membership: Membership, context: dict[str, Any]) -> Any:
        form = context[form_key]
        if not form.is_valid():
            raise ValidationError(form.errors["reason"][0] if "reason" in form.errors else "")
        return act(user, membership, form.cleaned_data["reason"])

    return run


def _mute(user: Any, membership: Membership, context: dict[str, Any]) -> Any:
    form = context["mute_form"]
    if not form.is_valid():
        raise ValidationError(_("Choose 1 day, 1 week or 30 days."))
    return member_services.mute(user, membership, form.cleaned_data["days"])


MEMBER_ACTIONS: dict[str, tuple[Callable[..., Any], Any]] = {
    "moderator": (
        lambda user, m, c: member_services.set_role(user, m, "moderator"),
        gettext_lazy("%(name)s is now a moderator."),
    ),
    "member": (
        lambda user, m, c: member_services.set_role(user, m, "member"),
        gettext_lazy("%(name)s is no longer a moderator."),
    ),
    "transfer": (
        lambda user, m, c: member_services.transfer_ownership(user, m),
        gettext_lazy("%(name)s now owns the community; you are a moderator."),
    ),
    "mute": (_mute, gettext_lazy("%(name)s is muted.")),
    "unmute": (
        lambda user, m, c: member_services.unmute(user, m),
        gettext_lazy("%(name)s may post again."),
    ),
    "remove": (
        _with_reason("remove_form", member_services.remove_member),
        gettext_lazy("%(name)s is removed and told why."),
    ),
    "ban": (
        _with_reason("ban_form", member_services.ban),
        gettext_lazy("%(name)s is banned and told why."),
    ),
    "unban": (
        lambda user, m, c: member_services.unban(user, m),
        gettext_lazy("The ban of %(name)s is lifted."),
    ),
}


@login_required
def member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One member, for the moderators: GET the page, POST an action (`action`)."""
    community = queries.moderated_or_404(request.user, slug)
    membership = queries.member_or_404(request.user, community, pk)
    context = _member_context(request, community, membership)
    status = 200
    if request.method == "POST":
        action = MEMBER_ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            raise Http404
        act, done = action
        try:
            act(request.user, membership, context)
        except ValidationError as error:
            message = message_of(error)
            if message:
                messages.error(request, message)
            status = 400
        else:
            messages.success(request, str(done) % {"name": membership.user.display_name})
            return redirect("communities:member", slug=community.slug, pk=membership.pk)
    return render(request, "communities/community/member.html", context, status=status)


@login_required
def invitations(request: HttpRequest, slug: str) -> HttpResponse:
    """Invitation links (made, shown once, revoked) and invitations to people."""
    community = queries.moderated_or_404(request.user, slug)
    data = posted(request)[0]
    kind = request.POST.get("kind") if data is not None else None
    link_form = LinkForm(data if kind == "link" else None)
    person_form = InvitePersonForm(
        data if kind == "person" else None,
        prefix="person",
        viewer=request.user,
        community=community,
    )
    made_link = ""
    status = 200
    try:
        if kind == "link" and link_form.is_valid():
            _made, raw = member_services.create_link(
                request.user, community, link_form.cleaned_data["days"],
                link_form.cleaned_data["max_uses"],
            )  # fmt: skip
            made_link = request.build_absolute_uri(reverse("communities:link", args=[raw]))
            messages.success(request, _("The link is made. Copy it now: it is shown only once."))
        elif kind == "person" and person_form.is_valid():
            invitee = person_form.cleaned_data["handle"].user
            member_services.invite_person(request.user, community, invitee)
            messages.success(request, _("%(name)s is invited.") % {"name": invitee.display_name})
            return redirect("communities:invitations", slug=community.slug)
        elif kind is not None:
            status = 400
    except ValidationError as error:
        (link_form if kind == "link" else person_form).add_error(None, error)
        status = 400
    context = {
        "community": community,
        "link_form": link_form,
        "person_form": person_form,
        "made_link": made_link,
        **queries.invitations_of(request.user, community),
    }
    return render(request, "communities/community/invitations.html", context, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = queries.moderated_or_404(request.user, slug)
    invitation = queries.invitation_or_404(request.user, community, pk)
    try:
        member_services.revoke(request.user, invitation)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("The invitation is revoked."))
    return redirect("communities:invitations", slug=community.slug)
