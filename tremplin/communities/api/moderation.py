"""Communities API: the moderation part. The community's moderation log (its moderators
and site moderators; 404 for anyone else, as if it were not there), removing and
restoring a thread, a reply, an event or a resource with a reason (the author is told
what and why, never by whom), the removals told to me, and my digest choice per
community. Thin over `queries.moderation` and the services; refusals are answered by
the global handler."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool, StringConstraints

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import FILLED_TEXT, TEXT, ErrorOut, StrictSchema
from tremplin.communities.models import ModerationAction
from tremplin.communities.queries import moderation as queries
from tremplin.communities.services import digest as digests
from tremplin.communities.services import moderation as services

router = Router(tags=["communities"])

ContentKind = StrEnum("CommunityContentKind", {k: k for k in services.MODELS})  # type: ignore[misc]
LogAction = StrEnum(  # type: ignore[misc]
    "CommunityLogAction", {v: v for v in ModerationAction.Action.values}
)
DigestChoice = StrEnum(  # type: ignore[misc]
    "CommunityDigest", {"never": "", "daily": "daily", "weekly": "weekly"}
)
MAX_ID = 9_223_372_036_854_775_807
OBJECT_ID = Path(..., ge=1, le=MAX_ID)
SLUG = Path(..., min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
Reason = Annotated[str, StringConstraints(max_length=services.REASON_MAX_LENGTH, pattern=TEXT)]
FilledReason = Annotated[
    str,
    StringConstraints(min_length=1, max_length=services.REASON_MAX_LENGTH, pattern=FILLED_TEXT),
]


class LogEntryOut(Schema):
    id: int
    action: LogAction
    moderator: str | None
    member: str | None = Field(description="Whom it was about.")
    target: str = Field(description='What it was about: "thread:12", "reply:40"...')
    excerpt: str
    reason: str
    created: datetime


class LogPageOut(Schema):
    page: int
    pages: int
    count: int
    entries: list[LogEntryOut]


class LogFilter(Schema):
    action: LogAction | None = None
    page: int = Field(1, ge=1, le=1_000_000)


class RemovalReasonIn(StrictSchema):
    reason: FilledReason = Field(..., description="Told to the author.")


class RestoreIn(StrictSchema):
    reason: Reason = ""


class ModeratedOut(Schema):
    kind: ContentKind
    id: int
    removed: bool
    log_entry: int | None


class RemovalOut(Schema):
    id: int
    community: str = Field(description="The community's address (slug).")
    kind: str
    excerpt: str
    reason: str
    created: datetime


class DigestIn(StrictSchema):
    digest: DigestChoice
    in_home_feed: StrictBool | None = Field(
        None, description="Its posts in my home feed (left out: unchanged)."
    )


class DigestOut(Schema):
    community: str
    digest: DigestChoice
    in_home_feed: bool = Field(description="Its posts reach my home feed.")


def _entry(e: ModerationAction) -> dict[str, Any]:
    return {
        "id": e.pk,
        "action": e.action,
        "moderator": e.actor.display_name if e.actor else None,
        "member": e.target_user.display_name if e.target_user else None,
        "target": e.target,
        "excerpt": e.excerpt,
        "reason": e.reason,
        "created": e.created,
    }


@router.get(
    "/{slug}/moderation/log",
    response={200: LogPageOut, **READ},
    auth=signed_in,
    summary="A community's moderation log, newest first (its moderators only)",
)
def moderation_log(
    request: HttpRequest, filters: Query[LogFilter], slug: str = SLUG
) -> dict[str, Any]:
    community = queries.moderated_or_404(request.user, slug)
    action = filters.action.value if filters.action else ""
    page = queries.log_page(request.user, community, action, filters.page)
    return {
        "page": page.number,
        "pages": page.paginator.num_pages,
        "count": page.paginator.count,
        "entries": [_entry(e) for e in page.object_list],
    }


def _moderated(kind: str, pk: int, entry: ModerationAction | None, removed: bool) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": pk,
        "removed": removed,
        "log_entry": entry.pk if entry else None,
    }


@router.post(
    "/moderation/{kind}/{object_id}/remove",
    response={201: ModeratedOut, **WRITE},
    auth=writer,
    summary="Remove a thread, a reply, an event or a resource (its author is told why)",
)
def remove(
    request: HttpRequest, payload: RemovalReasonIn, kind: ContentKind, object_id: int = OBJECT_ID
) -> Status:
    entry = services.remove_content(request.user, kind.value, object_id, payload.reason)
    return Status(201, _moderated(kind.value, object_id, entry, True))


@router.post(
    "/moderation/{kind}/{object_id}/restore",
    response={201: ModeratedOut, **WRITE},
    auth=writer,
    summary="Restore what a moderator removed",
)
def restore(
    request: HttpRequest, payload: RestoreIn, kind: ContentKind, object_id: int = OBJECT_ID
) -> Status:
    entry = services.restore_content(request.user, kind.value, object_id, payload.reason)
    return Status(201, _moderated(kind.value, object_id, entry, False))


@router.get(
    "/moderation/removed",
    response={200: list[RemovalOut], 401: ErrorOut},
    auth=signed_in,
    summary="What community moderators removed of mine, and why (never who)",
)
def my_removals(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": e.pk,
            "community": e.community.slug,
            "kind": e.target.split(":")[0],
            "excerpt": e.excerpt,
            "reason": e.reason,
            "created": e.created,
        }
        for e in queries.my_removals(request.user)
    ]


@router.get(
    "/{slug}/digest",
    response={200: DigestOut, **READ},
    auth=signed_in,
    summary="My email digest of a community I belong to",
)
def get_digest(request: HttpRequest, slug: str = SLUG) -> dict[str, Any]:
    community = queries.community_or_404(request.user, slug)
    membership = queries.membership_or_404(request.user, community)
    return _digest_out(community, membership)


@router.put(
    "/{slug}/digest",
    response={200: DigestOut, **WRITE},
    auth=writer,
    summary=(
        "Choose my email digest of a community (daily, weekly or never) and whether its "
        "posts reach my home feed"
    ),
)
def put_digest(request: HttpRequest, payload: DigestIn, slug: str = SLUG) -> dict[str, Any]:
    community = queries.community_or_404(request.user, slug)
    membership = queries.membership_or_404(request.user, community)
    digests.choose(membership, payload.digest.value)
    if payload.in_home_feed is not None:
        digests.home_feed(membership, payload.in_home_feed)
    return _digest_out(community, membership)


def _digest_out(community: Any, membership: Any) -> dict[str, Any]:
    return {
        "community": community.slug,
        "digest": membership.digest,
        "in_home_feed": membership.in_home_feed,
    }
