"""The network over the API: connections, requests, follows, blocks, mutes and
suggestions. Each endpoint calls the same action as the pages (`services.py`) and finds
people only through `Profile.objects.visible_to` (a block hides both ways: 404)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.errors import refusal_for
from tremplin.api.schemas import ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.pii import kinds
from tremplin.network import services
from tremplin.network.models import NOTE_MAX_LENGTH, Block, ConnectionRequest, Follow, Mute
from tremplin.network.views import connections_of, profile_visible_ids, visible_requests
from tremplin.organizations.models import Organization
from tremplin.profiles.api import ProfileCardOut, ProfilePage, card
from tremplin.profiles.models import Profile
from tremplin.profiles.views import capped_count

router = Router(tags=["network"])

# How each refusal of `services` answers over HTTP.
STATUS_FOR = {
    "self": 409,
    "connected": 409,
    "pending": 409,
    "transition": 409,
    "blocked": 404,
    "rate_limited": 429,
    "invalid": 422,
}

READ = {401: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
HANDLE = Path(..., min_length=1, max_length=60)
REQUEST_ID = Path(..., ge=1, le=2_147_483_647)


class RequestOut(Schema):
    id: int
    direction: str = Field(description="received or sent")
    status: str = Field(description="As the caller may know it: ignored looks pending to a sender.")
    note: str
    created: datetime
    person: ProfileCardOut = Field(description="The other member.")


class RequestIn(StrictSchema):
    handle: str = Field(min_length=1, max_length=60, description="Whom to ask.")
    note: str = Field("", max_length=NOTE_MAX_LENGTH)
    confirm_pii: StrictBool = Field(
        False, description="Send even though the note seems to contain personal data."
    )


class OrganizationRefOut(Schema):
    slug: str
    name: str


class FollowingOut(Schema):
    people: list[ProfileCardOut]
    organizations: list[OrganizationRefOut]
    hashtags: list[str]


class PersonRefOut(Schema):
    """A member on one's own block or mute list: only the name and the address."""

    handle: str
    display_name: str


class SuggestionOut(Schema):
    person: ProfileCardOut
    mutual_connections: int
    shared_organizations: int
    shared_skills_and_interests: int
    same_region: bool
    same_language: bool


refused = refusal_for(STATUS_FOR)


def person(viewer, handle: str):
    """A member whose profile the caller may see (themselves included), or 404."""
    return get_object_or_404(
        Profile.objects.visible_to(viewer).select_related("user"), handle=handle
    ).user


def request_out(request: ConnectionRequest, viewer) -> dict:
    sent = request.from_user_id == viewer.pk
    other = request.to_user if sent else request.from_user
    who = card(other.profile)
    if not profile_visible_ids(viewer, [other.pk]):
        # Only what asking to connect reveals: the name and the headline.
        who.update(city="", region="", photo_url=None)
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
    request,
    q: str = Query("", max_length=100),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(20, ge=1, le=50),
):
    found = connections_of(request.user, " ".join(q.split()))
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
def remove_connection(request, handle: str = HANDLE):
    if not services.remove_connection(request.user, person(request.user, handle)):
        raise Http404
    return Status(204, None)


# ------------------------------------------------------------------ requests


@router.get(
    "/requests/received",
    response={200: list[RequestOut], **READ},
    auth=signed_in,
    summary="Connection requests waiting for my answer",
)
def requests_received(request):
    found = visible_requests(request.user, "received_by").order_by("-created")[:200]
    return [request_out(r, request.user) for r in found]


@router.get(
    "/requests/sent",
    response={200: list[RequestOut], **READ},
    auth=signed_in,
    summary="My connection requests still waiting",
)
def requests_sent(request):
    found = visible_requests(request.user, "sent_by").order_by("-created")[:200]
    return [request_out(r, request.user) for r in found]


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
def send_request(request, payload: RequestIn):
    other = person(request.user, payload.handle)
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
    try:
        made = services.request_connection(request.user, other, note)
    except ValidationError as error:
        return refused(error)
    made = ConnectionRequest.objects.select_related("from_user__profile", "to_user__profile").get(
        pk=made.pk
    )
    return Status(201, request_out(made, request.user))


def _answer(request, request_id: int, action: str, mine: str):
    found = get_object_or_404(visible_requests(request.user, mine), pk=request_id)
    try:
        getattr(services, action)(request.user, found)
    except ValidationError as error:
        return refused(error)
    return request_out(found, request.user)


ANSWER_RESPONSES = {200: RequestOut, **WRITE, 409: ErrorOut, 422: ErrorOut}


@router.post(
    "/requests/{request_id}/accept",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Accept a request sent to me",
)
def accept_request(request, request_id: int = REQUEST_ID):
    return _answer(request, request_id, "accept", "answerable_by")


@router.post(
    "/requests/{request_id}/decline",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Decline a request sent to me",
)
def decline_request(request, request_id: int = REQUEST_ID):
    return _answer(request, request_id, "decline", "answerable_by")


@router.post(
    "/requests/{request_id}/ignore",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Put aside a request sent to me (the sender is not told)",
)
def ignore_request(request, request_id: int = REQUEST_ID):
    return _answer(request, request_id, "ignore", "answerable_by")


@router.post(
    "/requests/{request_id}/withdraw",
    response=ANSWER_RESPONSES,
    auth=writer,
    summary="Withdraw a request I sent",
)
def withdraw_request(request, request_id: int = REQUEST_ID):
    return _answer(request, request_id, "withdraw", "sent_by")


# ------------------------------------------------------------------ follows


@router.get(
    "/following", response={200: FollowingOut, **READ}, auth=signed_in, summary="What I follow"
)
def following(request):
    user = request.user
    visible = Profile.objects.visible_to(user)
    follows = Follow.objects.filter(follower=user)
    return {
        "people": [
            card(p)
            for p in visible.filter(user__in=follows.values("user")).order_by("display_name")[:500]
        ],
        "organizations": [
            {"slug": o.slug, "name": o.name}
            for o in Organization.objects.visible_to(user).filter(
                pk__in=follows.values("organization")
            )[:500]
        ],
        "hashtags": list(
            follows.filter(hashtag__isnull=False)
            .order_by("hashtag__name")
            .values_list("hashtag__name", flat=True)[:500]
        ),
    }


def _done(action, *args, **kwargs):
    try:
        action(*args, **kwargs)
    except ValidationError as error:
        return refused(error)
    return Status(204, None)


def _undone(action, *args, **kwargs):
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
def follow_person(request, handle: str = HANDLE):
    return _done(services.follow, request.user, person=person(request.user, handle))


@router.delete(
    "/following/people/{handle}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Stop following a member",
)
def unfollow_person(request, handle: str = HANDLE):
    followed = get_object_or_404(
        Follow.objects.select_related("user"), follower=request.user, user__profile__handle=handle
    )
    return _undone(services.unfollow, request.user, person=followed.user)


@router.put(
    "/following/organizations/{slug}",
    response=FOLLOW_RESPONSES,
    auth=writer,
    summary="Follow an organisation",
)
def follow_organization(request, slug: str):
    org = get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)
    return _done(services.follow, request.user, organization=org)


@router.delete(
    "/following/organizations/{slug}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Stop following an organisation",
)
def unfollow_organization(request, slug: str):
    org = get_object_or_404(Organization.objects.visible_to(request.user), slug=slug)
    return _undone(services.unfollow, request.user, organization=org)


@router.put(
    "/following/hashtags/{name}",
    response=FOLLOW_RESPONSES,
    auth=writer,
    summary="Follow a hashtag",
)
def follow_hashtag(request, name: str = HASHTAG):
    return _done(services.follow, request.user, hashtag=name)


@router.delete(
    "/following/hashtags/{name}",
    response={204: None, **WRITE, 422: ErrorOut},
    auth=writer,
    summary="Stop following a hashtag",
)
def unfollow_hashtag(request, name: str = HASHTAG):
    try:
        return _undone(services.unfollow, request.user, hashtag=name)
    except ValidationError as error:
        return refused(error)


# ------------------------------------------------------------------ blocks and mutes


def _my_list(model, me: str, them: str, user):
    rows = (
        model.objects.filter(**{me: user})
        .select_related(f"{them}__profile")
        .order_by("-created")[:500]
    )
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
def blocks(request):
    return _my_list(Block, "blocker", "blocked", request.user)


@router.put(
    "/blocks/{handle}",
    response={204: None, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Block a member (ends the connection, requests and follows, both ways)",
)
def block(request, handle: str = HANDLE):
    return _done(services.block, request.user, person(request.user, handle))


@router.delete(
    "/blocks/{handle}", response={204: None, **WRITE}, auth=writer, summary="Unblock a member"
)
def unblock(request, handle: str = HANDLE):
    row = get_object_or_404(
        Block.objects.select_related("blocked"),
        blocker=request.user,
        blocked__profile__handle=handle,
    )
    return _undone(services.unblock, request.user, row.blocked)


@router.get(
    "/mutes", response={200: list[PersonRefOut], **READ}, auth=signed_in, summary="Members I muted"
)
def mutes(request):
    return _my_list(Mute, "muter", "muted", request.user)


@router.put(
    "/mutes/{handle}",
    response={204: None, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Mute a member (their posts leave my feed; they are not told)",
)
def mute(request, handle: str = HANDLE):
    return _done(services.mute, request.user, person(request.user, handle))


@router.delete(
    "/mutes/{handle}", response={204: None, **WRITE}, auth=writer, summary="Unmute a member"
)
def unmute(request, handle: str = HANDLE):
    row = get_object_or_404(
        Mute.objects.select_related("muted"), muter=request.user, muted__profile__handle=handle
    )
    return _undone(services.unmute, request.user, row.muted)


# ------------------------------------------------------------------ suggestions


@router.get(
    "/suggestions",
    response={200: list[SuggestionOut], **READ, 422: ErrorOut},
    auth=signed_in,
    summary="People I may know, best first",
)
def suggestions(request, limit: int = Query(10, ge=1, le=50)):
    return [
        {
            "person": card(s["profile"]),
            "mutual_connections": s["mutual"],
            "shared_organizations": s["organizations"],
            "shared_skills_and_interests": s["shared"],
            "same_region": s["region"],
            "same_language": s["language"],
        }
        for s in services.suggestions(request.user, limit)
    ]
