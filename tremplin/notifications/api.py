"""Notifications over the API: the caller's own notifications only
(`Notification.objects.visible_to`); another member's is a 404, like a missing one.

Texts are rendered in the caller's language: the `Accept-Language` header, else the
member's language setting."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut, StrictSchema
from tremplin.notifications import kinds, queries, services
from tremplin.notifications.models import Delivery
from tremplin.notifications.rendering import Rendered, render

router = Router(tags=["notifications"])

# The kinds the apps declared (their hooks.py ran before the URLconf imports this), as
# the schema's enum: a client learns every kind from the OpenAPI document.
Kind = StrEnum("Kind", {key: key for key in kinds.all_keys()})  # type: ignore[misc]

READ = {401: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut}
NOTIFICATION_ID = Path(..., ge=1, le=9_223_372_036_854_775_807)


class NotificationOut(Schema):
    id: int
    kind: Kind
    text: str = Field(description="In the caller's language.")
    url: str | None = Field(
        description="The page it is about; null when that is gone or no longer visible."
    )
    excerpt: str
    actor: str | None = Field(description="The display name of the last person who acted.")
    count: int = Field(description="Events merged into this notification.")
    unread: bool
    created: datetime
    updated: datetime


class NotificationPage(Schema):
    results: list[NotificationOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class UnreadOut(Schema):
    unread: int


class MarkedOut(Schema):
    marked: int = Field(description="How many notifications were unread and are now read.")


class PreferenceOut(Schema):
    kind: Kind
    label: str
    delivery: Delivery


class PreferencesIn(StrictSchema):
    preferences: dict[Kind, Delivery] = Field(
        description="Kinds to change, each to in_app, email, digest or off; others keep "
        "their setting."
    )


def _language(request: HttpRequest) -> str:
    if request.headers.get("Accept-Language"):
        return translation.get_language_from_request(request)
    return str(getattr(request.user, "language", None) or translation.get_language())


def _out(item: Rendered) -> dict[str, Any]:
    n = item.notification
    return {
        "id": n.pk,
        "kind": n.kind,
        "text": item.text,
        "url": item.url,
        "excerpt": item.excerpt,
        "actor": n.actor.display_name if n.actor is not None else None,
        "count": n.count,
        "unread": n.read_at is None,
        "created": n.created,
        "updated": n.updated,
    }


@router.get(
    "",
    response={200: NotificationPage, **READ, 422: ErrorOut},
    auth=signed_in,
    summary="My notifications, newest first (cursor pagination)",
)
def list_notifications(
    request: HttpRequest,
    cursor: str = Query(
        "", pattern=r"^(\d{1,18}\.\d{1,18})?$", description="next_cursor of the previous page"
    ),
    unread: bool = Query(False, description="Only unread notifications."),
    limit: int = Query(queries.PAGE_SIZE, ge=1, le=50),
) -> dict[str, Any]:
    rows, next_cursor = queries.page_of(request.user, cursor, unread_only=unread, limit=limit)
    with translation.override(_language(request)):
        return {
            "results": [_out(i) for i in render(request.user, rows)],
            "next_cursor": next_cursor,
        }


@router.get(
    "/unread-count",
    response={200: UnreadOut, **READ},
    auth=signed_in,
    summary="How many notifications I have not read",
    url_name="notifications_unread_count",
)
def unread_count(request: HttpRequest) -> dict[str, int]:
    return {"unread": queries.unread_count(request.user)}


@router.post(
    "/read-all",
    response={200: MarkedOut, **WRITE},
    auth=writer,
    summary="Mark all my notifications as read",
)
def read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.mark_all_read(request.user)}


@router.post(
    "/{notification_id}/read",
    response={200: NotificationOut, **WRITE, 404: ErrorOut, 422: ErrorOut},
    auth=writer,
    summary="Mark one of my notifications as read",
)
def read_one(request: HttpRequest, notification_id: int = NOTIFICATION_ID) -> dict[str, Any]:
    notification = queries.notification_or_404(request.user, notification_id)
    services.mark_read(request.user, notification)
    with translation.override(_language(request)):
        return _out(render(request.user, [notification])[0])


def _preferences(user: Any) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "label": str(kinds.label(kind)), "delivery": delivery}
        for kind, delivery in queries.preferences_of(user).items()
    ]


@router.get(
    "/preferences",
    response={200: list[PreferenceOut], **READ},
    auth=signed_in,
    summary="How I hear about each kind of notification",
)
def get_preferences(request: HttpRequest) -> list[dict[str, Any]]:
    with translation.override(_language(request)):
        return _preferences(request.user)


@router.put(
    "/preferences",
    response={200: list[PreferenceOut], 400: ErrorOut, **WRITE, 422: ErrorOut},
    auth=writer,
    summary="Change how I hear about some kinds of notification",
)
def put_preferences(request: HttpRequest, payload: PreferencesIn) -> list[dict[str, Any]]:
    services.set_preferences(
        request.user, {Kind(k).value: Delivery(d).value for k, d in payload.preferences.items()}
    )
    with translation.override(_language(request)):
        return _preferences(request.user)
