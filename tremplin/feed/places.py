"""Places: where an item is posted besides its author's own network (a community...).

The feed sits below the apps that own places and never imports them: a higher app
registers a `Place` for its kind from its hooks.py (communities registers "community"),
and an item posted there carries `place_kind` and `place_id` (`Item.place_key` is
"community:12"). Blank `place_kind` (most items) means no place.

A place answers four questions, each set-based or bounded:
- `readable_q(viewer)`: a filter on `Item` (its `place_id`) keeping the items of this
  kind whose place the viewer may read; `Item.visible_to` ANDs it (through
  `visible_q`), so an item in a private place is never visible outside it: not on the
  author's profile, not in hashtags, not in Atom, not in timelines;
  `is_readable(viewer, place_id)` is its single-object twin;
- `recipients(place_id)`: SQL and parameters selecting one column of user ids (the
  place's members), which the fan-out puts in its one `INSERT ... SELECT` instead of
  the author's network;
- `labels(ids)`: the name and link of each place, for cards (one query per kind on a
  page);
- `choices(user)`: where the member may post (the composer's "Post to");
  `prepare(user, ref)`: inside the publish transaction, checks that the member may post
  there now (refusing with the owner's `Refusal`; it writes nothing) and answers the
  place's id and the audience its items get; `posted(user, target)` once the item is
  written (slow mode).

An item whose kind nobody registered is visible to nobody (fail closed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tremplin.core.hooks import Hook
from tremplin.feed.errors import FeedError


@dataclass(frozen=True)
class Target:
    """Where a post goes, as `prepare` answered: the place and the item's audience."""

    kind: str
    place_id: int
    audience: str


@dataclass(frozen=True)
class Choice:
    """A place the member may post in, for the composer ("community:12", its name, and
    whether its items are public: the PII guard then runs)."""

    key: str
    label: str
    public: bool


@dataclass(frozen=True)
class Place:
    kind: str
    readable_q: Callable[[Any], Q]
    is_readable: Callable[[Any, int], bool]
    recipients: Callable[[int], tuple[str, list[Any]]]
    labels: Callable[[list[int]], dict[int, tuple[str, str]]]
    choices: Callable[[Any], list[Choice]]
    prepare: Callable[[Any, str], Target]
    posted: Callable[[Any, Target], None]


registered: Hook[Place] = Hook("feed places")


def register(place: Place) -> Place:
    registered.add(place)
    return place


def get(kind: str) -> Place | None:
    return next((p for p in registered if p.kind == kind), None)


def key(kind: str, place_id: int | None) -> str:
    return f"{kind}:{place_id}" if kind and place_id else ""


def visible_q(viewer: Any) -> Q:
    """Items with no place, or in a place the viewer may read (on `Item`)."""
    shown = Q(place_kind="")
    for place in registered:
        shown |= Q(place_kind=place.kind) & place.readable_q(viewer)
    return shown


def is_visible(viewer: Any, kind: str, place_id: int | None) -> bool:
    if not kind:
        return True
    place = get(kind)
    return place is not None and place_id is not None and place.is_readable(viewer, place_id)


def recipients(kind: str, place_id: int) -> tuple[str, list[Any]] | None:
    place = get(kind)
    return place.recipients(place_id) if place is not None else None


def labels(items: Iterable[Any]) -> None:
    """Set `place_label` and `place_url` on each item with a place (one query per kind
    present on the page, none otherwise)."""
    by_kind: dict[str, set[int]] = {}
    for item in items:
        if item.place_kind and item.place_id:
            by_kind.setdefault(item.place_kind, set()).add(item.place_id)
    found: dict[tuple[str, int], tuple[str, str]] = {}
    for kind, ids in by_kind.items():
        place = get(kind)
        if place is not None:
            for pk, shown in place.labels(sorted(ids)).items():
                found[(kind, pk)] = shown
    for item in items:
        item.place_label, item.place_url = found.get(
            (item.place_kind, item.place_id or 0), ("", "")
        )


def choices(user: Any) -> list[Choice]:
    """Where the member may post besides their network."""
    if user is None or not user.is_authenticated:
        return []
    return [choice for place in registered for choice in place.choices(user)]


def prepare(user: Any, ref: str) -> Target:
    """The place a post goes to, from "kind:ref" (ref: an id or what the kind accepts,
    e.g. a community's slug), checked by its owner inside the caller's transaction."""
    kind, _sep, rest = (ref or "").partition(":")
    place = get(kind)
    if place is None or not rest:
        raise FeedError(_("Choose where to post among the places offered."), code="invalid")
    return place.prepare(user, rest)


@transaction.atomic
def target_of(user: Any, ref: str) -> Target:
    """`prepare` in a transaction of its own, changing nothing: where a post would go
    and with which audience (the API asks it before the PII guard)."""
    return prepare(user, ref)


def posted(user: Any, target: Target) -> None:
    """Tell the place's owner a post went there (slow mode counts from now)."""
    place = get(target.kind)
    if place is not None:
        place.posted(user, target)
