"""The actions of threads: start a thread (or ask a question), reply, edit (a `Revision`
keeps the text before each edit), delete one's own, follow a thread or a category, vote
an answer up and accept one, ask one's counsellor or mentor privately.

Every write in a community asks `posting.may_post` first (membership, mute, rules, slow
mode), then `moderation.check_new_account_limits` (a new account posts a limited number
of times an hour) and `posting.first_posts_wait` (pre-approval: the post is PENDING, seen
by its author and the moderators until one approves it, `thread_moderation.approve`); a
new account's post with a link waits the same way (`moderation.links_wait`). Reply
numbers are assigned under a lock on the thread's row, so two replies at once never get
the same number (the unique constraint would refuse the second). Counters are kept with
F() in the same transaction. Notifications are sent after commit
(`thread_notices.py`), only to people who may see the thread.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.communities.models import (
    Category,
    CategoryWatch,
    Community,
    Level,
    PostState,
    Reply,
    Revision,
    Thread,
    ThreadKind,
    ThreadState,
    Vote,
)
from tremplin.communities.models.threads import MAX_TAGS, TAG_MAX_LENGTH
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import moderation, posting, thread_notices
from tremplin.core.consent import MESSAGES
from tremplin.core.viewer import viewer_of

TAG_RE = re.compile(r"^[a-z0-9à-öø-ÿ][a-z0-9à-öø-ÿ_-]*$")
LANGUAGES = ("fr", "en")


# ------------------------------------------------------------------ validation


def clean_tags(tags: Any) -> list[str]:
    """Up to MAX_TAGS short tags, lower case, without duplicates (in the order typed)."""
    if isinstance(tags, str):
        tags = re.split(r"[,\s]+", tags)
    found: list[str] = []
    for raw in tags or ():
        tag = str(raw).strip().lstrip("#").lower()
        if not tag or tag in found:
            continue
        if len(tag) > TAG_MAX_LENGTH or not TAG_RE.match(tag):
            raise CommunityRefusal(
                _("A tag is a single word of up to %(max)d letters, digits or dashes.")
                % {"max": TAG_MAX_LENGTH},
                "invalid",
                field="tags",
            )
        found.append(tag)
    if len(found) > MAX_TAGS:
        raise CommunityRefusal(
            _("Up to %(max)d tags.") % {"max": MAX_TAGS}, "invalid", field="tags"
        )
    return found


def _text(value: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise CommunityRefusal(_("This field is required."), "empty", field=field)
    if "\x00" in text:
        raise CommunityRefusal(
            _("This text contains a character that is not allowed."), field=field
        )
    return text


def _language(value: str) -> str:
    return value if value in LANGUAGES else "fr"


def _category(community: Community, category: Category | None) -> Category | None:
    if category is not None and category.community_id != community.pk:
        raise CommunityRefusal(
            _("Choose one of this community's categories."), "invalid", field="category"
        )
    return category


# ------------------------------------------------------------------ threads


def start_thread(
    user: Any,
    community: Community,
    *,
    title: str,
    body: str,
    kind: str = ThreadKind.DISCUSSION,
    category: Category | None = None,
    tags: Any = (),
    language: str = "fr",
    poll: dict[str, Any] | None = None,
) -> Thread:
    """A new thread (or question) in `community`, with an optional poll (`polls.create`'s
    arguments). Pending when the member's first posts wait for a moderator."""
    from tremplin.communities.services import polls

    title, body = _text(title, "title"), _text(body, "body")
    if kind not in ThreadKind.values:
        raise CommunityRefusal(_("Choose a discussion or a question."), field="kind")
    tags = clean_tags(tags)
    with transaction.atomic():
        membership = posting.may_post(user, community)
        moderation.check_new_account_limits(user, "post")
        waits = posting.first_posts_wait(membership) or moderation.links_wait(
            user, f"{title}\n{body}"
        )
        thread = Thread.objects.create(
            community=community,
            author=user,
            kind=kind,
            title=title,
            body=body,
            category=_category(community, category),
            tags=tags,
            language=_language(language),
            state=PostState.PENDING if waits else PostState.PUBLISHED,
        )
        if poll:
            polls.create(user, thread, **poll)
        posting.note_post(membership)
        ThreadState.objects.create(thread=thread, user=user, level=Level.WATCHING)
        if not waits:
            published_thread(thread)
    return thread


def published_thread(thread: Thread) -> None:
    """What publishing a thread does (at once, or when a moderator approves it)."""
    if thread.community_id is not None:
        Community.objects.filter(pk=thread.community_id).update(
            thread_count=F("thread_count") + 1, last_activity=timezone.now()
        )
    thread_notices.after_thread(thread)


def ask_privately(
    user: Any, asked_of: Any, *, title: str, body: str, language: str = "fr"
) -> Thread:
    """A question only `asked_of` (the asker's counsellor in an active case, or mentor)
    and the asker will ever see."""
    title, body = _text(title, "title"), _text(body, "body")
    if asked_of is None or not may_ask(user, asked_of):
        raise CommunityRefusal(
            _("You can ask privately only your counsellor or your mentor."),
            "not_eligible",
            field="asked_of",
        )
    with transaction.atomic():
        thread = Thread.objects.create(
            community=None,
            asked_of=asked_of,
            author=user,
            kind=ThreadKind.QUESTION,
            title=title,
            body=body,
            language=_language(language),
        )
        ThreadState.objects.bulk_create(
            [
                ThreadState(thread=thread, user=user, level=Level.WATCHING),
                ThreadState(thread=thread, user=asked_of, level=Level.WATCHING),
            ]
        )
        thread_notices.after_private_question(thread)
    return thread


def may_ask(user: Any, asked_of: Any) -> bool:
    """Whether `asked_of` counsels `user` now (an active case that grants messages) or
    mentors them (an active mentorship)."""
    from tremplin.mentoring.models import is_mentor_of

    if user is None or asked_of is None or user.pk == asked_of.pk:
        return False
    return viewer_of(asked_of).counsels(user.pk, MESSAGES) or is_mentor_of(asked_of, user)


def edit_thread(
    user: Any,
    thread: Thread,
    *,
    title: str,
    body: str,
    tags: Any = None,
    category: Category | None | str = "",
) -> Thread:
    """The author edits; the text before is kept as a `Revision`. `category=""` keeps it."""
    if thread.author_id != user.pk or thread.state == PostState.REMOVED:
        raise CommunityRefusal(_("Only its author can edit this thread."), "forbidden")
    title, body = _text(title, "title"), _text(body, "body")
    new_tags = thread.tags if tags is None else clean_tags(tags)
    with transaction.atomic():
        if title != thread.title or body != thread.body:
            Revision.objects.create(
                thread=thread, title=thread.title, body=thread.body, edited_by=user
            )
            thread.edited = timezone.now()
        thread.title, thread.body, thread.tags = title, body, new_tags
        if category != "" and thread.community is not None:
            thread.category = _category(thread.community, category)  # type: ignore[arg-type]
        thread.save(update_fields=["title", "body", "tags", "category", "edited"])
    return thread


def delete_thread(user: Any, thread: Thread) -> Thread:
    """The author deletes their thread (soft: it disappears for everyone)."""
    if thread.author_id != user.pk:
        raise CommunityRefusal(_("Only its author can delete this thread."), "forbidden")
    with transaction.atomic():
        was_published = thread.state == PostState.PUBLISHED
        Thread.objects.filter(pk=thread.pk).update(state=PostState.REMOVED)
        if was_published and thread.community_id is not None:
            Community.objects.filter(pk=thread.community_id, thread_count__gt=0).update(
                thread_count=F("thread_count") - 1
            )
    thread.state = PostState.REMOVED
    return thread


# ------------------------------------------------------------------ replies


def _may_reply(user: Any, thread: Thread) -> Any:
    """The membership that lets `user` reply (None for a private question's two)."""
    if thread.state == PostState.REMOVED:
        raise CommunityRefusal(_("This thread was removed."), "not_found")
    if thread.closed is not None:
        raise CommunityRefusal(_("This thread is closed: no more replies."), "conflict")
    if thread.community_id is None:
        if user.pk not in (thread.author_id, thread.asked_of_id):
            raise CommunityRefusal(_("This question is private."), "not_found")
        return None
    if thread.state == PostState.PENDING:
        raise CommunityRefusal(
            _("This thread waits for a moderator: replies open once it is approved."),
            "conflict",
        )
    return posting.may_post(user, thread.community)  # type: ignore[arg-type]


def reply(
    user: Any,
    thread: Thread,
    *,
    body: str,
    in_reply_to: Reply | None = None,
    language: str = "fr",
) -> Reply:
    body = _text(body, "body")
    if in_reply_to is not None and (
        in_reply_to.thread_id != thread.pk or in_reply_to.state != PostState.PUBLISHED
    ):
        raise CommunityRefusal(
            _("Reply to a reply of this thread."), "invalid", field="in_reply_to"
        )
    with transaction.atomic():
        # The thread's row is the lock that orders its replies' numbers.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        membership = _may_reply(user, locked)
        if membership is not None:
            moderation.check_new_account_limits(user, "post")
        waits = membership is not None and (
            posting.first_posts_wait(membership) or moderation.links_wait(user, body)
        )
        last = Reply.objects.filter(thread=locked).aggregate(n=Max("number"))["n"] or 0
        made = Reply.objects.create(
            thread=locked,
            author=user,
            in_reply_to=in_reply_to,
            body=body,
            language=_language(language),
            number=last + 1,
            state=PostState.PENDING if waits else PostState.PUBLISHED,
        )
        if membership is not None:
            posting.note_post(membership)
        # Their own reply is read: it never shows as "new" to them.
        ThreadState.objects.update_or_create(
            thread=locked,
            user=user,
            defaults={"last_read_number": made.number},
            create_defaults={"level": Level.TRACKING, "last_read_number": made.number},
        )
        if not waits:
            published_reply(made)
    return made


def published_reply(made: Reply) -> None:
    now = timezone.now()
    Thread.objects.filter(pk=made.thread_id).update(
        reply_count=F("reply_count") + 1, last_activity=now
    )
    community_id = made.thread.community_id
    if community_id is not None:
        Community.objects.filter(pk=community_id).update(last_activity=now)
    thread_notices.after_reply(made)


def edit_reply(user: Any, made: Reply, *, body: str) -> Reply:
    if made.author_id != user.pk or made.state == PostState.REMOVED:
        raise CommunityRefusal(_("Only its author can edit this reply."), "forbidden")
    body = _text(body, "body")
    with transaction.atomic():
        if body != made.body:
            Revision.objects.create(reply=made, body=made.body, edited_by=user)
            made.body, made.edited = body, timezone.now()
            made.save(update_fields=["body", "edited"])
    return made


def delete_reply(user: Any, made: Reply) -> Reply:
    if made.author_id != user.pk:
        raise CommunityRefusal(_("Only its author can delete this reply."), "forbidden")
    with transaction.atomic():
        if made.state == PostState.PUBLISHED:
            Thread.objects.filter(pk=made.thread_id, reply_count__gt=0).update(
                reply_count=F("reply_count") - 1
            )
        Reply.objects.filter(pk=made.pk).update(state=PostState.REMOVED)
        Thread.objects.filter(pk=made.thread_id, accepted=made).update(accepted=None)
    made.state = PostState.REMOVED
    return made


# ------------------------------------------------------------------ following


def set_level(user: Any, thread: Thread, level: str) -> ThreadState:
    if level not in Level.values:
        raise CommunityRefusal(_("Choose how to follow this thread."), field="level")
    state, _made = ThreadState.objects.update_or_create(
        thread=thread, user=user, defaults={"level": level}
    )
    return state


def mark_read(user: Any, thread: Thread, number: int) -> None:
    """One upsert: the member read up to reply `number` (never moves back)."""
    if not getattr(user, "is_authenticated", False):
        return
    ThreadState.objects.bulk_create(
        [ThreadState(thread=thread, user=user, last_read_number=number, last_visit=timezone.now())],
        update_conflicts=True,
        unique_fields=["thread", "user"],
        update_fields=["last_read_number", "last_visit"],
    )


def watch_category(user: Any, category: Category, watch: bool) -> bool:
    if not category.community.is_readable_by(user):
        raise CommunityRefusal(_("This category is not there."), "not_found")
    if watch:
        CategoryWatch.objects.get_or_create(category=category, user=user)
    else:
        CategoryWatch.objects.filter(category=category, user=user).delete()
    return watch


# ------------------------------------------------------------------ questions


def vote(user: Any, made: Reply, up: bool = True) -> Reply:
    """One up-vote per member on an answer to a question, never on one's own."""
    thread = made.thread
    if not thread.is_question or made.state != PostState.PUBLISHED:
        raise CommunityRefusal(_("Only answers to a question can be voted on."), "conflict")
    if made.author_id == user.pk:
        raise CommunityRefusal(_("You cannot vote for your own answer."), "self")
    if thread.community is not None and not thread.community.membership_of(user):
        raise CommunityRefusal(_("Only members of this community can vote."), "forbidden")
    with transaction.atomic():
        if up:
            _vote, made_now = Vote.objects.get_or_create(reply=made, user=user)
            change = 1 if made_now else 0
        else:
            change = -Vote.objects.filter(reply=made, user=user).delete()[0]
        if change:
            Reply.objects.filter(pk=made.pk).update(vote_count=F("vote_count") + change)
    made.refresh_from_db(fields=["vote_count"])
    return made


def accept(user: Any, thread: Thread, made: Reply | None) -> Thread:
    """The asker (or a moderator of the community) accepts an answer, or none."""
    if not thread.is_question:
        raise CommunityRefusal(_("Only a question has an accepted answer."), "conflict")
    moderator = thread.community is not None and thread.community.is_moderated_by(user)
    if thread.author_id != user.pk and not moderator:
        raise CommunityRefusal(
            _("Only the person who asked, or a moderator, can accept an answer."), "forbidden"
        )
    if made is not None and (made.thread_id != thread.pk or made.state != PostState.PUBLISHED):
        raise CommunityRefusal(_("Choose an answer to this question."), "invalid")
    with transaction.atomic():
        Thread.objects.filter(pk=thread.pk).update(accepted=made)
        thread.accepted = made
        if made is not None:
            thread_notices.after_accept(thread, made, user)
    return thread
