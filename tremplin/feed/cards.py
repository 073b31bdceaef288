"""What a card shows beside its item: pictures, the reshared original the viewer may
see (others show as "unavailable"), the viewer's reaction and bookmark, and whether the
author's profile opens for the viewer. `decorate` attaches them to a page of items in a
fixed number of queries whatever the page size; the hot ones (pictures, originals) are
compiled once per shape (`core.compiled`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from tremplin.core.compiled import CompiledQuery, Input
from tremplin.feed import places
from tremplin.feed.models import Bookmark, Item, ItemImage, Reaction
from tremplin.profiles.models import Profile

MY_STATE = ("mine_kind", "mine_saved", "mine_opens")


def my_state(viewer: Any, prefix: str = "") -> dict[str, Any]:
    """Annotations for the viewer's reaction and bookmark, and whether each author's
    profile opens for them, on a queryset of items (`prefix` reaches the item from
    another model, e.g. "item__" on timeline rows): each is an index probe per row,
    three fewer round trips per page than `decorate` asking separately."""
    item = OuterRef(prefix.removesuffix("__") if prefix else "pk")
    return {
        "mine_kind": Subquery(Reaction.objects.filter(item=item, user=viewer).values("kind")[:1]),
        "mine_saved": Exists(Bookmark.objects.filter(item=item, user=viewer)),
        "mine_opens": Exists(
            Profile.objects.visible_to(viewer, by_row=True).filter(user=OuterRef(f"{prefix}author"))
        ),
    }


def _pictures_query(size: int, ids: list[int]) -> QuerySet[ItemImage]:
    return ItemImage.objects.filter(item_id__in=ids[:size]).order_by("position", "id")


PICTURES = CompiledQuery(_pictures_query, ids=Input.numbers)


def _originals_query(size: tuple[int, bool], viewer: Any, ids: list[int]) -> QuerySet[Item]:
    return (
        Item.objects.visible_to(viewer if size[1] else None)
        .published()
        .filter(pk__in=ids[: size[0]])
        .for_display()
    )


ORIGINALS = CompiledQuery(_originals_query, viewer=Input.user, ids=Input.numbers)


@dataclass
class Mine:
    """The viewer's side of a page: reaction kinds and bookmarks by item id, and the
    authors whose profiles open for them."""

    kinds: dict[int, str] = field(default_factory=dict)
    saved: set[int] = field(default_factory=set)
    openable: set[int] = field(default_factory=set)


def _signed_in(viewer: Any) -> bool:
    return viewer is not None and viewer.is_authenticated


def _originals(viewer: Any, items: list[Item]) -> dict[int, Item]:
    """The reshared originals the viewer may see, by id (one compiled query)."""
    ids = list({i.reshare_of_id for i in items if i.reshare_of_id})
    if not ids:
        return {}
    signed_in = _signed_in(viewer)
    found = ORIGINALS.run((len(ids), signed_in), viewer=viewer if signed_in else None, ids=ids)
    return {o.pk: o for o in found}


def _pictures(items: Iterable[Item]) -> dict[int, list[ItemImage]]:
    """Pictures by item, skipping items known to have none (`has_pictures`)."""
    ids = [i.pk for i in items if getattr(i, "has_pictures", True)]
    pictures: dict[int, list[ItemImage]] = {}
    for image in PICTURES.run(len(ids), ids=ids) if ids else ():
        pictures.setdefault(image.item_id or 0, []).append(image)
    return pictures


def _from_annotations(items: list[Item], mine: Mine) -> list[Item]:
    """Take what the page's own query already read (`my_state`, on timeline rows);
    returns the items it did not cover."""
    rest = []
    for item in items:
        if not hasattr(item, "mine_opens"):
            rest.append(item)
            continue
        if item.mine_kind:  # type: ignore[attr-defined]
            mine.kinds[item.pk] = item.mine_kind  # type: ignore[attr-defined]
        if item.mine_saved:  # type: ignore[attr-defined]
            mine.saved.add(item.pk)
        if item.mine_opens:  # type: ignore[attr-defined]
            mine.openable.add(item.author_id)
    return rest


def _reactions_and_bookmarks(viewer: Any, items: list[Item], mine: Mine) -> None:
    if not items or not _signed_in(viewer):
        return
    item_ids = [i.pk for i in items]
    mine.kinds.update(
        Reaction.objects.filter(user=viewer, item_id__in=item_ids).values_list("item_id", "kind")
    )
    mine.saved.update(
        Bookmark.objects.filter(user=viewer, item_id__in=item_ids).values_list("item_id", flat=True)
    )


def _openable_authors(viewer: Any, authors: set[int], mine: Mine) -> None:
    """Which of these authors' profiles open for the viewer (one query for those not
    known yet)."""
    unknown = authors - mine.openable
    if unknown:
        mine.openable.update(
            Profile.objects.visible_to(viewer, by_row=True)
            .filter(user_id__in=unknown)
            .values_list("user_id", flat=True)
        )


def decorate(viewer: Any, items: list[Item], openable: Iterable[int] = ()) -> list[Item]:
    """Attach what a card shows, in a fixed number of queries whatever the page size:
    pictures, the reshared originals the viewer may see (others become "unavailable"),
    my reaction, my bookmark, and whether each author's profile may be opened.
    `openable`: authors the caller already knows the viewer may open (a profile page's
    owner), so nobody asks again."""
    if not items:
        return items
    originals = _originals(viewer, items)
    every = [*items, *originals.values()]
    pictures = _pictures(every)
    places.labels(every)  # "in <community>": a query only when a card has a place
    mine = Mine(openable=set(openable))
    rest = _from_annotations(items, mine)
    _reactions_and_bookmarks(viewer, rest, mine)
    _openable_authors(viewer, {i.author_id for i in [*rest, *originals.values()]}, mine)
    for item in every:
        item.pictures = pictures.get(item.pk, [])  # type: ignore[attr-defined]
        item.my_reaction = mine.kinds.get(item.pk, "")  # type: ignore[attr-defined]
        item.bookmarked = item.pk in mine.saved  # type: ignore[attr-defined]
        item.author_openable = item.author_id in mine.openable  # type: ignore[attr-defined]
        item.original = (  # type: ignore[attr-defined]
            originals.get(item.reshare_of_id) if item.reshare_of_id else None
        )
    return items
