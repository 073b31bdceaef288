"""The feed: the read path. The home timeline, items, comments, pictures, bookmarks,
articles and hashtags, as the pages (`views.py`, `article_views.py`) and the API
(`api.py`) show them.

Every item is found through `Item.objects.visible_to` (an item the viewer may not see
is a 404, never a 403); every page of items is decorated by `cards.decorate`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.feed.cards import MY_STATE, decorate, my_state
from tremplin.feed.checks import admin_organizations
from tremplin.feed.cursors import after, before, make_cursor, parse_cursor
from tremplin.feed.errors import FeedError
from tremplin.feed.models import (
    Bookmark,
    Comment,
    Item,
    ItemImage,
    ItemQuerySet,
    ItemRevision,
    Kind,
    OwnerAudiences,
    TimelineEntry,
    owner_audiences,
)
from tremplin.network.models import Hashtag, Mute
from tremplin.organizations.models import Organization

PAGE_SIZE = 20


@dataclass
class Page:
    items: list[Item]
    next_cursor: str | None
    # The newest row's cursor (home timeline): the "new posts" check starts there.
    top_cursor: str | None = None


# ------------------------------------------------------------------ the home timeline


CARD_AUTHOR_FIELDS = (
    "item__author__email",
    "item__author__is_active",
    "item__author__profile__handle",
    "item__author__profile__display_name",
    "item__organization__slug",
    "item__organization__name",
)


def _timeline_query(
    variant: tuple[bool, bool, int], viewer: Any, when: Any, pk: Any, language: Any
) -> QuerySet[TimelineEntry]:
    """The page of the home timeline, compiled once per shape (`TIMELINE`):
    `WHERE owner = me [AND language] [AND before cursor] AND author NOT IN (my mutes)
    AND EXISTS (the item, under Item.visible_to) ORDER BY created DESC, id DESC LIMIT
    n+1`, then the page's items, authors, profiles and organisations joined to those
    n+1 rows only. The index range scan on `timeline_page` stops at the LIMIT, so the
    cost does not grow with the network or the history; the visibility re-check drops
    rows whose audience changed, whose author blocked or disconnected, or was
    deactivated, and the page still fills up."""
    has_cursor, has_language, limit = variant
    entries = TimelineEntry.objects.filter(owner=viewer)
    if has_cursor:
        entries = entries.filter(before((when, pk)))
    if has_language:
        entries = entries.filter(language=language)
    return (
        entries.exclude(author_id__in=Mute.objects.filter(muter=viewer).values("muted"))
        .filter(Exists(Item.objects.visible_to(viewer).filter(pk=OuterRef("item_id"))))
        .select_related("item__author__profile", "item__organization")
        # What a card shows of its author and organisation (a profile has 25 columns).
        .only(
            "created",
            "item",
            *(f"item__{f.name}" for f in Item._meta.concrete_fields),
            *CARD_AUTHOR_FIELDS,
        )
        .annotate(
            **my_state(viewer, "item__"),
            # Most posts have no picture: the page then skips the pictures query.
            has_pictures=Exists(ItemImage.objects.filter(item=OuterRef("item"))),
        )
        .order_by("-created", "-id")[: limit + 1]
    )


TIMELINE = CompiledQuery(
    _timeline_query, viewer=Input.user, when=Input.moment, pk=Input.number, language=Input.text
)


def timeline_page(
    viewer: Any, cursor: str | None = None, language: str | None = None, limit: int = PAGE_SIZE
) -> Page:
    """One page of the viewer's home timeline (`_timeline_query`), decorated."""
    position = parse_cursor(cursor)
    when, pk = position or (None, None)
    entries = TIMELINE.run(
        (position is not None, bool(language), limit),
        viewer=viewer,
        when=when,
        pk=pk,
        language=language,
    )
    more = len(entries) > limit
    entries = entries[:limit]
    items = []
    for entry in entries:
        item = entry.item
        for name in (*MY_STATE, "has_pictures"):
            setattr(item, name, getattr(entry, name))
        items.append(item)
    decorate(viewer, items)
    return Page(
        items=items,
        next_cursor=make_cursor(entries[-1].created, entries[-1].pk) if more else None,
        top_cursor=make_cursor(entries[0].created, entries[0].pk)
        if entries and not position
        else None,
    )


def new_in_timeline(
    viewer: Any, since: str | None, language: str | None = None, cap: int = 20
) -> int:
    """How many timeline rows are newer than `since` (at most `cap`)."""
    position = parse_cursor(since)
    if position is None:
        return 0
    entries = TimelineEntry.objects.filter(after(position), owner_id=viewer.pk)
    if language:
        entries = entries.filter(language=language)
    entries = entries.exclude(author_id__in=Mute.objects.filter(muter=viewer).values("muted"))
    return len(entries.values_list("pk", flat=True)[:cap])


def my_organizations(user: Any) -> list[dict[str, Any]]:
    """The member's organisations by name, each with their memberships there (roles),
    for the dashboard beside the feed."""
    organizations: dict[int, dict[str, Any]] = {}
    if not viewer_of(user).memberships:  # most members: known already, no query
        return []
    for membership in user.memberships.select_related("organization").order_by(
        "organization__name", "role"
    ):
        entry = organizations.setdefault(
            membership.organization_id, {"org": membership.organization, "roles": []}
        )
        entry["roles"].append(membership)
    return list(organizations.values())


# ------------------------------------------------------------------ lists of items


def item_page(
    viewer: Any, queryset: ItemQuerySet, cursor: str | None = None, limit: int = PAGE_SIZE
) -> Page:
    """A page of items (already filtered by `visible_to`), newest published first."""
    position = parse_cursor(cursor)
    found = list(
        queryset.filter(before(position, "published"))
        .for_display()
        .order_by("-published", "-id")[: limit + 1]
    )
    more = len(found) > limit
    found = found[:limit]
    decorate(viewer, found)
    last = found[-1] if found else None
    return Page(
        items=found,
        next_cursor=make_cursor(last.published, last.pk) if more and last and last.published
        else None,
    )  # fmt: skip


def bookmarks_page(viewer: Any, cursor: str | None = None) -> Page:
    """The member's bookmarks, newest saved first (keyset on the bookmark); items the
    member may no longer see are left out."""
    position = parse_cursor(cursor)
    rows = list(
        Bookmark.objects.filter(before(position), user=viewer)
        .order_by("-created", "-id")
        .values_list("pk", "created", "item_id")[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    by_id = {
        i.pk: i
        for i in Item.objects.visible_to(viewer).filter(pk__in=[r[2] for r in rows]).for_display()
    }
    items = decorate(viewer, [by_id[r[2]] for r in rows if r[2] in by_id])
    return Page(items, make_cursor(rows[-1][1], rows[-1][0]) if more else None)


def hashtag_items(viewer: Any, name: str) -> tuple[Hashtag | None, ItemQuerySet]:
    """The hashtag (None when nobody used it yet) and the published items under it."""
    tag = Hashtag.objects.filter(name=name).first()
    if tag is None:
        return None, Item.objects.none()
    return tag, Item.objects.visible_to(viewer).published().filter(hashtags=tag)


def follows_hashtag(user: Any, tag: Hashtag | None) -> bool:
    return (
        user.is_authenticated and tag is not None and tag.followers.filter(follower=user).exists()
    )


# ------------------------------------------------------------------ articles


def articles_by(viewer: Any, author: Any) -> ItemQuerySet:
    """An author's published articles the viewer may see."""
    return Item.objects.visible_to(viewer).published().articles().filter(author=author)


def my_articles(user: Any) -> ItemQuerySet:
    """The member's own articles, drafts included, newest first."""
    return Item.objects.filter(author_id=user.pk, kind=Kind.ARTICLE).order_by("-created", "-id")


def my_article_cards(user: Any, limit: int = 200) -> list[Item]:
    return decorate(user, list(my_articles(user).for_display()[:limit]))


def public_articles(author: Any, limit: int = 20) -> ItemQuerySet:
    """What a visitor may read of an author's articles (the Atom feed)."""
    return articles_by(None, author).order_by("-published", "-id")[:limit]


def _article_cards(variant: tuple[OwnerAudiences, int], owner: Any, viewer: Any) -> ItemQuerySet:
    audiences, limit = variant
    found = Item.objects.by_author_in(owner, viewer, audiences).published().articles()
    return found.order_by("-published", "-id")[:limit]


# On every profile page: compiled once per process (tremplin.core.compiled).
ARTICLE_CARDS = CompiledQuery(_article_cards, owner=Input.user, viewer=Input.user)


def article_cards(viewer: Any, owner: Any, limit: int = 5) -> list[Item]:
    """The newest published articles of `owner` that `viewer` may see, on the owner's
    profile page: the viewer's relations with the owner are asked once for the page
    (core.viewer). The page lists their titles, dates and reading times: nothing a card
    adds (pictures, my reaction and bookmark) and nobody else's name."""
    audiences = owner_audiences(owner, viewer)
    if audiences is not None and not audiences[0]:
        return []
    return ARTICLE_CARDS.run((audiences, limit), owner=owner, viewer=viewer)


# ------------------------------------------------------------------ one item


def item_or_404(viewer: Any, pk: int) -> Item:
    """The access helper of every item page and endpoint."""
    return visible_or_404(Item.objects.visible_to(viewer).for_display(), pk=pk)


def card_or_404(viewer: Any, pk: int) -> Item:
    """One item, decorated as its card shows it."""
    item = item_or_404(viewer, pk)
    decorate(viewer, [item])
    return item


def own_item_or_404(viewer: Any, pk: int, kind: str | None = None) -> Item:
    """One of the viewer's own items (of `kind` when given); anyone else's is a 404."""
    item = item_or_404(viewer, pk)
    if item.author_id != viewer.pk or (kind is not None and item.kind != kind):
        raise Http404
    return item


def revisions(item: Item, limit: int = 100) -> QuerySet[ItemRevision]:
    """Previous versions of an item, newest first (its readers may read them)."""
    return item.revisions.order_by("-written", "-id")[:limit]


def reaction_of(user: Any, item: Item) -> str:
    return item.reactions.filter(user=user).values_list("kind", flat=True).first() or ""


def is_bookmarked(user: Any, item: Item) -> bool:
    return Bookmark.objects.filter(user=user, item=item).exists()


def bookmark_or_404(user: Any, item_id: int) -> Bookmark:
    return visible_or_404(Bookmark.objects.filter(user=user), item_id=item_id)


def image_or_404(viewer: Any, pk: int) -> ItemImage:
    """A picture, for those who may see its item (or its uploader, before)."""
    found = visible_or_404(ItemImage.objects.select_related("item__author"), pk=pk)
    if not found.is_visible_to(viewer):
        raise Http404
    return found


def unused_image(owner: Any, pk: int | None) -> ItemImage | None:
    """The picture `pk` the owner uploaded and has not attached yet (None for no
    picture); any other is refused ("not_found")."""
    if not pk:
        return None
    found = ItemImage.objects.filter(pk=pk, owner=owner, item=None).first()
    if found is None:
        raise FeedError(_("This picture cannot be used here."), code="not_found")
    return found


def organization_to_publish_for(user: Any, slug: str | None) -> Organization | None:
    """The organisation (by slug) the member publishes for: one they administer; an
    organisation they do not administer is refused ("forbidden"), an unknown one 404."""
    if not slug:
        return None
    found = admin_organizations(user).filter(slug=slug).first()
    if found is None:
        if Organization.objects.filter(slug=slug).exists():
            raise FeedError(
                _("Only its administrators may publish for an organisation."), code="forbidden"
            )
        raise Http404
    return found


# ------------------------------------------------------------------ comments


def comment_or_404(viewer: Any, pk: int) -> Comment:
    found = Comment.objects.visible_to(viewer).select_related("item", "author__profile")
    return visible_or_404(found, pk=pk)


def parent_comment_or_404(item: Item, pk: int | str) -> Comment:
    """The comment a reply answers: one of the same item's."""
    return visible_or_404(Comment.objects.all(), pk=pk, item=item)


def comment_for_display(pk: int) -> Comment:
    """A comment the caller just wrote, to answer with."""
    return Comment.objects.for_display().get(pk=pk)


def visible_comments(viewer: Any, item: Item) -> list[Comment]:
    """Top-level comments in order, each with `.shown_replies`, two queries."""
    rows = list(
        Comment.objects.visible_to(viewer)
        .filter(item=item)
        .for_display()
        .order_by("created", "id")[:500]
    )
    tops = [c for c in rows if c.parent_id is None]
    by_parent: dict[int, list[Comment]] = {}
    for c in rows:
        if c.parent_id:
            by_parent.setdefault(c.parent_id, []).append(c)
    for c in tops:
        c.shown_replies = by_parent.get(c.pk, [])  # type: ignore[attr-defined]
    return tops
