"""Feed actions, shared by the pages and the API.

Refusals are `FeedError`s (a `ValidationError` with a `code`): pages show the message,
the API maps the code to a status (`tremplin.feed.api.STATUS_FOR`). An item the actor
may not see is an `Http404`, never a refusal that confirms it exists.

Side effects (fan-out to timelines, live events, file removal) run after commit;
notifications are recorded inside the cause's transaction (`notify` delivers after
commit itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import Audience
from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.images import sanitise_image
from tremplin.feed import text as feed_text
from tremplin.feed import viewcount
from tremplin.feed.hooks import COMMENT, MENTION, REACTION, REPLY, RESHARE
from tremplin.feed.models import (
    ALT_MAX_LENGTH,
    ARTICLE_MAX_LENGTH,
    AUDIENCE_RANK,
    COMMENT_MAX_LENGTH,
    ITEM_AUDIENCES,
    MAX_IMAGES,
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Bookmark,
    Comment,
    Item,
    ItemImage,
    ItemLanguage,
    ItemRevision,
    Kind,
    Reaction,
    ReactionKind,
    TimelineEntry,
)
from tremplin.network.models import Block, Connection, Follow, Hashtag, Mute
from tremplin.network.services import HASHTAG_RE
from tremplin.notifications.services import notify
from tremplin.organizations.models import Organization, Role

# Each owner keeps about this many timeline rows (older ones are trimmed lazily).
TIMELINE_CAP = 1000
# An owner's timeline is trimmed when (owner id + item id) % TRIM_EVERY == 0: about once
# every TRIM_EVERY items it receives, so no publish pays for every recipient.
TRIM_EVERY = 64
# Live "new posts" events are pushed to at most this many readers per item; bigger
# audiences learn about new posts by the page's poll (one tiny query a minute).
LIVE_PUSH_LIMIT = 200
PAGE_SIZE = 20
IMAGE_MAX_SIDE = 1600


class FeedError(ValidationError):
    """A business-rule refusal; `code`: invalid (422), forbidden (403), conflict (409,
    the current state refuses it), not_found (404)."""


def _invalid(message, code: str = "invalid") -> FeedError:
    return FeedError(message, code=code)


# ------------------------------------------------------------------ validation helpers


def check_language(language: str | None, author, body: str = "") -> str:
    """The item's language: the one given, else a confident guess from the text, else
    the author's own language."""
    if language:
        if language not in ItemLanguage.values:
            raise _invalid(_("Choose French or English as the language."))
        return language
    return feed_text.guess_language(body) or (
        author.language if author.language in ItemLanguage.values else "fr"
    )


def check_audience(audience: str) -> str:
    if audience not in [a.value for a in ITEM_AUDIENCES]:
        raise _invalid(_("Choose who can see it: everyone, members or your connections."))
    return audience


def check_text(body: str, *, required: bool = True, limit: int = POST_MAX_LENGTH) -> str:
    body = (body or "").strip()
    if required and not body:
        raise _invalid(_("Write something before publishing."))
    if len(body) > limit:
        raise _invalid(_("The text is too long: %(max)d characters at most.") % {"max": limit})
    return body


def admin_organizations(user):
    """Organisations on whose behalf `user` may publish (they are an admin there)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, memberships__role=Role.ADMIN)


def check_organization(user, organization, audience: str):
    if organization is None:
        return None
    if not admin_organizations(user).filter(pk=organization.pk).exists():
        raise _invalid(_("Only its administrators may publish for an organisation."), "forbidden")
    if audience == Audience.CONNECTIONS:
        raise _invalid(_("An organisation publishes to everyone or to members only."))
    return organization


# ------------------------------------------------------------------ pictures


def upload_image(owner, upload, alt: str) -> ItemImage:
    """Sanitise (type read from the bytes, EXIF removed, re-encoded) and keep a picture
    for a post the owner is writing. The description is required."""
    alt = " ".join((alt or "").split())
    if not alt:
        raise _invalid(_("Describe each picture for people who cannot see it."))
    if len(alt) > ALT_MAX_LENGTH:
        raise _invalid(
            _("The picture description is too long: %(max)d characters at most.")
            % {"max": ALT_MAX_LENGTH}
        )
    clean = sanitise_image(upload, max_side=IMAGE_MAX_SIDE)
    from PIL import Image

    with Image.open(clean) as opened:
        width, height = opened.size
    clean.seek(0)
    image = ItemImage(owner=owner, alt=alt, width=width, height=height)
    image.file.save("picture.jpg", clean, save=False)
    image.save()
    return image


def check_images(owner, images: Sequence[ItemImage], limit: int = MAX_IMAGES) -> list[ItemImage]:
    images = list(images)
    if len(images) > limit:
        raise _invalid(_("At most %(max)d pictures per post.") % {"max": limit})
    for image in images:
        if image.owner_id != owner.pk or image.item_id is not None:
            raise _invalid(_("This picture cannot be used here."))
        if not image.alt.strip():
            raise _invalid(_("Describe each picture for people who cannot see it."))
    return images


def images_by_ids(owner, ids: Iterable[int]) -> list[ItemImage]:
    ids = list(ids)
    found = {i.pk: i for i in ItemImage.objects.filter(pk__in=ids, owner=owner, item=None)}
    if len(found) != len(set(ids)):
        raise _invalid(_("This picture cannot be used here."), "not_found")
    return [found[i] for i in ids]


def _attach(item: Item, images: Sequence[ItemImage]) -> None:
    for position, image in enumerate(images):
        ItemImage.objects.filter(pk=image.pk).update(item=item, position=position)


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


# ------------------------------------------------------------------ mentions and hashtags


def _set_hashtags(item: Item, body: str) -> None:
    names = sorted(n for n in feed_text.hashtags(body) if HASHTAG_RE.match(n))
    if not names:
        item.hashtags.clear()
        return
    Hashtag.objects.bulk_create([Hashtag(name=n) for n in names], ignore_conflicts=True)
    item.hashtags.set(Hashtag.objects.filter(name__in=names))


def _notify_mentions(item: Item, body: str, already: set[str] | None = None) -> None:
    from tremplin.profiles.models import Profile

    handles = feed_text.mentions(body) - (already or set())
    if not handles:
        return
    for profile in Profile.objects.filter(handle__in=handles).select_related("user")[:50]:
        if profile.user_id != item.author_id and item.is_visible_to(profile.user):
            notify(
                profile.user,
                MENTION,
                actor=item.author,
                target=item,
                data={"excerpt": feed_text.excerpt(item.title or body, 140)},
            )


def _after_publish(item: Item) -> None:
    item_id = item.pk
    transaction.on_commit(lambda: _enqueue_fan_out(item_id))


def _enqueue_fan_out(item_id: int) -> None:
    from tremplin.feed.tasks import fan_out_item

    fan_out_item.enqueue(item_id)


# ------------------------------------------------------------------ posts


@transaction.atomic
def publish_post(
    author,
    body: str,
    *,
    audience: str = Audience.MEMBERS,
    language: str | None = None,
    images: Sequence[ItemImage] = (),
    organization=None,
) -> Item:
    """Publish a post now (the PII guard has run in the form or the API before)."""
    body = check_text(body)
    audience = check_audience(audience)
    organization = check_organization(author, organization, audience)
    images = check_images(author, images)
    item = Item.objects.create(
        kind=Kind.POST,
        author=author,
        organization=organization,
        audience=audience,
        language=check_language(language, author, body),
        body=body,
        published=timezone.now(),
    )
    _attach(item, images)
    _set_hashtags(item, body)
    _notify_mentions(item, body)
    _after_publish(item)
    return item


def _editable(user, item: Item) -> Item:
    if not item.is_visible_to(user):
        raise Http404
    if item.author_id != user.pk:
        raise _invalid(_("Only its author may change this."), "forbidden")
    return item


@transaction.atomic
def edit_item(
    user,
    item: Item,
    *,
    body: str | None = None,
    title: str | None = None,
    language: str | None = None,
) -> Item:
    """Change the text (and title, language) of one's item; the previous version is
    kept as an `ItemRevision` once the item is published (drafts keep no history)."""
    item = _editable(user, Item.objects.select_for_update().get(pk=item.pk))
    limit = ARTICLE_MAX_LENGTH if item.kind == Kind.ARTICLE else POST_MAX_LENGTH
    new_body = check_text(
        item.body if body is None else body,
        required=item.kind == Kind.POST,  # a draft article or a reshare may be empty
        limit=limit,
    )
    new_title = item.title if title is None else check_title(title, item.kind)
    new_language = check_language(language or item.language, user)
    if (new_body, new_title, new_language) == (item.body, item.title, item.language):
        return item
    old_body = item.body
    if not item.is_draft:
        ItemRevision.objects.create(
            item=item,
            title=item.title,
            body=item.body,
            language=item.language,
            written=item.edited or item.published or item.created,
        )
        item.edited = timezone.now()
    item.body, item.title = new_body, new_title
    if new_language != item.language:
        item.language = new_language
        TimelineEntry.objects.filter(item=item).update(language=new_language)
    item.save(update_fields=["body", "title", "language", "edited"])
    _set_hashtags(item, new_body)
    if not item.is_draft:
        _notify_mentions(item, new_body, already=feed_text.mentions(old_body))
    return item


@transaction.atomic
def delete_item(user, item: Item) -> None:
    """Delete one's item for everyone: its pictures, comments, reactions, views and
    timeline rows go with it; reshares of it then show "unavailable"."""
    item = _editable(user, item)
    if item.reshare_of_id:
        Item.objects.filter(pk=item.reshare_of_id, reshare_count__gt=0).update(
            reshare_count=F("reshare_count") - 1
        )
    files = list(item.images.values_list("file", flat=True))
    item.delete()
    transaction.on_commit(lambda: _remove_files(files))


# ------------------------------------------------------------------ articles


def check_title(title: str, kind: str = Kind.ARTICLE) -> str:
    title = " ".join((title or "").split())
    if kind == Kind.ARTICLE and not title:
        raise _invalid(_("Give the article a title."))
    if len(title) > TITLE_MAX_LENGTH:
        raise _invalid(
            _("The title is too long: %(max)d characters at most.") % {"max": TITLE_MAX_LENGTH}
        )
    return title


@transaction.atomic
def create_article(
    author,
    title: str,
    body: str,
    *,
    audience: str = Audience.MEMBERS,
    language: str | None = None,
    cover: ItemImage | None = None,
    organization=None,
    publish: bool = False,
) -> Item:
    """Write an article; a draft (only its author sees it) unless `publish`."""
    title = check_title(title)
    body = check_text(body, required=False, limit=ARTICLE_MAX_LENGTH)
    audience = check_audience(audience)
    organization = check_organization(author, organization, audience)
    covers = check_images(author, [cover] if cover else [], limit=1)
    item = Item.objects.create(
        kind=Kind.ARTICLE,
        author=author,
        organization=organization,
        audience=audience,
        language=check_language(language, author, f"{title}\n{body}"),
        title=title,
        body=body,
    )
    _attach(item, covers)
    _set_hashtags(item, body)
    if publish:
        publish_article(author, item)
    return item


@transaction.atomic
def set_cover(user, item: Item, cover: ItemImage | None) -> Item:
    """Replace (or remove, with None) an article's cover picture."""
    item = _editable(user, item)
    if item.kind != Kind.ARTICLE:
        raise _invalid(_("Only an article has a cover picture."))
    covers = check_images(user, [cover] if cover else [], limit=1)
    files = list(item.images.values_list("file", flat=True))
    item.images.all().delete()
    _attach(item, covers)
    transaction.on_commit(lambda: _remove_files(files))
    return item


@transaction.atomic
def update_audience(user, item: Item, audience: str) -> Item:
    """Drafts may change audience freely; a published item only to a narrower one
    (readers who already have it in their timeline are re-checked when they read)."""
    item = _editable(user, item)
    audience = check_audience(audience)
    check_organization(user, item.organization, audience)
    if not item.is_draft and AUDIENCE_RANK[audience] > AUDIENCE_RANK[item.audience]:
        raise _invalid(_("A published item may only be shown to fewer people."), "conflict")
    item.audience = audience
    item.save(update_fields=["audience"])
    return item


@transaction.atomic
def publish_article(user, item: Item) -> Item:
    item = _editable(user, Item.objects.select_for_update().get(pk=item.pk))
    if item.kind != Kind.ARTICLE:
        raise _invalid(_("Only an article can be published from a draft."))
    if not item.is_draft:
        raise _invalid(_("This article is already published."), "conflict")
    item.published = timezone.now()
    item.save(update_fields=["published"])
    _notify_mentions(item, item.body)
    _after_publish(item)
    return item


# ------------------------------------------------------------------ reshares


def _shown_original(item: Item) -> Item:
    """Resharing a reshare reshares what it shared."""
    if item.kind == Kind.RESHARE and item.reshare_of_id:
        return Item.objects.select_related("author").get(pk=item.reshare_of_id)
    return item


@transaction.atomic
def reshare(user, original: Item, body: str = "", *, audience: str = Audience.MEMBERS) -> Item:
    """Reshare an item one can see, with an optional comment. The reshare is an item of
    its own, never wider than the original's audience."""
    if not original.is_visible_to(user):
        raise Http404
    if original.kind == Kind.RESHARE and original.reshare_of_id is None:
        raise _invalid(_("This post is no longer available."), "conflict")
    original = _shown_original(original)
    if not original.is_visible_to(user) or original.is_draft:
        raise Http404
    body = check_text(body, required=False)
    audience = check_audience(audience)
    if AUDIENCE_RANK[audience] > AUDIENCE_RANK[original.audience]:
        raise _invalid(
            _("A reshare cannot be shown to more people than the original: choose %(audience)s.")
            % {"audience": Audience(original.audience).label},
            "conflict",
        )
    item = Item.objects.create(
        kind=Kind.RESHARE,
        author=user,
        audience=audience,
        language=check_language(None, user, body) if body else original.language,
        body=body,
        reshare_of=original,
        published=timezone.now(),
    )
    Item.objects.filter(pk=original.pk).update(reshare_count=F("reshare_count") + 1)
    _set_hashtags(item, body)
    _notify_mentions(item, body)
    if original.is_visible_to(original.author):
        notify(
            original.author,
            RESHARE,
            actor=user,
            target=item if item.is_visible_to(original.author) else original,
            data={"excerpt": feed_text.excerpt(original.title or original.body, 140)},
        )
    _after_publish(item)
    return item


# ------------------------------------------------------------------ reactions


def _readable(user, item: Item) -> Item:
    if not user.is_authenticated or not item.is_visible_to(user) or item.is_draft:
        raise Http404
    return item


@transaction.atomic
def react(user, item: Item, kind: str) -> Reaction:
    """Set my reaction to an item (one per person: a new kind replaces the old)."""
    _readable(user, item)
    if kind not in ReactionKind.values:
        raise _invalid(_("Choose one of the reactions offered."))
    found = Reaction.objects.select_for_update().filter(item=item, user=user).first()
    if found is not None:
        if found.kind != kind:
            found.kind = kind
            found.save(update_fields=["kind"])
        return found
    reaction = Reaction.objects.create(item=item, user=user, kind=kind)
    Item.objects.filter(pk=item.pk).update(reaction_count=F("reaction_count") + 1)
    notify(
        item.author,
        REACTION,
        actor=user,
        target=item,
        group_key=f"reaction:{item.item_type}:{item.pk}",
        data={"excerpt": feed_text.excerpt(item.title or item.body, 140), "reaction": kind},
    )
    return reaction


@transaction.atomic
def unreact(user, item: Item) -> bool:
    _readable(user, item)
    deleted, _rows = Reaction.objects.filter(item=item, user=user).delete()
    if deleted:
        Item.objects.filter(pk=item.pk, reaction_count__gt=0).update(
            reaction_count=F("reaction_count") - 1
        )
    return bool(deleted)


# ------------------------------------------------------------------ comments


@transaction.atomic
def add_comment(user, item: Item, body: str, parent: Comment | None = None) -> Comment:
    """Comment on an item, or reply to a comment (one level: a reply to a reply joins
    the same thread)."""
    _readable(user, item)
    body = check_text(body, limit=COMMENT_MAX_LENGTH)
    if parent is not None:
        if parent.item_id != item.pk or not parent.is_visible_to(user):
            raise Http404
        if parent.parent_id:
            parent = parent.parent
    comment = Comment.objects.create(item=item, author=user, parent=parent, body=body)
    Item.objects.filter(pk=item.pk).update(comment_count=F("comment_count") + 1)
    excerpt = {"excerpt": feed_text.excerpt(body, 140)}
    told: set[int] = {user.pk}
    if parent is not None and parent.author_id not in told:
        if item.is_visible_to(parent.author):
            notify(parent.author, REPLY, actor=user, target=comment, data=excerpt)
        told.add(parent.author_id)
    if item.author_id not in told:
        notify(item.author, COMMENT, actor=user, target=comment, data=excerpt)
        told.add(item.author_id)
    from tremplin.profiles.models import Profile

    handles = feed_text.mentions(body)
    if handles:
        for profile in Profile.objects.filter(handle__in=handles).select_related("user")[:50]:
            if profile.user_id not in told and item.is_visible_to(profile.user):
                notify(profile.user, MENTION, actor=user, target=comment, data=excerpt)
    return comment


def _comment_of(user, comment: Comment) -> Comment:
    if not comment.is_visible_to(user):
        raise Http404
    return comment


@transaction.atomic
def edit_comment(user, comment: Comment, body: str) -> Comment:
    _comment_of(user, comment)
    if comment.author_id != user.pk:
        raise _invalid(_("Only its author may change this."), "forbidden")
    comment.body = check_text(body, limit=COMMENT_MAX_LENGTH)
    comment.edited = timezone.now()
    comment.save(update_fields=["body", "edited"])
    return comment


@transaction.atomic
def delete_comment(user, comment: Comment) -> None:
    """The comment's author, or the item's author, may delete it (its replies go too)."""
    _comment_of(user, comment)
    if user.pk not in (comment.author_id, comment.item.author_id):
        raise _invalid(_("Only its author or the post's author may delete it."), "forbidden")
    gone = 1 + comment.replies.count()
    item_id = comment.item_id
    comment.delete()
    Item.objects.filter(pk=item_id).update(comment_count=Greatest(F("comment_count") - gone, 0))


# ------------------------------------------------------------------ bookmarks


@transaction.atomic
def bookmark(user, item: Item) -> Bookmark:
    _readable(user, item)
    found, _created = Bookmark.objects.get_or_create(user=user, item=item)
    return found


@transaction.atomic
def unbookmark(user, item: Item) -> bool:
    deleted, _rows = Bookmark.objects.filter(user=user, item=item).delete()
    return bool(deleted)


# ------------------------------------------------------------------ views (influence data)


def record_views(viewer, items: Iterable[Item]) -> None:
    """One row per viewer, item and day (`feed.viewcount`: written in batches a
    second later). Authors' own items and visitors who are not signed in are not
    counted."""
    if viewer is None or not viewer.is_authenticated:
        return
    day = timezone.localdate()
    viewcount.record([(i.pk, viewer.pk, day) for i in items if i.author_id != viewer.pk])


# ------------------------------------------------------------------ fan-out


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def fan_out(item_id: int) -> list[int]:
    """Write the item into the timeline of every reader it is for, in ONE statement:
    `INSERT INTO timeline SELECT <recipients> ... ON CONFLICT DO NOTHING` (idempotent:
    unique (owner, item)). Recipients: the author; for a "connections" item, their
    connections; otherwise also their followers, the followers of the organisation it
    was published for and of its hashtags. Members in a block relation with the author
    are left out. Returns the owners written (for live events)."""
    item = Item.objects.filter(pk=item_id, published__isnull=False).first()
    if item is None:
        return []
    author = item.author_id
    conn, follow, block = _table(Connection), _table(Follow), _table(Block)
    sources = ["SELECT %s AS uid"]
    params: list = [author]
    if item.organization_id is None:
        sources += [
            f"SELECT user_high_id FROM {conn} WHERE user_low_id = %s",  # noqa: S608
            f"SELECT user_low_id FROM {conn} WHERE user_high_id = %s",  # noqa: S608
        ]
        params += [author, author]
    if item.audience != Audience.CONNECTIONS:
        if item.organization_id is None:
            sources.append(f"SELECT follower_id FROM {follow} WHERE user_id = %s")  # noqa: S608
            params.append(author)
        else:
            sources.append(f"SELECT follower_id FROM {follow} WHERE organization_id = %s")  # noqa: S608
            params.append(item.organization_id)
        tags = list(item.hashtags.values_list("pk", flat=True))
        if tags:
            marks = ", ".join(["%s"] * len(tags))
            sources.append(
                f"SELECT follower_id FROM {follow} WHERE hashtag_id IN ({marks})"  # noqa: S608
            )
            params += tags
    # Table names come from the models; every value is a parameter.
    timeline = _table(TimelineEntry)
    sql = (
        f"INSERT INTO {timeline} (owner_id, item_id, author_id, language, created) "  # noqa: S608
        f"SELECT r.uid, %s, %s, %s, %s FROM ({' UNION '.join(sources)}) AS r "
        f"WHERE r.uid NOT IN (SELECT blocked_id FROM {block} WHERE blocker_id = %s) "
        f"AND r.uid NOT IN (SELECT blocker_id FROM {block} WHERE blocked_id = %s) "
        "ON CONFLICT (owner_id, item_id) DO NOTHING RETURNING owner_id"
    )
    # Stored exactly as the ORM stores datetimes (SQLite compares them as text).
    published = connection.ops.adapt_datetimefield_value(item.published)
    all_params = [item.pk, author, item.language, published, *params, author, author]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        owners = [row[0] for row in cursor.fetchall()]
        trim_timelines([o for o in owners if (o + item.pk) % TRIM_EVERY == 0])
    return owners


def trim_timelines(owner_ids: Sequence[int], keep: int = TIMELINE_CAP) -> int:
    """Delete all but the newest `keep` timeline rows of these owners, in one statement."""
    if not owner_ids:
        return 0
    timeline = _table(TimelineEntry)
    marks = ", ".join(["%s"] * len(owner_ids))
    sql = (
        f"DELETE FROM {timeline} WHERE id IN (SELECT id FROM ("  # noqa: S608
        "SELECT id, ROW_NUMBER() OVER (PARTITION BY owner_id ORDER BY created DESC, id DESC) "
        f"AS rn FROM {timeline} WHERE owner_id IN ({marks})) AS ranked WHERE rn > %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*owner_ids, keep])
        return cursor.rowcount


def backfill_timeline(owner, limit: int = 100) -> int:
    """Fill one member's timeline with the newest `limit` items of what they follow
    (connections, people, organisations, hashtags), as `visible_to` allows. For new
    members, demo data and benchmarks; publishing keeps timelines current without it."""
    follows = Follow.objects.filter(follower=owner)
    people = Q(author__in=Connection.objects.user_ids_connected_to(owner), organization=None)
    people |= Q(
        author__in=follows.filter(user__isnull=False).values("user"),
        organization=None,
        audience__in=[Audience.PUBLIC, Audience.MEMBERS],
    )
    people |= Q(organization__in=follows.filter(organization__isnull=False).values("organization"))
    people |= Q(
        hashtags__in=follows.filter(hashtag__isnull=False).values("hashtag"),
        audience__in=[Audience.PUBLIC, Audience.MEMBERS],
    )
    people |= Q(author=owner)
    found = (
        Item.objects.visible_to(owner)
        .published()
        .filter(people)
        .order_by("-published", "-id")
        .values_list("pk", "author_id", "language", "published")
        .distinct()[:limit]
    )
    rows = [
        TimelineEntry(owner_id=owner.pk, item_id=pk, author_id=a, language=lang, created=when)
        for pk, a, lang, when in found
    ]
    TimelineEntry.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


# ------------------------------------------------------------------ reading: cursors


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
        raise _invalid(_("This page address is not valid.")) from None


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


# ------------------------------------------------------------------ reading: pages


@dataclass
class Page:
    items: list[Item]
    next_cursor: str | None
    # The newest row's cursor (home timeline): the "new posts" check starts there.
    top_cursor: str | None = None


CARD_AUTHOR_FIELDS = (
    "item__author__email",
    "item__author__is_active",
    "item__author__profile__handle",
    "item__author__profile__display_name",
    "item__organization__slug",
    "item__organization__name",
)


def _timeline_query(variant, viewer, when, pk, language):
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
    viewer, cursor: str | None = None, language: str | None = None, limit: int = PAGE_SIZE
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


def new_in_timeline(viewer, since: str | None, language: str | None = None, cap: int = 20) -> int:
    """How many timeline rows are newer than `since` (at most `cap`)."""
    position = parse_cursor(since)
    if position is None:
        return 0
    entries = TimelineEntry.objects.filter(after(position), owner_id=viewer.pk)
    if language:
        entries = entries.filter(language=language)
    entries = entries.exclude(author_id__in=Mute.objects.filter(muter=viewer).values("muted"))
    return len(entries.values_list("pk", flat=True)[:cap])


def item_page(
    viewer, queryset, cursor: str | None = None, limit: int = PAGE_SIZE, record: bool = False
) -> Page:
    """A page of items (already filtered by `visible_to`), newest published first."""
    position = parse_cursor(cursor)
    found = list(
        queryset.filter(before(position, "published"))
        .select_related("author__profile", "organization")
        .order_by("-published", "-id")[: limit + 1]
    )
    more = len(found) > limit
    found = found[:limit]
    decorate(viewer, found)
    if record:
        record_views(viewer, found)
    last = found[-1] if found else None
    return Page(
        items=found,
        next_cursor=make_cursor(last.published, last.pk) if more and last and last.published
        else None,
    )  # fmt: skip


MY_STATE = ("mine_kind", "mine_saved", "mine_opens")


def my_state(viewer, prefix: str = "") -> dict:
    """Annotations for the viewer's reaction and bookmark, and whether each author's
    profile opens for them, on a queryset of items (`prefix` reaches the item from
    another model, e.g. "item__" on timeline rows): each is an index probe per row,
    three fewer round trips per page than `decorate` asking separately."""
    from tremplin.profiles.models import Profile

    item = OuterRef(prefix.removesuffix("__") if prefix else "pk")
    return {
        "mine_kind": Subquery(Reaction.objects.filter(item=item, user=viewer).values("kind")[:1]),
        "mine_saved": Exists(Bookmark.objects.filter(item=item, user=viewer)),
        "mine_opens": Exists(
            Profile.objects.visible_to(viewer, by_row=True).filter(user=OuterRef(f"{prefix}author"))
        ),
    }


def with_my_state(viewer, items):
    """`my_state` on a queryset of items (nothing to add for a visitor)."""
    if viewer is None or not viewer.is_authenticated:
        return items
    return items.annotate(**my_state(viewer))


def _pictures_query(size, ids):
    return ItemImage.objects.filter(item_id__in=ids[:size]).order_by("position", "id")


PICTURES = CompiledQuery(_pictures_query, ids=Input.numbers)


def _originals_query(size, viewer, ids):
    return (
        Item.objects.visible_to(viewer if size[1] else None)
        .published()
        .filter(pk__in=ids[: size[0]])
        .select_related("author__profile", "organization")
    )


ORIGINALS = CompiledQuery(_originals_query, viewer=Input.user, ids=Input.numbers)


def decorate(viewer, items: list[Item]) -> list[Item]:
    """Attach what a card shows, in a fixed number of queries whatever the page size:
    pictures, the reshared originals the viewer may see (others become "unavailable"),
    my reaction, my bookmark, and whether each author's profile may be opened."""
    if not items:
        return items
    from tremplin.profiles.models import Profile

    original_ids = list({i.reshare_of_id for i in items if i.reshare_of_id})
    signed_in = viewer is not None and viewer.is_authenticated
    originals = {
        o.pk: o
        for o in ORIGINALS.run(
            (len(original_ids), signed_in), viewer=viewer if signed_in else None, ids=original_ids
        )
    } if original_ids else {}  # fmt: skip
    every = [*items, *originals.values()]
    ids = [i.pk for i in every if getattr(i, "has_pictures", True)]
    pictures: dict[int, list[ItemImage]] = {}
    for image in PICTURES.run(len(ids), ids=ids) if ids else ():
        pictures.setdefault(image.item_id or 0, []).append(image)
    mine: dict[int, str] = {}
    saved: set[int] = set()
    openable: set[int] = set()
    # Items read through `with_my_state` carry these already.
    known = [i for i in items if hasattr(i, "mine_opens")]
    for item in known:
        if item.mine_kind:  # type: ignore[attr-defined]
            mine[item.pk] = item.mine_kind  # type: ignore[attr-defined]
        if item.mine_saved:  # type: ignore[attr-defined]
            saved.add(item.pk)
        if item.mine_opens:  # type: ignore[attr-defined]
            openable.add(item.author_id)
    rest = [i for i in items if not hasattr(i, "mine_opens")]
    authors = {i.author_id for i in [*rest, *originals.values()]}
    if rest and viewer is not None and viewer.is_authenticated:
        item_ids = [i.pk for i in rest]
        mine.update(
            Reaction.objects.filter(user=viewer, item_id__in=item_ids).values_list(
                "item_id", "kind"
            )
        )
        saved.update(
            Bookmark.objects.filter(user=viewer, item_id__in=item_ids).values_list(
                "item_id", flat=True
            )
        )
    if authors - openable:
        openable.update(
            Profile.objects.visible_to(viewer, by_row=True)
            .filter(user_id__in=authors - openable)
            .values_list("user_id", flat=True)
        )
    for item in every:
        item.pictures = pictures.get(item.pk, [])  # type: ignore[attr-defined]
        item.my_reaction = mine.get(item.pk, "")  # type: ignore[attr-defined]
        item.bookmarked = item.pk in saved  # type: ignore[attr-defined]
        item.author_openable = item.author_id in openable  # type: ignore[attr-defined]
        item.original = (  # type: ignore[attr-defined]
            originals.get(item.reshare_of_id) if item.reshare_of_id else None
        )
    return items


def visible_item_or_404(viewer, pk: int) -> Item:
    """The access helper of every item page and endpoint."""
    item = Item.objects.visible_to(viewer).select_related("author__profile", "organization")
    found = item.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def visible_comments(viewer, item: Item) -> list[Comment]:
    """Top-level comments in order, each with `.shown_replies`, two queries."""
    rows = list(
        Comment.objects.visible_to(viewer)
        .filter(item=item)
        .select_related("author__profile")
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
