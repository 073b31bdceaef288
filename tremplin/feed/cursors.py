"""Keyset pagination for the feed's lists: a cursor is "<microseconds>.<id>" of the
last row shown, and the next page is what comes strictly after it in (time DESC, id
DESC) order. A malformed cursor is a `FeedError` ("invalid")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.feed.errors import FeedError

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def make_cursor(created: datetime, pk: int) -> str:
    return f"{(created - EPOCH) // timedelta(microseconds=1)}.{pk}"


CURSOR_PATTERN = r"^\d{1,17}\.\d{1,19}$"


def parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """(created, id) from a cursor; None for no cursor; FeedError when malformed."""
    if not cursor:
        return None
    try:
        micros, pk = cursor.split(".")
        when = EPOCH + timedelta(microseconds=int(micros))
        return when, int(pk)
    except (ValueError, OverflowError):
        raise FeedError(_("This page address is not valid."), code="invalid") from None


def before(cursor: tuple[datetime, int] | None, field: str = "created") -> Q:
    """Rows strictly older than the cursor, in (field DESC, id DESC) order. The extra
    `field <= c` lets the index range start at the cursor."""
    if cursor is None:
        return Q()
    when, pk = cursor
    return Q(**{f"{field}__lte": when}) & (
        Q(**{f"{field}__lt": when}) | Q(**{field: when, "id__lt": pk})
    )


def after(cursor: tuple[datetime, int], field: str = "created") -> Q:
    when, pk = cursor
    return Q(**{f"{field}__gte": when}) & (
        Q(**{f"{field}__gt": when}) | Q(**{field: when, "id__gt": pk})
    )
