"""What the feed app holds about a member: their posts, articles and reshares (with
revisions and pictures), their comments, reactions and bookmarks.

Erased: their own items (posts, articles, reshares: with their pictures, files
included, and the comments under them), reactions, bookmarks, views and timeline rows.
A comment they wrote under someone else's item keeps its place in the thread (replies
hang from it) with its text removed: it shows as the deleted member's. Items they
published on behalf of an organisation stay: they are the organisation's. The
counters of other members' items are brought down with what goes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import F, Q

from tremplin.core.personal_data import ArchiveFile, delete_files_on_commit, plain_rows
from tremplin.feed.models import (
    Bookmark,
    Comment,
    Item,
    ItemImage,
    ItemRevision,
    ItemView,
    Reaction,
    TimelineEntry,
)


def _own_items(user: Any) -> Any:
    return Item.objects.filter(author=user, organization__isnull=True)


def export(user: Any) -> dict[str, Any]:
    items = Item.objects.filter(author=user).order_by("created", "pk")
    return {
        "items": plain_rows(items, exclude=("author",)),
        "revisions": plain_rows(ItemRevision.objects.filter(item__author=user)),
        "pictures": plain_rows(ItemImage.objects.filter(owner=user), exclude=("owner",)),
        "comments": plain_rows(Comment.objects.filter(author=user), exclude=("author",)),
        "reactions": plain_rows(Reaction.objects.filter(user=user), exclude=("user",)),
        "bookmarks": plain_rows(Bookmark.objects.filter(user=user), exclude=("user",)),
    }


def files(user: Any) -> list[ArchiveFile]:
    return [
        ArchiveFile(f"pictures/{image.pk}.jpg", str(image.file.name), image.file.storage)
        for image in ItemImage.objects.filter(owner=user)
        if image.file
    ]


def _lower(counter: Counter, field: str) -> int:
    for item_id, count in counter.items():
        Item.objects.filter(pk=item_id, **{f"{field}__gte": count}).update(
            **{field: F(field) - count}
        )
    return sum(counter.values())


def erase(user: Any) -> int:
    own = _own_items(user)
    images = ItemImage.objects.filter(Q(owner=user) | Q(item__in=own))
    for image in images:
        delete_files_on_commit([image.file.name], image.file.storage)
    changed = images.delete()[0]
    reshared = Counter(own.filter(reshare_of__isnull=False).values_list("reshare_of", flat=True))
    changed += own.delete()[0]
    _lower(reshared, "reshare_count")
    reacted = Counter(Reaction.objects.filter(user=user).values_list("item", flat=True))
    changed += Reaction.objects.filter(user=user).delete()[0]
    _lower(reacted, "reaction_count")
    changed += Comment.objects.filter(author=user).update(body="", edited=None)
    for model, field in ((Bookmark, "user"), (ItemView, "viewer"), (TimelineEntry, "owner")):
        changed += model.objects.filter(**{field: user}).delete()[0]
    return changed
