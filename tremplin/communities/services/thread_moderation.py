"""What a community's moderators do to threads: pin, close, move (to another category,
or to another community they also moderate), approve a pending first post, and manage
the community's categories. Each action is logged (`log.log_action`) in the same
transaction; a refusal is a 403 for anyone who does not moderate the thread's community."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tremplin.communities.models import (
    Category,
    Community,
    Membership,
    ModerationAction,
    PostState,
    Reply,
    Thread,
)
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services.log import log_action
from tremplin.communities.services.threads import published_reply, published_thread

Action = ModerationAction.Action


def _moderates(user: Any, community: Community | None) -> Community:
    if community is None or not community.is_moderated_by(user):
        raise CommunityRefusal(_("Only the community's moderators can do this."), "forbidden")
    return community


def pin(user: Any, thread: Thread, pinned: bool) -> Thread:
    community = _moderates(user, thread.community)
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(pinned=pinned)
        log_action(
            community,
            user,
            Action.PIN if pinned else Action.UNPIN,
            target=f"thread:{thread.pk}",
            excerpt=thread.title,
        )
    thread.pinned = pinned
    return thread


def close(user: Any, thread: Thread, closed: bool) -> Thread:
    community = _moderates(user, thread.community)
    when = timezone.now() if closed else None
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(closed=when)
        log_action(
            community,
            user,
            Action.CLOSE if closed else Action.REOPEN,
            target=f"thread:{thread.pk}",
            excerpt=thread.title,
        )
    thread.closed = when
    return thread


def move(
    user: Any,
    thread: Thread,
    *,
    community: Community | None = None,
    category: Category | None = None,
) -> Thread:
    """To another category of its community, or to another community the moderator
    also moderates (its category then, or none)."""
    source = _moderates(user, thread.community)
    target = source if community is None else _moderates(user, community)
    if category is not None and category.community_id != target.pk:
        raise CommunityRefusal(
            _("Choose one of this community's categories."), "invalid", field="category"
        )
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(community=target, category=category)
        if target.pk != source.pk and thread.state == PostState.PUBLISHED:
            Community.objects.filter(pk=source.pk, thread_count__gt=0).update(
                thread_count=F("thread_count") - 1
            )
            Community.objects.filter(pk=target.pk).update(thread_count=F("thread_count") + 1)
        for where in {source.pk: source, target.pk: target}.values():
            log_action(where, user, Action.MOVE, target=f"thread:{thread.pk}", excerpt=thread.title)
    thread.community, thread.category = target, category
    return thread


def approve(user: Any, post: Thread | Reply) -> Thread | Reply:
    """A moderator publishes a pending post; its author's first posts no longer wait."""
    thread = post if isinstance(post, Thread) else post.thread
    community = _moderates(user, thread.community)
    if post.state != PostState.PENDING:
        raise CommunityRefusal(_("This post does not wait for a moderator."), "conflict")
    with transaction.atomic():
        type(post).objects.filter(pk=post.pk).update(state=PostState.PUBLISHED)
        post.state = PostState.PUBLISHED
        Membership.objects.filter(community=community, user_id=post.author_id).update(
            approved_posts=F("approved_posts") + 1
        )
        kind = "thread" if isinstance(post, Thread) else "reply"
        log_action(
            community,
            user,
            Action.APPROVE_POST,
            target_user=post.author,
            target=f"{kind}:{post.pk}",
            excerpt=getattr(post, "title", "") or post.body,
        )
        if isinstance(post, Thread):
            published_thread(post)
        else:
            published_reply(post)
    return post


# ------------------------------------------------------------------ categories


def save_category(
    user: Any,
    community: Community,
    *,
    name_fr: str,
    name_en: str,
    position: int | None = None,
    category: Category | None = None,
) -> Category:
    """Create a category, or rename / reorder one."""
    _moderates(user, community)
    name_fr, name_en = (name_fr or "").strip(), (name_en or "").strip()
    if not (name_fr or name_en):
        raise CommunityRefusal(_("Give the category a name."), "empty", field="name_fr")
    with transaction.atomic():
        if category is None:
            slug = _free_slug(community, slugify(name_en or name_fr) or "category")
            category = Category(community=community, slug=slug)
            if position is None:
                position = community.categories.count()
        elif category.community_id != community.pk:
            raise CommunityRefusal(_("This category is not there."), "not_found")
        category.name_fr, category.name_en = name_fr, name_en
        if position is not None:
            category.position = max(0, min(position, 1000))
        category.save()
        log_action(
            community,
            user,
            Action.SETTINGS,
            target=f"category:{category.pk}",
            excerpt=category.name,
        )
    return category


def _free_slug(community: Community, base: str) -> str:
    base = base[:50]
    taken = set(community.categories.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
