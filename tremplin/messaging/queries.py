"""Messaging: the read path. Conversations, messages, attachments, read receipts,
counts and search, as the pages (`views.py`) and the API (`api.py`) show them.

Conversations and messages are found only through their `visible_to` (a participant
sees a conversation; messages from while they were in it): anything else is a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.reads import visible_or_404
from tremplin.messaging.models import (
    MAX_PARTICIPANTS,
    Attachment,
    Conversation,
    Message,
    MessageQuerySet,
    Participant,
    RequestState,
)
from tremplin.network.models import Block
from tremplin.profiles.models import Profile

PAGE_SIZE = 30
SEARCH_LIMIT = 50

# ------------------------------------------------------------------ one thing


def conversation_or_404(viewer: Any, pk: int) -> Conversation:
    return visible_or_404(Conversation.objects.visible_to(viewer), pk=pk)


def message_or_404(viewer: Any, conversation: Conversation, pk: int) -> Message:
    """One message of the conversation that the viewer may see."""
    found = Message.objects.visible_to(viewer).filter(conversation=conversation).for_display()
    return visible_or_404(found, pk=pk)


def attachment_or_404(viewer: Any, pk: int) -> Attachment:
    """A file of a message the viewer may see (and that is not deleted)."""
    shown = Message.objects.visible_to(viewer).filter(deleted_at__isnull=True)
    return visible_or_404(Attachment.objects.filter(message__in=shown), pk=pk)


def message_for_display(pk: int) -> Message:
    """A message the caller just sent or changed, to answer with."""
    return Message.objects.for_display().get(pk=pk)


def participant_of(user: Any, conversation: Conversation) -> Participant | None:
    return Participant.objects.filter(conversation=conversation, user=user).first()


def participant_or_404(user: Any, conversation: Conversation) -> Participant:
    return visible_or_404(Participant.objects.all(), conversation=conversation, user=user)


def others_in(conversation: Conversation, user: Any, order: str = "pk") -> list[Participant]:
    """The other people of the conversation (not those who refused it), with profiles."""
    return list(
        conversation.participants.exclude(user=user)
        .exclude(request_state=RequestState.REFUSED)
        .for_display()
        .order_by(order)
    )


def find_people(viewer: Any, handles: list[str]) -> tuple[list[Any], list[str]]:
    """Members behind these profile addresses that the viewer may see (a block hides
    them), and the addresses that match nobody the viewer may see."""
    found = {
        p.handle: p.user
        for p in Profile.objects.visible_to(viewer).filter(handle__in=handles).for_list()
    }
    return [found[h] for h in handles if h in found], [h for h in handles if h not in found]


# ------------------------------------------------------------------ lists


@dataclass
class ConversationLine:
    """One conversation as one member sees it in a list."""

    conversation: Conversation
    me: Participant
    others: list[Participant]
    last: Message | None

    @property
    def title(self) -> str:
        return title_for(self.conversation, self.others)


def title_for(conversation: Conversation, others: list[Participant]) -> str:
    if conversation.name:
        return conversation.name
    names = [p.user.profile.display_name for p in others]
    if not names:
        return str(_("Only you"))
    if len(names) <= 3:
        return ", ".join(names)
    more = len(names) - 3
    return ngettext("%(names)s and %(count)d other", "%(names)s and %(count)d others", more) % {
        "names": ", ".join(names[:3]),
        "count": more,
    }


def _my_rows(user: Any, box: str, before: int | None, limit: int) -> list[Participant]:
    rows = Participant.objects.inbox() if box == "inbox" else Participant.objects.requests()
    rows = rows.filter(user=user).for_inbox()
    if before:
        rows = rows.filter(conversation__last_message_id__lt=before)
    return list(rows.order_by("-conversation__last_message_id")[:limit])


def conversations(
    user: Any, box: str = "inbox", before: int | None = None, limit: int = PAGE_SIZE
) -> list[ConversationLine]:
    """A page of the member's inbox ("inbox") or message requests ("requests"), newest
    activity first, paged by keyset on the conversation's last message id. A fixed
    number of queries whatever the page holds."""
    mine = _my_rows(user, box, before, limit)
    ids = [row.conversation_id for row in mine]
    others: dict[int, list[Participant]] = {i: [] for i in ids}
    for other in (
        Participant.objects.filter(conversation__in=ids)
        .exclude(user=user)
        .exclude(request_state=RequestState.REFUSED)
        .for_display()
        .order_by("pk")
    ):
        others[other.conversation_id].append(other)
    last_ids = [row.conversation.last_message_id for row in mine]
    last = {
        m.conversation_id: m
        for m in Message.objects.visible_to(user).filter(pk__in=last_ids).for_excerpt()
    }
    return [
        ConversationLine(
            row.conversation, row, others[row.conversation_id], last.get(row.conversation_id)
        )
        for row in mine
    ]


def messages_page(
    user: Any,
    conversation: Conversation,
    *,
    before: int | None = None,
    after: int | None = None,
    limit: int = PAGE_SIZE,
) -> list[Message]:
    """Messages the member may see, oldest first: the newest page, the page before
    `before`, or everything after `after` (capped), by keyset on the message id."""
    found = Message.objects.visible_to(user).filter(conversation=conversation).for_display()
    if after is not None:
        return list(found.filter(pk__gt=after).order_by("pk")[:limit])
    if before is not None:
        found = found.filter(pk__lt=before)
    return list(reversed(found.order_by("-pk")[:limit]))


def seen_by(user: Any, conversation: Conversation, message_id: int) -> list[str]:
    """Names of the other participants who have read up to `message_id` (read receipts),
    leaving out anyone in a block relation with the member."""
    return list(
        Participant.objects.filter(conversation=conversation, last_read_message_id__gte=message_id)
        .exclude(user=user)
        .exclude(request_state=RequestState.REFUSED)
        .exclude(user__in=Block.objects.ids_either_way(user))
        .order_by("user__profile__display_name")
        .values_list("user__profile__display_name", flat=True)[:MAX_PARTICIPANTS]
    )


def search(user: Any, query: str, limit: int = SEARCH_LIMIT) -> MessageQuerySet:
    """The member's own messages matching `query`, newest first: only conversations they
    are or were in, only messages from while they were in it (Message.visible_to)."""
    query = " ".join((query or "").split())
    if not query:
        return Message.objects.none()
    found = Message.objects.visible_to(user).filter(deleted_at__isnull=True)
    for word in query.split()[:8]:
        found = found.filter(body__icontains=word)
    return found.for_excerpt().order_by("-pk")[:limit]


def search_results(user: Any, query: str) -> MessageQuerySet:
    """The same matches, each with what the API shows of it (sender and files)."""
    found = [m.pk for m in search(user, query)]
    return Message.objects.filter(pk__in=found).for_display().order_by("-pk")


# ------------------------------------------------------------------ counts


def _unread_query(variant: Any, viewer: Any) -> QuerySet[Participant, int]:
    return (
        Participant.objects.active()
        .filter(user=viewer, unread__gt=0)
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )


# Counted on every signed-in page (the menu's badge): compiled once per process.
UNREAD = CompiledQuery(_unread_query, viewer=Input.user)


def unread_conversations(user: Any) -> int:
    """How many of the member's conversations (inbox and requests) have unread messages."""
    if not user.is_authenticated:
        return 0
    found = UNREAD.run(viewer=user)
    return int(found[0]) if found else 0


def unread_by_user(user_ids: Iterable[int]) -> dict[int, int]:
    """The same count for many members, in one grouped query (for live pushes)."""
    user_ids = list(user_ids)
    rows = (
        Participant.objects.active()
        .filter(user__in=user_ids, unread__gt=0)
        .values("user")
        .annotate(n=Count("id"))
    )
    counts = {row["user"]: row["n"] for row in rows}
    return {uid: counts.get(uid, 0) for uid in user_ids}


def pending_requests(user: Any) -> int:
    return Participant.objects.requests().filter(user=user).count()


def active_participant_ids(conversation_id: int, sender_id: int | None) -> list[int]:
    """Active participants, without those in a block relation with the sender (who a
    live event goes to)."""
    rows = Participant.objects.active().filter(conversation_id=conversation_id)
    if sender_id is not None:
        rows = rows.exclude(user__in=Block.objects.ids_either_way(sender_id))
    return list(rows.values_list("user_id", flat=True))
