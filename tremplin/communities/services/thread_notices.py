"""Who is told of what happens in threads, after the cause's transaction commits.

Each notice goes only to people who may see the thread now (`Thread.visible_to` asked for
each of them, so a private or secret community's title never leaves it), never to the
one who acted, never to someone who muted the thread; `notifications.services.notify`
then applies blocks, mutes of people and each member's preferences. One person gets one
notice per event, the most specific one (a mention beats "a reply in a thread you
watch")."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tremplin.communities.hooks_threads import (
    ANSWER_ACCEPTED,
    PRIVATE_QUESTION,
    THREAD_MENTION,
    THREAD_REPLY,
    WATCHED_CATEGORY,
    WATCHED_THREAD,
)
from tremplin.communities.models import CategoryWatch, Level, PostState, Reply, Thread, ThreadState
from tremplin.feed import text as feed_text
from tremplin.notifications.services import notify
from tremplin.profiles.models import Profile

MAX_MENTIONS = 20
MAX_WATCHERS = 500


def _muted(thread: Thread) -> set[int]:
    return set(
        ThreadState.objects.filter(thread=thread, level=Level.MUTED).values_list("user", flat=True)
    )


def _may_see(thread: Thread, user_ids: set[int]) -> set[int]:
    """Among `user_ids`, who may see `thread` (THE rule, one query per person: these
    lists are short and the rule depends on each person's memberships)."""
    from tremplin.accounts.models import User

    seen: set[int] = set()
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        if Thread.objects.visible_to(user).filter(pk=thread.pk).exists():
            seen.add(user.pk)
    return seen


def _send(thread: Thread, plan: dict[int, str], actor: Any, target: Any) -> None:
    from tremplin.accounts.models import User

    plan = {uid: kind for uid, kind in plan.items() if uid != getattr(actor, "pk", None)}
    muted = _muted(thread)
    allowed = _may_see(thread, set(plan) - muted)
    data = {"title": thread.title[:120]}
    for user in User.objects.filter(pk__in=allowed):
        kind = plan[user.pk]
        notify(
            user,
            kind,
            actor=None if kind == ANSWER_ACCEPTED else actor,
            target=target,
            group_key=f"{kind}:{thread.pk}",
            data=data,
        )


def _mentioned(body: str) -> set[int]:
    handles = sorted(feed_text.mentions(body))[:MAX_MENTIONS]
    if not handles:
        return set()
    return set(Profile.objects.filter(handle__in=handles).values_list("user", flat=True))


def after_thread(thread: Thread) -> None:
    thread_id = thread.pk
    transaction.on_commit(lambda: _thread_published(thread_id))


def _thread_published(thread_id: int) -> None:
    thread = Thread.objects.select_related("author").get(pk=thread_id)
    if thread.state != PostState.PUBLISHED:
        return
    plan: dict[int, str] = {}
    if thread.category_id is not None:
        watchers = CategoryWatch.objects.filter(category_id=thread.category_id)
        for uid in watchers.values_list("user", flat=True)[:MAX_WATCHERS]:
            plan[uid] = WATCHED_CATEGORY
    for uid in _mentioned(thread.body):
        plan[uid] = THREAD_MENTION
    _send(thread, plan, thread.author, thread)


def after_reply(made: Reply) -> None:
    reply_id = made.pk
    transaction.on_commit(lambda: _reply_published(reply_id))


def _reply_published(reply_id: int) -> None:
    made = Reply.objects.select_related("thread", "author", "in_reply_to").get(pk=reply_id)
    thread = made.thread
    if made.state != PostState.PUBLISHED:
        return
    watching = ThreadState.objects.filter(thread=thread, level=Level.WATCHING)
    plan: dict[int, str] = dict.fromkeys(
        watching.values_list("user", flat=True)[:MAX_WATCHERS], WATCHED_THREAD
    )
    plan[thread.author_id] = THREAD_REPLY
    if made.in_reply_to is not None:
        plan[made.in_reply_to.author_id] = THREAD_REPLY
    for uid in _mentioned(made.body):
        plan[uid] = THREAD_MENTION
    _send(thread, plan, made.author, made)


def after_accept(thread: Thread, made: Reply, actor: Any) -> None:
    reply_id, actor_id = made.pk, actor.pk

    def send() -> None:
        found = Reply.objects.select_related("thread").get(pk=reply_id)
        if found.thread.accepted_id == reply_id:
            _send(found.thread, {found.author_id: ANSWER_ACCEPTED}, _Nobody(actor_id), found)

    transaction.on_commit(send)


class _Nobody:
    """The actor of an actorless notice (whoever accepted is not named)."""

    def __init__(self, pk: int) -> None:
        self.pk = pk


def after_private_question(thread: Thread) -> None:
    thread_id = thread.pk

    def send() -> None:
        found = Thread.objects.select_related("author").get(pk=thread_id)
        if found.asked_of_id is not None:
            _send(found, {found.asked_of_id: PRIVATE_QUESTION}, found.author, found)

    transaction.on_commit(send)
