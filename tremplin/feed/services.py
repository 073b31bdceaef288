"""Feed actions, shared by the pages and the API (reads are in `queries.py`, the
timeline's fan-out in `timeline.py`).

Refusals are `FeedError`s (`tremplin.core.refusals`): pages show the message, the API's
global handler answers with the status of its code. An item the actor may not see is an
`Http404`, never a refusal that confirms it exists.

Side effects (fan-out to timelines, live events, file removal) run after commit;
notifications are recorded inside the cause's transaction (`notify` delivers after
commit itself).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.audience import Audience
from tremplin.feed import pictures, places, viewcount
from tremplin.feed import text as feed_text
from tremplin.feed.checks import (
    check_audience,
    check_language,
    check_organization,
    check_text,
    check_title,
    invalid,
)
from tremplin.feed.hooks import COMMENT, MENTION, REACTION, REPLY, RESHARE
from tremplin.feed.models import (
    ARTICLE_MAX_LENGTH,
    AUDIENCE_RANK,
    COMMENT_MAX_LENGTH,
    POST_MAX_LENGTH,
    Bookmark,
    Comment,
    Item,
    ItemImage,
    ItemRevision,
    Kind,
    Reaction,
    ReactionKind,
    TimelineEntry,
)
from tremplin.feed.tasks import schedule_fan_out
from tremplin.network.models import Hashtag
from tremplin.network.services import HASHTAG_RE
from tremplin.notifications.services import notify
from tremplin.profiles.models import Profile

# ------------------------------------------------------------------ mentions and hashtags


def _set_hashtags(item: Item, body: str) -> None:
    names = sorted(n for n in feed_text.hashtags(body) if HASHTAG_RE.match(n))
    if not names:
        item.hashtags.clear()
        return
    Hashtag.objects.bulk_create([Hashtag(name=n) for n in names], ignore_conflicts=True)
    item.hashtags.set(Hashtag.objects.filter(name__in=names))


def _notify_mentions(item: Item, body: str, already: set[str] | None = None) -> None:
    handles = feed_text.mentions(body) - (already or set())
    if not handles:
        return
    for profile in Profile.objects.filter(handle__in=handles).for_list()[:50]:
        if profile.user_id != item.author_id and item.is_visible_to(profile.user):
            notify(
                profile.user,
                MENTION,
                actor=item.author,
                target=item,
                data={"excerpt": feed_text.excerpt(item.title or body, 140)},
            )


def _after_publish(item: Item) -> None:
    schedule_fan_out(item)  # a community's post reaches its members on commit (tasks.py)


# ------------------------------------------------------------------ posts


@transaction.atomic
def publish_post(
    author: Any,
    body: str,
    *,
    audience: str = Audience.MEMBERS,
    language: str | None = None,
    images: Sequence[ItemImage] = (),
    organization: Any = None,
    place: str = "",
) -> Item:
    """Publish a post now (the PII guard has run in the form or the API before); to a
    `place` ("community:<slug>") if the author may post there now, with its audience."""
    body = check_text(body)
    target = places.prepare(author, place) if place else None
    if target is not None:
        if organization is not None:
            raise invalid(_("An organisation cannot post in a community: post as yourself."))
        audience = target.audience
    audience = check_audience(audience)
    organization = check_organization(author, organization, audience)
    images = pictures.check_images(author, images)
    item = Item.objects.create(
        kind=Kind.POST,
        author=author,
        organization=organization,
        audience=audience,
        language=check_language(language, author, body),
        body=body,
        published=timezone.now(),
        place_kind=target.kind if target else "",
        place_id=target.place_id if target else None,
    )
    if target is not None:
        places.posted(author, target)
    pictures.attach(item, images)
    _set_hashtags(item, body)
    _notify_mentions(item, body)
    _after_publish(item)
    return item


def _editable(user: Any, item: Item) -> Item:
    if not item.is_visible_to(user):
        raise Http404
    if item.author_id != user.pk:
        raise invalid(_("Only its author may change this."), "forbidden")
    return item


@transaction.atomic
def edit_item(
    user: Any,
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
def delete_item(user: Any, item: Item) -> None:
    """Delete one's item for everyone: its pictures, comments, reactions, views and
    timeline rows go with it; reshares of it then show "unavailable"."""
    _erase_item(_editable(user, item))


@transaction.atomic
def remove_item(item: Item) -> None:
    """A moderator's removal (moderation.reportables): as the author's own deletion."""
    _erase_item(item)


def _erase_item(item: Item) -> None:
    if item.reshare_of_id:
        Item.objects.filter(pk=item.reshare_of_id, reshare_count__gt=0).update(
            reshare_count=F("reshare_count") - 1
        )
    files = list(item.images.values_list("file", flat=True))
    item.delete()
    transaction.on_commit(lambda: pictures.remove_files(files))


# ------------------------------------------------------------------ articles


@transaction.atomic
def create_article(
    author: Any,
    title: str,
    body: str,
    *,
    audience: str = Audience.MEMBERS,
    language: str | None = None,
    cover: ItemImage | None = None,
    organization: Any = None,
    publish: bool = False,
) -> Item:
    """Write an article; a draft (only its author sees it) unless `publish`."""
    title = check_title(title)
    body = check_text(body, required=False, limit=ARTICLE_MAX_LENGTH)
    audience = check_audience(audience)
    organization = check_organization(author, organization, audience)
    covers = pictures.check_images(author, [cover] if cover else [], limit=1)
    item = Item.objects.create(
        kind=Kind.ARTICLE,
        author=author,
        organization=organization,
        audience=audience,
        language=check_language(language, author, f"{title}\n{body}"),
        title=title,
        body=body,
    )
    pictures.attach(item, covers)
    _set_hashtags(item, body)
    if publish:
        publish_article(author, item)
    return item


@transaction.atomic
def set_cover(user: Any, item: Item, cover: ItemImage | None) -> Item:
    """Replace (or remove, with None) an article's cover picture."""
    item = _editable(user, item)
    if item.kind != Kind.ARTICLE:
        raise invalid(_("Only an article has a cover picture."))
    covers = pictures.check_images(user, [cover] if cover else [], limit=1)
    files = list(item.images.values_list("file", flat=True))
    item.images.all().delete()
    pictures.attach(item, covers)
    transaction.on_commit(lambda: pictures.remove_files(files))
    return item


@transaction.atomic
def update_audience(user: Any, item: Item, audience: str) -> Item:
    """Drafts may change audience freely; a published item only to a narrower one
    (readers who already have it in their timeline are re-checked when they read)."""
    item = _editable(user, item)
    audience = check_audience(audience)
    check_organization(user, item.organization, audience)
    if not item.is_draft and AUDIENCE_RANK[audience] > AUDIENCE_RANK[item.audience]:
        raise invalid(_("A published item may only be shown to fewer people."), "conflict")
    item.audience = audience
    item.save(update_fields=["audience"])
    return item


@transaction.atomic
def publish_article(user: Any, item: Item) -> Item:
    item = _editable(user, Item.objects.select_for_update().get(pk=item.pk))
    if item.kind != Kind.ARTICLE:
        raise invalid(_("Only an article can be published from a draft."))
    if not item.is_draft:
        raise invalid(_("This article is already published."), "conflict")
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
def reshare(user: Any, original: Item, body: str = "", *, audience: str = Audience.MEMBERS) -> Item:
    """Reshare an item one can see, with an optional comment. The reshare is an item of
    its own, never wider than the original's audience."""
    if not original.is_visible_to(user):
        raise Http404
    if original.kind == Kind.RESHARE and original.reshare_of_id is None:
        raise invalid(_("This post is no longer available."), "conflict")
    original = _shown_original(original)
    if not original.is_visible_to(user) or original.is_draft:
        raise Http404
    body = check_text(body, required=False)
    audience = check_audience(audience)
    if AUDIENCE_RANK[audience] > AUDIENCE_RANK[original.audience]:
        raise invalid(
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


def _readable(user: Any, item: Item) -> Item:
    if not user.is_authenticated or not item.is_visible_to(user) or item.is_draft:
        raise Http404
    return item


@transaction.atomic
def react(user: Any, item: Item, kind: str) -> Reaction:
    """Set my reaction to an item (one per person: a new kind replaces the old)."""
    _readable(user, item)
    if kind not in ReactionKind.values:
        raise invalid(_("Choose one of the reactions offered."))
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
def unreact(user: Any, item: Item) -> bool:
    _readable(user, item)
    deleted, _rows = Reaction.objects.filter(item=item, user=user).delete()
    if deleted:
        Item.objects.filter(pk=item.pk, reaction_count__gt=0).update(
            reaction_count=F("reaction_count") - 1
        )
    return bool(deleted)


# ------------------------------------------------------------------ comments


@transaction.atomic
def add_comment(user: Any, item: Item, body: str, parent: Comment | None = None) -> Comment:
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
    handles = feed_text.mentions(body)
    if handles:
        for profile in Profile.objects.filter(handle__in=handles).for_list()[:50]:
            if profile.user_id not in told and item.is_visible_to(profile.user):
                notify(profile.user, MENTION, actor=user, target=comment, data=excerpt)
    return comment


def _comment_of(user: Any, comment: Comment) -> Comment:
    if not comment.is_visible_to(user):
        raise Http404
    return comment


@transaction.atomic
def edit_comment(user: Any, comment: Comment, body: str) -> Comment:
    _comment_of(user, comment)
    if comment.author_id != user.pk:
        raise invalid(_("Only its author may change this."), "forbidden")
    if comment.is_removed:
        raise invalid(_("A moderator removed this comment."), "forbidden")
    comment.body = check_text(body, limit=COMMENT_MAX_LENGTH)
    comment.edited = timezone.now()
    comment.save(update_fields=["body", "edited"])
    return comment


@transaction.atomic
def delete_comment(user: Any, comment: Comment) -> None:
    """The comment's author, or the item's author, may delete it (its replies go too)."""
    _comment_of(user, comment)
    if user.pk not in (comment.author_id, comment.item.author_id):
        raise invalid(_("Only its author or the post's author may delete it."), "forbidden")
    gone = 1 + comment.replies.count()
    item_id = comment.item_id
    comment.delete()
    Item.objects.filter(pk=item_id).update(comment_count=Greatest(F("comment_count") - gone, 0))


@transaction.atomic
def remove_comment(comment: Comment) -> None:
    """A moderator's removal (moderation.reportables). A comment with replies keeps its
    place with its text gone ("removed by a moderator"), so the thread still reads; one
    without replies is deleted."""
    if comment.replies.exists():
        Comment.objects.filter(pk=comment.pk).update(body="", edited=None)
        return
    Comment.objects.filter(pk=comment.pk).delete()
    Item.objects.filter(pk=comment.item_id).update(
        comment_count=Greatest(F("comment_count") - 1, 0)
    )


# ------------------------------------------------------------------ bookmarks


@transaction.atomic
def bookmark(user: Any, item: Item) -> Bookmark:
    _readable(user, item)
    found, _created = Bookmark.objects.get_or_create(user=user, item=item)
    return found


@transaction.atomic
def unbookmark(user: Any, item: Item) -> bool:
    deleted, _rows = Bookmark.objects.filter(user=user, item=item).delete()
    return bool(deleted)


# ------------------------------------------------------------------ views (influence data)


def record_views(viewer: Any, items: Iterable[Item]) -> None:
    """One row per viewer, item and day (`feed.viewcount`: written in batches a
    second later). Authors' own items and visitors who are not signed in are not
    counted."""
    if viewer is None or not viewer.is_authenticated:
        return
    day = timezone.localdate()
    viewcount.record([(i.pk, viewer.pk, day) for i in items if i.author_id != viewer.pk])
