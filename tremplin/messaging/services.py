"""Messaging actions, shared by the pages and the API (reads are in `queries.py`).

Each action validates, changes rows in one transaction, calls `notify` inside it, and
pushes live events after commit (`live.py`, one loop over the participants: never one
task per participant). Refusals are `MessagingError`s (`tremplin.core.refusals`; a
block is a 403 here: in a conversation you are part of, the block is known to you).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tremplin.core.consent import MESSAGES, require_consent
from tremplin.core.realtime import push_after_commit
from tremplin.core.scam import reason_label, scam_check
from tremplin.core.viewer import viewer_of
from tremplin.messaging import live
from tremplin.messaging.attachments import PreparedFile
from tremplin.messaging.errors import MessagingError
from tremplin.messaging.hooks import MESSAGE
from tremplin.messaging.models import (
    BODY_MAX_LENGTH,
    MAX_PARTICIPANTS,
    NAME_MAX_LENGTH,
    REQUEST_TRANSITIONS,
    Attachment,
    Conversation,
    Message,
    Participant,
    RequestState,
)
from tremplin.messaging.queries import participant_of
from tremplin.network.models import Block
from tremplin.notifications.models import Notification
from tremplin.notifications.services import notify

# At most this many people one is not connected with may be contacted (as message
# requests) in STRANGER_WINDOW: stops spam without getting in the way of networking.
STRANGER_LIMIT = 20
STRANGER_WINDOW = timedelta(days=1)

EXCERPT_LENGTH = 100
# Who may not ask for a SIN, bank details or money in a message (core.scam).
EMPLOYER_STAFF = frozenset({"admin", "recruiter"})


# ------------------------------------------------------------------ helpers


def _clean_body(body: str, files: list[PreparedFile], sender: Any = None) -> str:
    body = (body or "").strip()
    if not body and not files:
        raise MessagingError(_("Write a message or attach a file."), code="invalid")
    if len(body) > BODY_MAX_LENGTH:
        raise MessagingError(
            _("The message is too long: %(max)d characters at most.") % {"max": BODY_MAX_LENGTH},
            code="invalid",
        )
    if sender is not None and body:
        _scam_guard(sender, body)
    return body


def _scam_guard(sender: Any, body: str) -> None:
    """An employer's staff may not ask, in a message, for what an honest employer never
    asks for up front (a SIN, bank details, money, identity documents): the message is
    refused with the reason, and the writer's text stays in their form."""
    reasons = scam_check(body)
    if not reasons:
        return
    is_employer = any(
        m.kind == "employer" and m.role in EMPLOYER_STAFF for m in viewer_of(sender).memberships
    )
    if is_employer:
        raise MessagingError(
            _(
                "This message was not sent: employers may not ask candidates for this in "
                "a message. %(reasons)s"
            )
            % {"reasons": " ".join(str(reason_label(code)) for code in reasons)},
            code="scam",
        )


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX_LENGTH:
        raise MessagingError(
            _("The name is too long: %(max)d characters at most.") % {"max": NAME_MAX_LENGTH},
            code="invalid",
        )
    return name


def excerpt(body: str) -> str:
    return Truncator(" ".join(body.split())).chars(EXCERPT_LENGTH)


def strangers_contacted(user: Any) -> int:
    return Participant.objects.filter(
        requested_by=user, joined_at__gte=timezone.now() - STRANGER_WINDOW
    ).count()


def _move(participant: Participant, state: str) -> Participant:
    """The one place a message request changes state, along `REQUEST_TRANSITIONS`."""
    REQUEST_TRANSITIONS.check(
        participant.request_state,
        state,
        MessagingError,
        str(_("This message request has already been answered.")),
    )
    participant.request_state = state
    participant.answered_at = timezone.now()
    participant.save(update_fields=["request_state", "answered_at"])
    return participant


# ------------------------------------------------------------------ starting


def _recipients(creator: Any, recipients: Iterable[Any]) -> list[Any]:
    """The people to write to: each once, never the creator, within the size limit."""
    unique: dict[int, Any] = {}
    for person in recipients:
        if person.pk != creator.pk:
            unique[person.pk] = person
    people = list(unique.values())
    if not people:
        raise MessagingError(_("Choose at least one member to write to."), code="invalid")
    if len(people) + 1 > MAX_PARTICIPANTS:
        raise MessagingError(
            _("A conversation has %(max)d participants at most (you included).")
            % {"max": MAX_PARTICIPANTS},
            code="invalid",
        )
    return people


def _check_strangers(creator: Any, strangers: list[Any]) -> None:
    """Message requests to people one is not connected with are rate limited."""
    if strangers and strangers_contacted(creator) + len(strangers) > STRANGER_LIMIT:
        raise MessagingError(
            ngettext(
                "You may start conversations with %(limit)d member you are not connected "
                "with per day. Try again tomorrow, or connect first.",
                "You may start conversations with %(limit)d members you are not connected "
                "with per day. Try again tomorrow, or connect first.",
                STRANGER_LIMIT,
            )
            % {"limit": STRANGER_LIMIT},
            code="rate_limited",
        )


def _join(conversation: Conversation, creator: Any, people: list[Any], connected: set[int]) -> None:
    """The creator and the people written to; strangers receive a message request."""
    rows = [Participant(conversation=conversation, user=creator)]
    for person in people:
        stranger = person.pk not in connected
        rows.append(
            Participant(
                conversation=conversation,
                user=person,
                request_state=RequestState.PENDING if stranger else RequestState.ACCEPTED,
                requested_by=creator if stranger else None,
            )
        )
    Participant.objects.bulk_create(rows)


@transaction.atomic
def start_conversation(
    creator: Any,
    recipients: list[Any],
    body: str,
    *,
    name: str = "",
    files: list[PreparedFile] | None = None,
) -> tuple[Conversation, Message]:
    """Start a conversation (or continue the one-to-one conversation that already exists
    with this person) with a first message. `recipients` were found through
    `Profile.objects.visible_to(creator)`, so blocked people never get here; this checks
    again anyway, because the rule must not depend on the caller."""
    files = files or []
    people = _recipients(creator, recipients)
    name = _clean_name(name)
    body = _clean_body(body, files, creator)
    relations = viewer_of(creator)
    if any(relations.blocks_either_way(p.pk) for p in people):
        raise MessagingError(_("You cannot write to this member."), code="blocked")
    for person in people:  # a client's consent binds her counsellor (core.consent)
        require_consent(relations, person, MESSAGES, MessagingError)
    pair_key = None if len(people) > 1 or name else Conversation.pair_key_for(creator, people[0])
    existing = Conversation.objects.filter(pair_key=pair_key).first() if pair_key else None
    if existing is not None:
        return existing, send_message(creator, existing, body, files=files)
    # A client who lets her counsellor message her receives no request from her.
    connected = relations.connected_among(p.pk for p in people) | {
        p.pk for p in people if relations.counsels(p.pk, MESSAGES)
    }
    _check_strangers(creator, [p for p in people if p.pk not in connected])
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                is_group=pair_key is None, name=name, created_by=creator, pair_key=pair_key
            )
    except IntegrityError:  # the same pair started at the same moment: use theirs
        existing = Conversation.objects.get(pair_key=pair_key)
        return existing, send_message(creator, existing, body, files=files)
    _join(conversation, creator, people, connected)
    return conversation, send_message(creator, conversation, body, files=files)


# ------------------------------------------------------------------ sending


def check_can_write(sender: Any, conversation: Conversation) -> Participant:
    """The sender's row, if they may write here; else a MessagingError."""
    mine = participant_of(sender, conversation)
    if mine is None or mine.request_state == RequestState.REFUSED:
        raise MessagingError(_("This conversation does not exist."), code="not_found")
    if mine.left_at is not None:
        raise MessagingError(_("You left this conversation."), code="left")
    if not conversation.is_group:
        other = conversation.participants.exclude(user=sender).first()
        if other is not None:
            if viewer_of(sender).blocks_either_way(other.user_id):
                raise MessagingError(_("You cannot write to this member."), code="blocked")
            if other.request_state == RequestState.REFUSED:
                raise MessagingError(
                    _("This member did not accept your message request."), code="refused"
                )
    _require_consents(sender, conversation)
    return mine


def _require_consents(sender: Any, conversation: Conversation) -> None:
    """A counsellor writes to a client of an open case (one-to-one or in a group) only
    while the case grants the messages scope: no new message reaches a client who
    withdrew it or paused the link. Asks nothing more of anyone who counsels nobody."""
    asking = viewer_of(sender)
    if not asking.counsellor_cases:
        return
    clients = (
        Participant.objects.active()
        .filter(conversation=conversation, user__in=list(asking.counsellor_cases))
        .exclude(user=sender)
        .select_related("user__profile")
    )
    for row in clients:
        require_consent(asking, row.user, MESSAGES, MessagingError)


def _store_files(message: Message, files: list[PreparedFile]) -> None:
    for prepared in files:
        attachment = Attachment(
            message=message,
            kind=prepared.kind,
            original_name=prepared.original_name,
            size=prepared.content.size,
        )
        attachment.file.save(prepared.original_name, prepared.content, save=False)
        attachment.save()


def _notify_others(sender: Any, conversation: Conversation, others: Any, body: str) -> None:
    """One notification per reader who did not mute the conversation; a message request
    notifies once, however many messages it holds."""
    data = {"excerpt": excerpt(body)}
    notified_requests = []
    for row in others.filter(muted=False).select_related("user"):
        if row.request_state == RequestState.PENDING:
            if row.request_notified:
                continue
            notified_requests.append(row.pk)
        notify(
            row.user,
            MESSAGE,
            actor=sender,
            target=conversation,
            group_key=f"message:conversation:{conversation.pk}",
            data=data,
        )
    if notified_requests:
        Participant.objects.filter(pk__in=notified_requests).update(request_notified=True)


@transaction.atomic
def send_message(
    sender: Any,
    conversation: Conversation,
    body: str,
    *,
    files: list[PreparedFile] | None = None,
) -> Message:
    files = files or []
    body = _clean_body(body, files, sender)
    # Serialise writers of one conversation (the counters and last_message_id).
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    mine = check_can_write(sender, conversation)
    if mine.request_state == RequestState.PENDING:
        _move(mine, RequestState.ACCEPTED)  # answering a request accepts it
    message = Message.objects.create(conversation=conversation, sender=sender, body=body)
    _store_files(message, files)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_id=message.pk)
    conversation.last_message_id = message.pk

    others = (
        Participant.objects.active()
        .filter(conversation=conversation)
        .exclude(user=sender)
        .exclude(user__in=Block.objects.ids_either_way(sender))
    )
    others.update(unread=F("unread") + 1)
    Participant.objects.filter(pk=mine.pk).update(last_read_message_id=message.pk, unread=0)
    _notify_others(sender, conversation, others, body)
    push_after_commit(live.push_message, message.pk, "new")
    return message


# ------------------------------------------------------------------ answering requests


def _my_row(user: Any, conversation: Conversation) -> Participant:
    row = (
        Participant.objects.select_for_update()
        .filter(conversation=conversation, user=user)
        .exclude(request_state=RequestState.REFUSED)
        .first()
    )
    if row is None:
        raise MessagingError(_("This conversation does not exist."), code="not_found")
    return row


@transaction.atomic
def accept_request(user: Any, conversation: Conversation) -> Participant:
    """The conversation moves to the inbox."""
    row = _my_row(user, conversation)
    _move(row, RequestState.ACCEPTED)
    push_after_commit(live.push_conversation, conversation.pk, "accepted", [user.pk])
    return row


@transaction.atomic
def refuse_request(user: Any, conversation: Conversation) -> Participant:
    """The conversation disappears for the recipient; the sender cannot write into it
    again (one-to-one) and nobody is told."""
    row = _my_row(user, conversation)
    _move(row, RequestState.REFUSED)
    row.unread = 0
    row.visible_until = conversation.last_message_id
    row.save(update_fields=["unread", "visible_until"])
    # The request's notification goes too: a refused request leaves nothing behind.
    Notification.objects.filter(
        recipient=user, group_key=f"message:conversation:{conversation.pk}"
    ).delete()
    push_after_commit(live.push_conversation, conversation.pk, "refused", [user.pk])
    return row


# ------------------------------------------------------------------ group actions


@transaction.atomic
def leave(user: Any, conversation: Conversation) -> Participant:
    """Leave a group: the history up to now stays readable, nothing newer arrives."""
    if not conversation.is_group:
        raise MessagingError(_("Only a group conversation can be left."), code="invalid")
    row = _my_row(user, conversation)
    if row.left_at is not None:
        raise MessagingError(_("You already left this conversation."), code="left")
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    row.left_at = timezone.now()
    row.visible_until = locked.last_message_id
    row.unread = 0
    row.save(update_fields=["left_at", "visible_until", "unread"])
    push_after_commit(live.push_conversation, conversation.pk, "left", [user.pk])
    return row


@transaction.atomic
def rename(user: Any, conversation: Conversation, name: str) -> Conversation:
    if not conversation.is_group:
        raise MessagingError(_("Only a group conversation has a name."), code="invalid")
    row = _my_row(user, conversation)
    if row.left_at is not None:
        raise MessagingError(_("You left this conversation."), code="left")
    name = _clean_name(name)
    if not name:
        raise MessagingError(_("Give the group a name."), code="invalid")
    conversation.name = name
    conversation.save(update_fields=["name"])
    push_after_commit(live.push_conversation, conversation.pk, "renamed", [])
    return conversation


@transaction.atomic
def set_muted(user: Any, conversation: Conversation, muted: bool) -> Participant:
    """A muted conversation still counts as unread, but sends no notification."""
    row = _my_row(user, conversation)
    row.muted = muted
    row.save(update_fields=["muted"])
    return row


# ------------------------------------------------------------------ messages


@transaction.atomic
def delete_message(user: Any, message: Message) -> Message:
    """Delete one's own message: everyone sees "message deleted"; the text and the
    files are gone (files are removed from storage after commit)."""
    if message.sender_id != user.pk:
        raise MessagingError(_("You can only delete your own messages."), code="forbidden")
    return _erase_message(message)


@transaction.atomic
def remove_message(message: Message) -> Message:
    """A moderator's removal (moderation.reportables): as the sender's own deletion,
    the conversation keeps its place ("message deleted")."""
    return _erase_message(message)


def _erase_message(message: Message) -> Message:
    if message.deleted_at is not None:
        return message
    names = [a.file.name for a in message.attachments.all() if a.file.name]
    message.attachments.all().delete()
    message.body = ""
    message.deleted_at = timezone.now()
    message.save(update_fields=["body", "deleted_at"])

    def remove_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
    push_after_commit(live.push_message, message.pk, "deleted")
    return message


@transaction.atomic
def mark_read(user: Any, conversation: Conversation, up_to: int | None = None) -> Participant:
    """Move the reader's last-read mark forward (never back) and recount what is left."""
    row = _my_row(user, conversation)
    latest = conversation.last_message_id
    if row.visible_until is not None:
        latest = min(latest, row.visible_until)
    target = latest if up_to is None else min(up_to, latest)
    if target <= row.last_read_message_id and row.unread == 0:
        return row
    row.last_read_message_id = max(row.last_read_message_id, target)
    row.unread = (
        Message.objects.visible_to(user)
        .filter(conversation=conversation, pk__gt=row.last_read_message_id)
        .exclude(sender=user)
        .count()
    )
    row.save(update_fields=["last_read_message_id", "unread"])
    push_after_commit(live.push_conversation, conversation.pk, "read", [user.pk])
    return row
