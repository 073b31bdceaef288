"""Moderators remove and restore what is written in a community; new accounts are held to
limits; new members are flagged.

- `remove_content(moderator, kind, pk, reason)`: a moderator of the community (or a site
  moderator) removes a thread, a reply, an event or a resource. The removal is soft
  (restorable): a thread or a reply becomes `removed`, an event gets `removed`, a
  resource is `declined`; no one sees it any more (the models' `visible_to`). The
  community's log records who did it; the author is told what was removed and why —
  never by whom — by a notification and an email in their language.
- `restore_content(moderator, kind, pk, reason)`: the reverse, logged too.
- `soft_remove(obj)`: the removal alone, for the report queue (moderation's `decide`
  tells the author itself; `hooks_moderation` writes its decision into the log).
- `check_new_account_limits(user, what)`: an account younger than
  `COMMUNITIES_NEW_ACCOUNT_DAYS` posts at most `COMMUNITIES_NEW_ACCOUNT_POSTS_PER_HOUR`
  threads or replies an hour ("post") and sends at most
  `COMMUNITIES_NEW_ACCOUNT_INVITATIONS_PER_DAY` invitations a day ("invitation");
  beyond, "rate_limited" (429). `links_wait(user, text)`: a new account's post with a
  link waits for a moderator (the caller sets it pending).
- `is_new_member(membership)`: joined the community less than `NEW_MEMBER_DAYS` ago, or
  the account is new: the flag moderators see beside a name.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from tremplin.communities.models import (
    Community,
    Event,
    Membership,
    ModerationAction,
    PostState,
    Reply,
    Resource,
    ResourceState,
    Thread,
)
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services.log import log_action
from tremplin.core.cache import count_hit

NEW_MEMBER_DAYS = 14
REASON_MAX_LENGTH = 1000

# The kinds of content a moderator removes, by the name the URLs, the API, the reports
# and the log use.
MODELS: dict[str, type[models.Model]] = {
    "thread": Thread,
    "reply": Reply,
    "event": Event,
    "resource": Resource,
}
LABELS = {
    "thread": pgettext_lazy("community content", "discussion thread"),
    "reply": pgettext_lazy("community content", "reply"),
    "event": pgettext_lazy("community content", "event"),
    "resource": pgettext_lazy("community content", "resource"),
}
LINK = re.compile(r"https?://|www\.|\]\(", re.IGNORECASE)


def setting(name: str, default: int) -> int:
    """A Django setting when the project sets one, else the environment variable of
    that name (docs/operations.md), else `default`."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name) or default
    return int(value)


# ------------------------------------------------------------------ what and where


def community_of(obj: Any) -> Community | None:
    """The community a piece of content lives in (None: an organisation's, or a private
    question)."""
    if isinstance(obj, Reply):
        return obj.thread.community
    return getattr(obj, "community", None)


def author_of(obj: Any) -> Any:
    if isinstance(obj, Event):
        return obj.created_by
    return obj.author


def excerpt_of(obj: Any) -> str:
    if isinstance(obj, Reply):
        return obj.body
    if isinstance(obj, Thread):
        return f"{obj.title}\n{obj.body}"
    return f"{obj.title}\n{obj.description}"


def is_removed(obj: Any) -> bool:
    if isinstance(obj, Thread | Reply):
        return obj.state == PostState.REMOVED
    if isinstance(obj, Event):
        return obj.removed is not None
    return bool(obj.state == ResourceState.DECLINED)


def every(kind: str) -> models.QuerySet[Any]:
    """Every row of `kind`, as a moderator judges it (whatever its audience)."""
    model = MODELS[kind]
    related = {
        "thread": ("community", "author__profile"),
        "reply": ("thread__community", "author__profile"),
        "event": ("community", "created_by__profile"),
        "resource": ("community", "author__profile"),
    }[kind]
    return model._default_manager.select_related(*related)


# ------------------------------------------------------------------ soft removal


def soft_remove(obj: Any) -> None:
    """Hide `obj` from everyone, restorably, and keep the counters true."""
    if isinstance(obj, Thread):
        was_published = obj.state == PostState.PUBLISHED
        Thread.objects.filter(pk=obj.pk).update(state=PostState.REMOVED)
        if was_published and obj.community_id:
            Community.objects.filter(pk=obj.community_id, thread_count__gt=0).update(
                thread_count=F("thread_count") - 1
            )
        obj.state = PostState.REMOVED
    elif isinstance(obj, Reply):
        was_published = obj.state == PostState.PUBLISHED
        Reply.objects.filter(pk=obj.pk).update(state=PostState.REMOVED)
        if was_published:
            Thread.objects.filter(pk=obj.thread_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        Thread.objects.filter(pk=obj.thread_id, accepted=obj.pk).update(accepted=None)
        obj.state = PostState.REMOVED
    elif isinstance(obj, Event):
        obj.removed = timezone.now()
        Event.objects.filter(pk=obj.pk).update(removed=obj.removed)
    else:
        Resource.objects.filter(pk=obj.pk).update(state=ResourceState.DECLINED)
        obj.state = ResourceState.DECLINED


def _restore(obj: Any) -> None:
    if isinstance(obj, Thread):
        Thread.objects.filter(pk=obj.pk).update(state=PostState.PUBLISHED)
        if obj.community_id:
            Community.objects.filter(pk=obj.community_id).update(thread_count=F("thread_count") + 1)
        obj.state = PostState.PUBLISHED
    elif isinstance(obj, Reply):
        Reply.objects.filter(pk=obj.pk).update(state=PostState.PUBLISHED)
        Thread.objects.filter(pk=obj.thread_id).update(reply_count=F("reply_count") + 1)
        obj.state = PostState.PUBLISHED
    elif isinstance(obj, Event):
        Event.objects.filter(pk=obj.pk).update(removed=None)
        obj.removed = None
    else:
        Resource.objects.filter(pk=obj.pk).update(state=ResourceState.APPROVED)
        obj.state = ResourceState.APPROVED


# ------------------------------------------------------------------ moderators' actions


def may_moderate(user: Any, community: Community | None) -> bool:
    """The community's active owner or moderators, and site moderators (who alone
    moderate what belongs to no community)."""
    if user is None or not user.is_authenticated:
        return False
    if getattr(user, "is_moderator", False):
        return True
    return community is not None and community.is_moderated_by(user)


def _content(moderator: Any, kind: str, pk: int) -> tuple[Any, Community | None]:
    if kind not in MODELS:
        raise CommunityRefusal(_("This cannot be removed."), "not_found")
    obj = every(kind).select_for_update(of=("self",)).filter(pk=pk).first()
    community = community_of(obj) if obj is not None else None
    if obj is None or not may_moderate(moderator, community):
        # Who does not moderate it learns nothing of it, not even that it exists.
        raise CommunityRefusal(_("There is nothing here you can moderate."), "not_found")
    return obj, community


def _reason(reason: str, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise CommunityRefusal(_("Say why: the author is told."), "invalid", field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise CommunityRefusal(
            _("Write at most %(limit)d characters.") % {"limit": REASON_MAX_LENGTH},
            "invalid",
            field="reason",
        )
    return reason


@transaction.atomic
def remove_content(moderator: Any, kind: str, pk: int, reason: str) -> ModerationAction | None:
    """Remove one thing (see the module's docstring). Returns the log entry (None for
    an organisation's content, which has no community log: the site's moderators act
    through the report queue)."""
    reason = _reason(reason, required=True)
    obj, community = _content(moderator, kind, pk)
    if is_removed(obj):
        raise CommunityRefusal(_("This was already removed."), "conflict")
    soft_remove(obj)
    author = author_of(obj)
    entry = None
    if community is not None:
        entry = log_action(
            community,
            moderator,
            ModerationAction.Action.REMOVE_CONTENT,
            target_user=author,
            target=f"{kind}:{obj.pk}",
            excerpt=excerpt_of(obj),
            reason=reason,
        )
    if author is not None and entry is not None and author.pk != moderator.pk:
        _tell_author(entry, author)
    return entry


@transaction.atomic
def restore_content(
    moderator: Any, kind: str, pk: int, reason: str = ""
) -> ModerationAction | None:
    reason = _reason(reason, required=False)
    obj, community = _content(moderator, kind, pk)
    if not is_removed(obj):
        raise CommunityRefusal(_("This is not removed."), "conflict")
    _restore(obj)
    if community is None:
        return None
    return log_action(
        community,
        moderator,
        ModerationAction.Action.RESTORE_CONTENT,
        target_user=author_of(obj),
        target=f"{kind}:{obj.pk}",
        excerpt=excerpt_of(obj),
        reason=reason,
    )


def _tell_author(entry: ModerationAction, author: Any) -> None:
    from tremplin.communities import tasks
    from tremplin.communities.hooks_moderation import CONTENT_REMOVED
    from tremplin.notifications.services import notify

    kind = entry.target.split(":")[0]
    notify(author, CONTENT_REMOVED, data={"kind": kind, "excerpt": entry.reason})
    entry_id = entry.pk
    transaction.on_commit(lambda: tasks.tell_author_removed.enqueue(entry_id))


# ------------------------------------------------------------------ new accounts


def is_new_account(user: Any, now: Any = None) -> bool:
    days = setting("COMMUNITIES_NEW_ACCOUNT_DAYS", 7)
    joined = getattr(user, "date_joined", None)
    return joined is not None and joined > (now or timezone.now()) - timedelta(days=days)


def is_new_member(membership: Membership | None) -> bool:
    """The "new member" flag moderators see: joined less than NEW_MEMBER_DAYS ago, or
    a new account."""
    if membership is None:
        return False
    now = timezone.now()
    joined = membership.joined or membership.created
    if joined is not None and joined > now - timedelta(days=NEW_MEMBER_DAYS):
        return True
    return is_new_account(membership.user, now)


LIMITS = {
    # what: (setting, default, window in seconds, the refusal)
    "post": ("COMMUNITIES_NEW_ACCOUNT_POSTS_PER_HOUR", 10, 3600),
    "invitation": ("COMMUNITIES_NEW_ACCOUNT_INVITATIONS_PER_DAY", 10, 86400),
}


def check_new_account_limits(user: Any, what: str) -> None:
    """Count one `what` ("post": a thread or a reply; "invitation") of a new account,
    refusing beyond its limit. Call it right before the write; older accounts pass
    without a count."""
    if what not in LIMITS:
        raise ValueError(f"unknown limit {what!r}")
    if not is_new_account(user):
        return
    name, default, window = LIMITS[what]
    if count_hit(f"communities-new:{what}:{user.pk}", window=window) > setting(name, default):
        if what == "post":
            message = _("New accounts can post a limited number of times an hour. Try again later.")
        else:
            message = _(
                "New accounts can send a limited number of invitations a day. Try again tomorrow."
            )
        raise CommunityRefusal(message, "rate_limited")


def links_wait(user: Any, text: str) -> bool:
    """Whether a post must wait for a moderator: a new account's text with a link."""
    return bool(LINK.search(text or "")) and is_new_account(user)
