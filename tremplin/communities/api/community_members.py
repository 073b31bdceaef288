"""Communities API, what moderators do with members: join requests and decisions,
roles and ownership, removals, bans, mutes, and invitations (links and people). Each
endpoint is 404 unless the caller moderates the community (`moderated`), then calls the
same action as the pages (`services/communities.py`, `services/members.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Router
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut
from tremplin.communities.api.community_schemas import (
    InvitationLinkIn,
    InvitationsOut,
    InvitePersonIn,
    JoinRequestOut,
    ModeratedMemberOut,
    MuteIn,
    NewLinkOut,
    ReasonIn,
    RoleIn,
    link_out,
    member_out,
    request_out,
)
from tremplin.communities.models import Community, Membership
from tremplin.communities.queries import communities as queries
from tremplin.communities.services import communities as services
from tremplin.communities.services import members as member_services

router = Router(tags=["communities"])

COMMUNITY_ID = Path(..., ge=1, le=2_147_483_647)
ROW_ID = Path(..., ge=1, le=2_147_483_647)
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def moderated(request: HttpRequest, community_id: int) -> Community:
    """A community the caller moderates, else 404."""
    found = Community.objects.moderated_by(request.user).filter(pk=community_id).first()
    if found is None:
        raise Http404
    return found


def _row(request: HttpRequest, community_id: int, membership_id: int) -> Membership:
    return queries.member_or_404(request.user, moderated(request, community_id), membership_id)


def _member_after(request: HttpRequest, membership: Membership) -> dict[str, Any]:
    fresh = Membership.objects.select_related("user__profile").get(pk=membership.pk)
    return member_out(fresh, moderated=True)


@router.get(
    "/{int:community_id}/requests",
    response={200: list[JoinRequestOut], **READ},
    auth=signed_in,
    summary="Join requests waiting, oldest first, with their answers (moderators)",
)
def requests(request: HttpRequest, community_id: int = COMMUNITY_ID) -> list[dict[str, Any]]:
    community = moderated(request, community_id)
    return [request_out(m) for m in queries.requests_of(request.user, community)]


@router.get(
    "/{int:community_id}/banned",
    response={200: list[ModeratedMemberOut], **READ},
    auth=signed_in,
    summary="Banned people, with the reason they were told (moderators)",
)
def banned(request: HttpRequest, community_id: int = COMMUNITY_ID) -> list[dict[str, Any]]:
    community = moderated(request, community_id)
    rows = queries.banned_of(request.user, community)[: queries.LIST_CAP]
    return [member_out(m, moderated=True) for m in rows]


def _decide(approve: bool) -> Callable[..., dict[str, Any]]:
    def decide(
        request: HttpRequest, community_id: int = COMMUNITY_ID, membership_id: int = ROW_ID
    ) -> dict[str, Any]:
        row = _row(request, community_id, membership_id)
        return _member_after(request, services.decide_request(request.user, row, approve))

    return decide


router.post(
    "/{int:community_id}/requests/{membership_id}/approve",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Approve a join request (the person is told)",
    operation_id="tremplin_communities_api_community_members_approve",
)(_decide(True))
router.post(
    "/{int:community_id}/requests/{membership_id}/decline",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Decline a join request (the person is told)",
    operation_id="tremplin_communities_api_community_members_decline",
)(_decide(False))


@router.post(
    "/{int:community_id}/members/{membership_id}/role",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Make a member a moderator, or a moderator a member (the owner)",
)
def role(
    request: HttpRequest,
    payload: RoleIn,
    community_id: int = COMMUNITY_ID,
    membership_id: int = ROW_ID,
) -> dict[str, Any]:
    row = _row(request, community_id, membership_id)
    return _member_after(request, member_services.set_role(request.user, row, payload.role))


@router.post(
    "/{int:community_id}/members/{membership_id}/transfer",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Transfer ownership to an active member (the owner becomes a moderator)",
)
def transfer(
    request: HttpRequest, community_id: int = COMMUNITY_ID, membership_id: int = ROW_ID
) -> dict[str, Any]:
    row = _row(request, community_id, membership_id)
    return _member_after(request, member_services.transfer_ownership(request.user, row))


@router.post(
    "/{int:community_id}/members/{membership_id}/remove",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Remove a member, with a reason they are told (not who decided)",
)
def remove(
    request: HttpRequest,
    payload: ReasonIn,
    community_id: int = COMMUNITY_ID,
    membership_id: int = ROW_ID,
) -> dict[str, Any]:
    row = _row(request, community_id, membership_id)
    changed = member_services.remove_member(request.user, row, payload.reason)
    return _member_after(request, changed)


@router.post(
    "/{int:community_id}/members/{membership_id}/ban",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Ban a member (or someone asking), with a reason they are told",
)
def ban(
    request: HttpRequest,
    payload: ReasonIn,
    community_id: int = COMMUNITY_ID,
    membership_id: int = ROW_ID,
) -> dict[str, Any]:
    row = _row(request, community_id, membership_id)
    return _member_after(request, member_services.ban(request.user, row, payload.reason))


@router.post(
    "/{int:community_id}/members/{membership_id}/unban",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Lift a ban (the person may ask to join again)",
)
def unban(
    request: HttpRequest, community_id: int = COMMUNITY_ID, membership_id: int = ROW_ID
) -> dict[str, Any]:
    row = _row(request, community_id, membership_id)
    return _member_after(request, member_services.unban(request.user, row))


@router.post(
    "/{int:community_id}/members/{membership_id}/mute",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Mute a member for 1, 7 or 30 days (they read, they cannot post)",
)
def mute(
    request: HttpRequest,
    payload: MuteIn,
    community_id: int = COMMUNITY_ID,
    membership_id: int = ROW_ID,
) -> dict[str, Any]:
    row = _row(request, community_id, membership_id)
    return _member_after(request, member_services.mute(request.user, row, payload.days))


@router.post(
    "/{int:community_id}/members/{membership_id}/unmute",
    response={200: ModeratedMemberOut, **WRITE},
    auth=writer,
    summary="Lift a mute",
)
def unmute(
    request: HttpRequest, community_id: int = COMMUNITY_ID, membership_id: int = ROW_ID
) -> dict[str, Any]:
    row = _row(request, community_id, membership_id)
    return _member_after(request, member_services.unmute(request.user, row))


@router.get(
    "/{int:community_id}/invitations",
    response={200: InvitationsOut, **READ},
    auth=signed_in,
    summary="Usable invitation links and people invited who have not answered (moderators)",
)
def invitations(request: HttpRequest, community_id: int = COMMUNITY_ID) -> dict[str, Any]:
    found = queries.invitations_of(request.user, moderated(request, community_id))
    people = [
        {
            **member_out(m),
            "invitation_id": m.invitation.pk if m.invitation is not None else None,
        }
        for m in found["people"]
    ]
    return {"links": [link_out(i) for i in found["links"]], "people": people}


@router.post(
    "/{int:community_id}/invitations/links",
    response={201: NewLinkOut, **WRITE, 429: ErrorOut},
    auth=writer,
    summary="Make an invitation link (its URL is shown only in this answer)",
)
def make_link(
    request: HttpRequest, payload: InvitationLinkIn, community_id: int = COMMUNITY_ID
) -> Status:
    community = moderated(request, community_id)
    made, raw = member_services.create_link(request.user, community, payload.days, payload.max_uses)
    url = request.build_absolute_uri(reverse("communities:link", args=[raw]))
    return Status(201, {**link_out(made), "url": url, "token": raw})


@router.post(
    "/{int:community_id}/invitations/people",
    response={201: ModeratedMemberOut, **WRITE, 429: ErrorOut},
    auth=writer,
    summary="Invite a member of Tremplin by their profile address (they are told)",
)
def invite_person(
    request: HttpRequest, payload: InvitePersonIn, community_id: int = COMMUNITY_ID
) -> Status:
    community = moderated(request, community_id)
    invitee = queries.person_or_none(request.user, payload.handle.strip())
    if invitee is None:
        raise Http404
    made = member_services.invite_person(request.user, community, invitee)
    return Status(201, _member_after(request, made))


@router.post(
    "/{int:community_id}/invitations/{invitation_id}/revoke",
    response={204: None, **WRITE},
    auth=writer,
    summary="Revoke an invitation link, or withdraw an invitation to a person",
)
def revoke(
    request: HttpRequest, community_id: int = COMMUNITY_ID, invitation_id: int = ROW_ID
) -> Status:
    community = moderated(request, community_id)
    member_services.revoke(
        request.user, queries.invitation_or_404(request.user, community, invitation_id)
    )
    return Status(204, None)
