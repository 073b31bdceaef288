"""Communities API, the communities part: create a community, read one, change its
settings, join (or ask to), leave, withdraw a request, answer an invitation, accept the
rules, my communities, and the members list. The moderators' endpoints (requests,
roles, removals, bans, mutes, invitations) are in `api/community_members.py`, joined
here. Communities are addressed by id (`/{int:community_id}`: digits only, so the other
parts' words under /communities/ are never taken for one). A community the caller may
not see is a 404; refusals are answered by the API's handler (core.refusals.STATUSES)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut
from tremplin.communities.api import community_members
from tremplin.communities.api.community_schemas import (
    CommunityIn,
    CommunityOut,
    CommunityPatchIn,
    JoinIn,
    MembersPage,
    MyCommunitiesOut,
    MyMembershipOut,
    community_out,
    member_out,
    mine_out,
    my_membership_out,
)
from tremplin.communities.models import Community, Membership
from tremplin.communities.queries import communities as queries
from tremplin.communities.services import communities as services
from tremplin.communities.services import members as member_services
from tremplin.organizations.models import Organization

router = Router(tags=["communities"])
router.add_router("", community_members.router)

COMMUNITY_ID = Path(..., ge=1, le=2_147_483_647)
READ = {401: ErrorOut, 404: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _out(request: HttpRequest, community: Community) -> dict[str, Any]:
    fresh = queries.community_by_pk_or_404(request.user, community.pk)
    return community_out(fresh, queries.membership_of(request.user, fresh))


def _settings(payload: Any, *, partial: bool) -> dict[str, Any]:
    fields = payload.dict(exclude_unset=partial, exclude={"organization"})
    fields = {k: v for k, v in fields.items() if v is not None}
    if "topics" in fields:
        fields["topics"] = ", ".join(fields["topics"])
    return fields


@router.post(
    "",
    response={201: CommunityOut, **WRITE},
    auth=writer,
    summary="Create a community (the caller is its owner)",
)
def create(request: HttpRequest, payload: CommunityIn) -> Status:
    organization = None
    if payload.organization:
        organization = Organization.objects.filter(slug=payload.organization).first()
        if organization is None:
            raise Http404
    made = services.create_community(
        request.user, organization=organization, **_settings(payload, partial=False)
    )
    return Status(201, _out(request, made))


@router.get(
    "/mine",
    response={200: MyCommunitiesOut, 401: ErrorOut},
    auth=signed_in,
    summary="My communities, my join requests waiting and my invitations",
)
def mine(request: HttpRequest) -> dict[str, Any]:
    found = queries.mine(request.user)
    return {key: [mine_out(m) for m in rows] for key, rows in found.items()}


@router.get(
    "/{int:community_id}",
    response={200: CommunityOut, **READ, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A community, as the caller may see it (name, description, rules, counts)",
)
def detail(request: HttpRequest, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    community = queries.community_by_pk_or_404(request.user, community_id)
    return community_out(community, queries.membership_of(request.user, community))


@router.patch(
    "/{int:community_id}",
    response={200: CommunityOut, **WRITE},
    auth=writer,
    summary="Change a community's settings (its owner and moderators)",
)
def update(
    request: HttpRequest, payload: CommunityPatchIn, community_id: int = COMMUNITY_ID
) -> dict[str, Any]:
    community = queries.community_by_pk_or_404(request.user, community_id)
    changed = services.update_settings(request.user, community, **_settings(payload, partial=True))
    return _out(request, changed)


@router.get(
    "/{int:community_id}/members",
    response={200: MembersPage, **READ, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="The active members, 50 a page (those who may read the community)",
)
def members(
    request: HttpRequest, community_id: int = COMMUNITY_ID, page: int = Query(1, ge=1, le=100_000)
) -> dict[str, Any]:
    community = queries.community_by_pk_or_404(request.user, community_id)
    if not community.is_readable_by(request.user):
        raise Http404
    found = queries.members_page(request.user, community, page)
    moderated = community.is_moderated_by(request.user)
    return {
        "count": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "items": [member_out(m, moderated) for m in found.object_list],
    }


def _mine_after(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    return my_membership_out(Membership.objects.get(pk=membership.pk)) or {}


@router.post(
    "/{int:community_id}/join",
    response={200: MyMembershipOut, **WRITE},
    auth=writer,
    summary="Join an open community, or ask to join one on request (with the answers)",
)
def join(request: HttpRequest, payload: JoinIn, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    community = queries.community_by_pk_or_404(request.user, community_id)
    return _mine_after(request, services.join(request.user, community, payload.answers))


@router.post(
    "/{int:community_id}/leave",
    response={200: MyMembershipOut, **WRITE},
    auth=writer,
    summary="Leave a community (its last owner transfers ownership first)",
)
def leave(request: HttpRequest, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    community = queries.community_by_pk_or_404(request.user, community_id)
    return _mine_after(request, services.leave(request.user, community))


@router.post(
    "/{int:community_id}/withdraw",
    response={200: MyMembershipOut, **WRITE},
    auth=writer,
    summary="Withdraw my join request",
)
def withdraw(request: HttpRequest, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    community = queries.community_by_pk_or_404(request.user, community_id)
    return _mine_after(request, services.withdraw(request.user, community))


@router.post(
    "/{int:community_id}/rules/accept",
    response={200: MyMembershipOut, **WRITE},
    auth=writer,
    summary="Accept the community's rules (asked before a member's first post)",
)
def accept_rules(request: HttpRequest, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    community = queries.community_by_pk_or_404(request.user, community_id)
    return _mine_after(request, services.accept_rules(request.user, community))


def _invitation(request: HttpRequest, community_id: int, accept: bool) -> dict[str, Any]:
    """Found through the caller's own invited row: a secret community is not theirs to
    see before they accept."""
    row = queries.invited_or_404(request.user, pk=community_id)
    return _mine_after(request, services.answer_invitation(request.user, row.community, accept))


@router.post(
    "/{int:community_id}/invitation/accept",
    response={200: MyMembershipOut, **WRITE},
    auth=writer,
    summary="Accept an invitation to a community",
)
def accept_invitation(request: HttpRequest, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    return _invitation(request, community_id, True)


@router.post(
    "/{int:community_id}/invitation/decline",
    response={200: MyMembershipOut, **WRITE},
    auth=writer,
    summary="Decline an invitation to a community",
)
def decline_invitation(request: HttpRequest, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    return _invitation(request, community_id, False)


@router.post(
    "/join/{token}",
    response={200: MyMembershipOut, **WRITE, 410: ErrorOut},
    auth=writer,
    summary="Join a community with an invitation link's token",
)
def join_by_link(
    request: HttpRequest, token: str = Path(..., max_length=100, pattern=r"^[-A-Za-z0-9_]+$")
) -> dict[str, Any]:
    return _mine_after(request, member_services.join_by_link(request.user, token))
