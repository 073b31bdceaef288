"""The network over the API: connections, requests, follows, blocks, mutes and
suggestions. Each endpoint calls the same action as the pages (`services.py`) and finds
people only through `Profile.objects.visible_to` (a block hides both ways: 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut, PIIErrorOut
from tremplin.core.pii import kinds
from tremplin.network import queries, services
from tremplin.network.models import ConnectionRequest
from tremplin.network.schemas import (
    FollowingOut,
    PersonRefOut,
    RequestIn,
    RequestOut,
    SuggestionOut,
)
from tremplin.profiles.queries import capped_count, profile_visible_ids
from tremplin.profiles.schemas import ProfilePage, card

router = Router(tags=["network"])

READ = {401: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
HANDLE = Path(..., min_length=1, max_length=60)
REQUEST_ID = Path(..., ge=1, le=2_147_483_647)


def request_out(
    request: ConnectionRequest, viewer: Any, visible: bool | None = None
) -> dict[str, Any]:
    """`visible`: whether the viewer may open the other person's profile, when the list
    knows it already (`queries.newest_requests`); asked here otherwise."""
    sent = request.from_user_id == viewer.pk
    other = request.to_user if sent else request.from_user
    who = card(other.profile)
    if visible is None:
        visible = bool(profile_visible_ids(viewer, [other.pk]))
    if not visible:
        # Only what asking to connect reveals: the name and the headline.
        who.update(city="", region="", photo_url=None, open_to_collaborate=False)
    return {
        "id": request.pk,
        "direction": "sent" if sent else "received",
        "status": request.status_for(viewer),
        "note": request.note,
        "created": request.created,
        "person": who,
    }


# ------------------------------------------------------------------ connections


@router.get(
    "/connections",
    response={200: ProfilePage, **READ, 422: ErrorOut},
    auth=signed_in,
    summary="My connections",
)
def connections(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(20, ge=1, le=50),
) -> dict[str, Any]:
    found = queries.connections_of(request.user, " ".join(q.split()))
    return {
        "count": capped_count(found),
        "results": [card(p) for p in found[offset : offset + limit]],
    }


@router.delete(
    "/connections/{handle}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Remove a connection",
)
def remove_connection(request: HttpRequest, handle: str = HANDLE) -> Status:
    if not services.remove_connection(request.user, queries.person_or_404(request.user, handle)):
        raise Http404
    return Status(204, None)


# ------------------------------------------------------------------ requests


@router.get(
    "/requests/received",
    response={200: list[RequestOut], **READ},
    auth=signed_in,
    summary="Connection requests waiting for my answer",
)
def requests_received(request: HttpRequest) -> list[dict[str, Any]]:
    found = queries.newest_requests(request.user, "received_by", 200)
    return [request_out(r, request.user, r.person_visible) for r in found]  # type: ignore[attr-defined]


@router.get(
    "/requests/sent",
    response={200: list[RequestOut], **READ},
    auth=signed_in,
    summary="My connection requests still waiting",
)
def requests_sent(request: HttpRequest) -> list[dict[str, Any]]:
    found = queries.newest_requests(request.user, "sent_by", 200)
    return [request_out(r, request.user, r.person_visible) for r in found]  # type: ignore[attr-defined]


@router.post(
    "/requests",
    response={
        201: RequestOut,
        400: ErrorOut,
        **WRITE,
        409: ErrorOut,
        422: ErrorOut | PIIErrorOut,
        429: ErrorOut,
    },
    auth=writer,
    summary="Ask to connect (accepts their request if they already asked me)",
)
def send_request(request: HttpRequest, payload: RequestIn) -> Status:
    other = queries.person_or_404(request.user, payload.handle)
    note = payload.note.strip()
    found = kinds(note)
    if found and not payload.confirm_pii:
        return Status(
            422,
            {
                "detail": "The note seems to contain personal data; edit it or send confirm_pii.",
                "pii": {"note": found},
            },
        )
    made = services.request_connection(request.user, other, note)
    return Status(201, request_out(queries.request_by_pk(made.pk), request.user))


def _answer(request: HttpRequest, request_id: int, action: str, mine: str) -> dict[str, Any]:
    found = queries.request_or_404(request.user, mine, request_id)
    getattr(services, action)(request.user, found)
    return request_out(found, request.user)


ANSWER_RESPONSES = {200: RequestOut, **WRITE, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/requests/{request_id}/accept",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Accept a request sent to me",
)
def accept_request(request: HttpRequest, request_id: int = REQUEST_ID) -> dict[str, Any]:
    return _answer(request, request_id, "accept", "answerable_by")


@router.post(
    "/requests/{request_id}/decline",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Decline a request sent to me",
)
def decline_request(request: HttpRequest, request_id: int = REQUEST_ID) -> dict[str, Any]:
    return _answer(request, request_id, "decline", "answerable_by")


@router.post(
    "/requests/{request_id}/ignore",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Put aside a request sent to me (the sender is not told)",
)
def ignore_request(request: HttpRequest, request_id: int = REQUEST_ID) -> dict[str, Any]:
    return _answer(request, request_id, "ignore", "answerable_by")


@router.post(
    "/requests/{request_id}/withdraw",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Withdraw a request I sent",
)
def withdraw_request(request: HttpRequest, request_id: int = REQUEST_ID) -> dict[str, Any]:
    return _answer(request, request_id, "withdraw", "sent_by")


# ------------------------------------------------------------------ follows


@router.get(
    "/following", response={200: FollowingOut, **READ}, auth=signed_in, summary="What I follow"
)
def following(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "people": [card(p) for p in queries.followed_profiles(user)],
        "organizations": [
            {"slug": o.slug, "name": o.name} for o in queries.followed_organizations(user)
        ],
        "hashtags": queries.followed_hashtag_names(user),
    }


def _done(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Status:
    action(*args, **kwargs)
    return Status(204, None)


def _undone(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Status:
    if not action(*args, **kwargs):
        raise Http404
    return Status(204, None)


FOLLOW_RESPONSES = {204: None, **WRITE, 409: ErrorOut, 422: ErrorOut}
HASHTAG = Path(
    ...,
    pattern=services.HASHTAG_PATTERN,
    description="Without the #: letters, digits, - and _.",
)


@router.put(
    "/following/people/{handle}",
    response=FOLLOW_RESPONSES,
    auth=writer,
    summary="Follow a member",
)
def follow_person(request: HttpRequest, handle: str = HANDLE) -> Status:
    person = queries.person_or_404(request.user, handle)
    return _done(services.follow, request.user, person=person)


@router.delete(
    "/following/people/{handle}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Stop following a member",
)
def unfollow_person(request: HttpRequest, handle: str = HANDLE) -> Status:
    followed = queries.listed_person_or_404(request.user, handle, "unfollow")
    return _undone(services.unfollow, request.user, person=followed)


@router.put(
    "/following/organizations/{slug}",
    response=FOLLOW_RESPONSES,
    auth=writer,
    summary="Follow an organisation",
)
def follow_organization(request: HttpRequest, slug: str) -> Status:
    org = queries.organization_or_404(request.user, slug)
    return _done(services.follow, request.user, organization=org)


@router.delete(
    "/following/organizations/{slug}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Stop following an organisation",
)
def unfollow_organization(request: HttpRequest, slug: str) -> Status:
    org = queries.organization_or_404(request.user, slug)
    return _undone(services.unfollow, request.user, organization=org)


@router.put(
    "/following/hashtags/{name}",
    response=FOLLOW_RESPONSES,
    auth=writer,
    summary="Follow a hashtag",
)
def follow_hashtag(request: HttpRequest, name: str = HASHTAG) -> Status:
    return _done(services.follow, request.user, hashtag=name)


@router.delete(
    "/following/hashtags/{name}",
    response={204: None, **WRITE, 422: ErrorOut},
    auth=writer,
    summary="Stop following a hashtag",
)
def unfollow_hashtag(request: HttpRequest, name: str = HASHTAG) -> Status:
    return _undone(services.unfollow, request.user, hashtag=name)


# ------------------------------------------------------------------ blocks and mutes


def _my_list(rows: Any, them: str) -> list[dict[str, str]]:
    return [
        {
            "handle": getattr(r, them).profile.handle,
            "display_name": getattr(r, them).profile.display_name,
        }
        for r in rows
    ]


@router.get(
    "/blocks",
    response={200: list[PersonRefOut], **READ},
    auth=signed_in,
    summary="Members I blocked",
)
def blocks(request: HttpRequest) -> list[dict[str, str]]:
    return _my_list(queries.blocks_made(request.user, 500), "blocked")


@router.put(
    "/blocks/{handle}",
    response={204: None, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Block a member (ends the connection, requests and follows, both ways)",
)
def block(request: HttpRequest, handle: str = HANDLE) -> Status:
    return _done(services.block, request.user, queries.person_or_404(request.user, handle))


@router.delete(
    "/blocks/{handle}", response={204: None, **WRITE}, auth=writer, summary="Unblock a member"
)
def unblock(request: HttpRequest, handle: str = HANDLE) -> Status:
    blocked = queries.listed_person_or_404(request.user, handle, "unblock")
    return _undone(services.unblock, request.user, blocked)


@router.get(
    "/mutes", response={200: list[PersonRefOut], **READ}, auth=signed_in, summary="Members I muted"
)
def mutes(request: HttpRequest) -> list[dict[str, str]]:
    return _my_list(queries.mutes_made(request.user, 500), "muted")


@router.put(
    "/mutes/{handle}",
    response={204: None, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Mute a member (their posts leave my feed; they are not told)",
)
def mute(request: HttpRequest, handle: str = HANDLE) -> Status:
    return _done(services.mute, request.user, queries.person_or_404(request.user, handle))


@router.delete(
    "/mutes/{handle}", response={204: None, **WRITE}, auth=writer, summary="Unmute a member"
)
def unmute(request: HttpRequest, handle: str = HANDLE) -> Status:
    muted = queries.listed_person_or_404(request.user, handle, "unmute")
    return _undone(services.unmute, request.user, muted)


# ------------------------------------------------------------------ suggestions


@router.get(
    "/suggestions",
    response={200: list[SuggestionOut], **READ, 422: ErrorOut},
    auth=signed_in,
    summary="People I may know, best first",
)
def suggestions(request: HttpRequest, limit: int = Query(10, ge=1, le=50)) -> list[dict]:
    return [
        {
            "person": card(s["profile"]),
            "mutual_connections": s["mutual"],
            "shared_organizations": s["organizations"],
            "shared_skills_and_interests": s["shared"],
            "same_region": s["region"],
            "same_language": s["language"],
        }
        for s in queries.suggestions(request.user, limit)
    ]
