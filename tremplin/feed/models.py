"""Posts, articles and reshares (one table: `Item`), their pictures, revisions,
reactions, comments, bookmarks, daily views, and the home timeline.

Who may see an item is decided in two places only, side by side here:
`ItemQuerySet.visible_to(viewer)` (lists, pages, API, Atom, timeline re-check) and
`Item.is_visible_to(viewer)` (one object). Comments, pictures, reactions and revisions
follow their item.

The home timeline is written on publish ("fan-out on write", see `services.fan_out`):
one `TimelineEntry` per (reader, item), read with
`WHERE owner = me ORDER BY created DESC, id DESC LIMIT n`, then re-checked with
`visible_to` for the page's rows only.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import PROFILE_SCOPE, Audience, audience_q, blocked_q, in_audience
from tremplin.core.reversing import reverse_pk
from tremplin.core.viewer import viewer_of
from tremplin.feed import places

# The audiences an item may have: a subset of the profile audiences.
ITEM_AUDIENCES = [Audience.PUBLIC, Audience.MEMBERS, Audience.CONNECTIONS]
AUDIENCE_CHOICES = [(a.value, a.label) for a in ITEM_AUDIENCES]
# What `by_author_visible_to` asks of the viewer's relations with the author (the
# counsellors' audience stays a subquery; "only me" is the author's alone).
OWNER_KNOWN = (Audience.PUBLIC, Audience.MEMBERS, Audience.CONNECTIONS)
# Wider first: a reshare may not be wider than its original.
AUDIENCE_RANK: dict[str, int] = {
    Audience.CONNECTIONS.value: 0,
    Audience.MEMBERS.value: 1,
    Audience.PUBLIC.value: 2,
}

POST_MAX_LENGTH = 3000
ARTICLE_MAX_LENGTH = 100_000
TITLE_MAX_LENGTH = 200
ALT_MAX_LENGTH = 300
COMMENT_MAX_LENGTH = 1250
MAX_IMAGES = 4
WORDS_PER_MINUTE = 230


class Kind(models.TextChoices):
    POST = "post", _("Post")
    ARTICLE = "article", _("Article")
    RESHARE = "reshare", _("Reshare")


class ItemLanguage(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class ReactionKind(models.TextChoices):
    LIKE = "like", _("Like")
    CELEBRATE = "celebrate", _("Celebrate")
    SUPPORT = "support", _("Support")
    INSIGHTFUL = "insightful", _("Insightful")
    CURIOUS = "curious", _("Curious")


REACTION_EMOJI = {
    ReactionKind.LIKE: "👍",
    ReactionKind.CELEBRATE: "🎉",
    ReactionKind.SUPPORT: "🤝",
    ReactionKind.INSIGHTFUL: "💡",
    ReactionKind.CURIOUS: "🤔",
}


# What the viewer may see of one author's items (`owner_audiences`): None for the author
# (everything, drafts included), else the audiences among OWNER_KNOWN the viewer belongs
# to, and whether to look for the author among the viewer's consenting clients.
OwnerAudiences = tuple[tuple[str, ...], bool] | None


def owner_audiences(author: Any, viewer: Any) -> OwnerAudiences:
    """The viewer's audiences for `author`'s items, asked of the viewer's relations
    (core.viewer, once per request): nothing when the author is deactivated or when a
    block stands between them."""
    if viewer is not None and viewer.is_authenticated and viewer.pk == author.pk:
        return None
    if not author.is_active:
        return (), False
    asking = viewer_of(viewer)
    known = tuple(a for a in OWNER_KNOWN if in_audience(asking, author, a))
    return known, bool(known and asking.is_authenticated)


class ItemQuerySet(models.QuerySet):
    def published(self) -> ItemQuerySet:
        return self.filter(published__isnull=False)

    def visible_to(self, viewer: Any) -> ItemQuerySet:
        """Items the viewer may see: published, in an audience the viewer belongs to
        for the author (a block either way hides everything), author still active.
        The author always sees their own items, drafts included. Moderators and
        administrators get no special access."""
        authenticated = viewer is not None and viewer.is_authenticated
        shown = Q(published__isnull=False, author__is_active=True) & audience_q(
            viewer, "audience", "author", by_row=True
        )
        if authenticated:
            shown |= Q(author=viewer)
        # An item posted in a place (a community) is for that place's readers only,
        # its author included: `feed.places`.
        return self.filter(shown, places.visible_q(viewer))

    def by_author_visible_to(self, author: Any, viewer: Any) -> ItemQuerySet:
        """One author's items the viewer may see: the rule of `visible_to` for a single
        owner, with the viewer's audiences for that owner asked once (`in_audience`,
        core.viewer) instead of in SQL. For a page about that owner (their profile),
        where the viewer's relations are already known; only the counsellors' audience
        stays a subquery, so the page asks no consent it does not show otherwise."""
        return self.by_author_in(author, viewer, owner_audiences(author, viewer))

    def by_author_in(self, author: Any, viewer: Any, audiences: OwnerAudiences) -> ItemQuerySet:
        """`by_author_visible_to` once `owner_audiences` answered (a query of fixed
        shape for each answer: the profile page compiles it, feed.queries)."""
        found = self.filter(author=author)
        if audiences is None:
            return found.filter(places.visible_q(viewer))
        known, counselled = audiences
        if not known:
            return self.none()
        shown = Q(audience__in=known)
        if counselled:
            clients = viewer_of(viewer).relation("clients", PROFILE_SCOPE)
            shown |= Q(audience=Audience.COUNSELLORS, author__in=clients)
        return found.filter(shown, places.visible_q(viewer), published__isnull=False)

    def articles(self) -> ItemQuerySet:
        return self.filter(kind=Kind.ARTICLE)

    def for_display(self) -> ItemQuerySet:
        """Eager loading for cards: the author, their profile and the organisation."""
        return self.select_related("author__profile", "organization")

    def for_titles(self) -> ItemQuerySet:
        """Only what a list of one's own articles shows (title, dates, audience)."""
        return self.only("pk", "title", "published", "created", "audience")


def image_path(instance: ItemImage, filename: str) -> str:
    # Random names: files are served by a view that checks the item's audience.
    return f"feed/{uuid.uuid4().hex}.jpg"


class Item(models.Model):
    """A post, an article or a reshare.

    - post: `body` is plain text (mentions, hashtags and links are linked when shown),
      up to 4 `images`;
    - article: `title`, Markdown `body`, one cover image (an `ItemImage`), a draft
      until `published` is set;
    - reshare: `reshare_of` the original (null once the original is deleted: shown as
      unavailable), `body` is the resharer's comment.

    `organization` is set when an admin of that organisation published it on its
    behalf (`author` stays the person). Counters are kept with F() in the same
    transaction as the row they count, so lists never count rows.
    """

    kind = models.CharField(_("kind"), max_length=8, choices=Kind, default=Kind.POST)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_items"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feed_items",
        verbose_name=_("published on behalf of"),
    )
    audience = models.CharField(
        _("who can see it"), max_length=12, choices=AUDIENCE_CHOICES, default=Audience.MEMBERS
    )
    language = models.CharField(_("language"), max_length=2, choices=ItemLanguage)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(_("text"), blank=True, max_length=ARTICLE_MAX_LENGTH)
    reshare_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reshares"
    )
    hashtags = models.ManyToManyField(
        "network.Hashtag", blank=True, related_name="feed_items", verbose_name=_("hashtags")
    )
    # Where it was posted besides the author's network (`feed.places`): a kind a higher
    # app registered ("community") and that place's id; blank for none.
    place_kind = models.CharField(_("posted in"), max_length=20, blank=True, default="")
    place_id = models.PositiveBigIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # Null while an article is a draft; the time readers see and feeds are ordered by.
    published = models.DateTimeField(_("published"), null=True, blank=True)
    edited = models.DateTimeField(_("edited"), null=True, blank=True)

    reaction_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    reshare_count = models.PositiveIntegerField(default=0)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("post or article")
        verbose_name_plural = _("posts and articles")
        indexes = [
            # An author's items newest first (profile lists, Atom, back-fill).
            models.Index(fields=["author", "kind", "-published", "-id"], name="item_author_kind"),
            models.Index(fields=["organization", "-published"], name="item_org"),
            # A place's items newest first (a community's "Posts" tab).
            models.Index(
                fields=["place_kind", "place_id", "-published", "-id"],
                name="item_place",
                condition=Q(place_id__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=[a.value for a in ITEM_AUDIENCES]),
                name="item_audience_subset",
            ),
            models.CheckConstraint(
                condition=Q(kind="article") | Q(published__isnull=False),
                name="item_only_articles_are_drafts",
            ),
            models.CheckConstraint(
                condition=Q(place_kind="", place_id__isnull=True)
                | (~Q(place_kind="") & Q(place_id__isnull=False)),
                name="item_place_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} by {self.author_id}"

    def get_absolute_url(self) -> str:
        return reverse_pk("feed:item", self.pk)

    def is_visible_to(self, viewer: Any) -> bool:
        """The single-object twin of `ItemQuerySet.visible_to`."""
        if not places.is_visible(viewer, self.place_kind, self.place_id):
            return False
        if viewer is not None and viewer.is_authenticated and viewer.pk == self.author_id:
            return True
        if self.published is None or not self.author.is_active:
            return False
        return in_audience(viewer, self.author, self.audience)

    @property
    def place_key(self) -> str:
        """Where it was posted: "community:12", or "" (`feed.places`)."""
        return places.key(self.place_kind, self.place_id)

    @property
    def is_draft(self) -> bool:
        return self.published is None

    @property
    def reading_minutes(self) -> int:
        """Reading time of an article, at WORDS_PER_MINUTE, at least one minute."""
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def item_type(self) -> str:
        return str(self.kind)


class ItemImage(models.Model):
    """A picture of a post (up to 4) or an article's cover. Uploaded first (then
    `item` is null and only `owner` sees it), attached when the item is published.
    The file is sanitised (EXIF removed, re-encoded) and served by a view that asks
    the item's `is_visible_to`."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="images"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=image_path)
    alt = models.CharField(_("description for people who cannot see the picture"), max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self) -> str:
        return f"picture {self.pk} of {self.item_id}"

    def get_absolute_url(self) -> str:
        return reverse_pk("feed:image", self.pk)

    def is_visible_to(self, viewer: Any) -> bool:
        if self.item is None:
            return viewer is not None and viewer.is_authenticated and viewer.pk == self.owner_id
        return self.item.is_visible_to(viewer)


class ItemRevision(models.Model):
    """A previous version of an item, kept when it is edited (newest last). Readers who
    may see the item may read its history."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=2, choices=ItemLanguage)
    # When this version was written (the publication or the previous edit).
    written = models.DateTimeField()
    replaced = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "-written", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"revision of {self.item_id} ({self.written:%Y-%m-%d %H:%M})"


class Reaction(models.Model):
    """One reaction per person per item; changing it updates the row."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_reactions"
    )
    kind = models.CharField(_("reaction"), max_length=10, choices=ReactionKind)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="reaction_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.item_id}"


class CommentQuerySet(models.QuerySet):
    def visible_to(self, viewer: Any) -> CommentQuerySet:
        """Comments on items the viewer may see, minus those of people in a block
        relation with the viewer."""
        found = self.filter(item__in=Item.objects.visible_to(viewer), author__is_active=True)
        if viewer is not None and viewer.is_authenticated:
            found = found.exclude(blocked_q(viewer, "author"))
        return found

    def for_display(self) -> CommentQuerySet:
        """Eager loading for shown comments: the author and their profile."""
        return self.select_related("author__profile")


class Comment(models.Model):
    """A comment on an item, or a reply to one (one level: `parent` is always a
    top-level comment)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)
    edited = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["item", "created", "id"], name="comment_item_order")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.item_id}"

    def get_absolute_url(self) -> str:
        # From the item's id: a list of comments (notifications) reads no item for it.
        return reverse_pk("feed:item", self.item_id) + f"#comment-{self.pk}"

    @property
    def is_removed(self) -> bool:
        """A moderator removed its text (a comment is never empty otherwise)."""
        return not self.body

    def is_visible_to(self, viewer: Any) -> bool:
        if not self.item.is_visible_to(viewer) or not self.author.is_active:
            return False
        return not (
            viewer is not None
            and viewer.is_authenticated
            and viewer.pk != self.author_id
            and viewer_of(viewer).blocks_either_way(self.author_id)
        )


class Bookmark(models.Model):
    """An item saved for later by one member (private to them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_bookmarks"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="bookmarks")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="bookmark_once")]
        indexes = [models.Index(fields=["user", "-created", "-id"], name="bookmark_page")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.item_id}"


class ItemView(models.Model):
    """Influence data: one row per signed-in viewer per item per day (local date),
    written when the item is shown in the feed or on its page. Authors viewing their
    own items are not counted. Inserted with ignore_conflicts (one statement per page)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="views")
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    day = models.DateField()

    class Meta:
        verbose_name = _("view")
        verbose_name_plural = _("views")
        constraints = [
            models.UniqueConstraint(fields=["item", "viewer", "day"], name="view_once_a_day")
        ]
        indexes = [
            models.Index(fields=["viewer", "day"], name="view_viewer_day"),
            # An author's analytics read a period of their items' views.
            models.Index(fields=["item", "day"], name="view_item_day"),
        ]

    def __str__(self) -> str:
        return f"{self.viewer_id} saw {self.item_id} on {self.day}"


class TimelineEntry(models.Model):
    """One item in one member's home timeline (fan-out on write).

    `created` is the item's publication time; `author` and `language` are copied from
    the item so the page query (mutes, language filter) never joins before its LIMIT.
    At most TIMELINE_CAP rows per owner are kept (trimmed lazily by the fan-out).
    """

    # No constraint in the database for either key (Django still cascades the deletes):
    # a row is a copy the fan-out derives from the item and its readers. With them,
    # every row a fan-out writes was checked at commit against its owner's row, locked
    # FOR KEY SHARE: a 20,000-member community's post locked and dirtied 20,000 member
    # rows, a third of its fan-out's time (about 250 of 600-800 ms).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    # A copy of item.author_id, not a foreign key: deleting a member deletes their
    # items, which removes these rows through `item` (indexed); a second cascade would
    # scan the whole table.
    author_id = models.BigIntegerField()
    language = models.CharField(max_length=2, choices=ItemLanguage)
    created = models.DateTimeField()

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        constraints = [
            models.UniqueConstraint(fields=["owner", "item"], name="timeline_once"),
        ]
        indexes = [
            models.Index(fields=["owner", "-created", "-id"], name="timeline_page"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.owner_id}'s timeline"
