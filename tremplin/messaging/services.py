"""Messaging actions, shared by the pages and the API.

Each action validates, changes rows in one transaction, calls `notify` inside it, and
pushes live events after commit through one task (`tasks.py`) that loops over the
participants: never one task per participant. Refusals are `MessagingError`s (a
`ValidationError` with a `code`); the API maps codes to statuses (`api.STATUS_FOR`).
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import magic
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tremplin.core.images import ACCEPTED_TYPES as IMAGE_TYPES
from tremplin.core.images import sanitise_image
from tremplin.core.realtime import push_after_commit
from tremplin.messaging import live
from tremplin.messaging.hooks import MESSAGE
from tremplin.messaging.models import (
    BODY_MAX_LENGTH,
    MAX_PARTICIPANTS,
    NAME_MAX_LENGTH,
    REQUEST_TRANSITIONS,
    Attachment,
    AttachmentKind,
    Conversation,
    Message,
    Participant,
    RequestState,
    _blocked_ids,
)

# At most this many people one is not connected with may be contacted (as message
# requests) in STRANGER_WINDOW: stops spam without getting in the way of networking.
STRANGER_LIMIT = 20
STRANGER_WINDOW = timedelta(days=1)

PDF_MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 4
EXCERPT_LENGTH = 100


class MessagingError(ValidationError):
    """A business-rule refusal; `code` says which (invalid, not_found, blocked, refused,
    left, forbidden, transition, rate_limited)."""


@dataclass
class PreparedFile:
    """An upload checked from its bytes and ready to store (images already re-encoded)."""

    kind: str
    content: ContentFile
    original_name: str


# ------------------------------------------------------------------ attachments


def clean_filename(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable())
    return name.strip()[:150] or "fichier"


def prepare_attachment(upload) -> PreparedFile:
    """Read the type from the bytes (never from the name or the browser's word): a
    picture is re-encoded without EXIF; a PDF is kept as is. Anything else is refused."""
    name = clean_filename(getattr(upload, "name", ""))
    if upload.size > PDF_MAX_BYTES:
        raise MessagingError(
            _("“%(name)s” is too large: %(size)d MB at most.")
            % {"name": name, "size": PDF_MAX_BYTES // (1024 * 1024)},
            code="invalid",
        )
    head = upload.read(4096)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if mime in IMAGE_TYPES:
        try:
            clean = sanitise_image(upload, max_side=2000)
        except ValidationError as error:
            raise MessagingError(
                _("“%(name)s”: %(reason)s") % {"name": name, "reason": " ".join(error.messages)},
                code="invalid",
            ) from None
        stem = os.path.splitext(name)[0] or "image"
        return PreparedFile(AttachmentKind.IMAGE, clean, f"{stem[:140]}.jpg")
    if mime == "application/pdf" and head.startswith(b"%PDF-"):
        stem = os.path.splitext(name)[0] or "document"
        return PreparedFile(AttachmentKind.PDF, ContentFile(upload.read()), f"{stem[:140]}.pdf")
    raise MessagingError(
        _("“%(name)s” is not a picture (JPEG, PNG, WebP or GIF) or a PDF document.")
        % {"name": name},
        code="invalid",
    )


def prepare_attachments(uploads) -> list[PreparedFile]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_ATTACHMENTS:
        raise MessagingError(
            _("Attach %(max)d files at most to one message.") % {"max": MAX_ATTACHMENTS},
            code="invalid",
        )
    return [prepare_attachment(upload) for upload in uploads]


# ------------------------------------------------------------------ helpers


def _clean_body(body: str, files: list[PreparedFile], sender=None) -> str:
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


def _scam_guard(sender, body: str) -> None:
    """An employer's staff may not ask, in a message, for what an honest employer never
    asks for up front (a SIN, bank details, money, identity documents): the message is
    refused with the reason, and the writer's text stays in their form."""
    from tremplin.jobs.scam import reason_label, scam_check
    from tremplin.organizations.models import Membership, OrgKind, Role

    reasons = scam_check(body)
    if not reasons:
        return
    is_employer = Membership.objects.filter(
        user=sender,
        organization__kind=OrgKind.EMPLOYER,
        role__in=[Role.ADMIN, Role.RECRUITER],
    ).exists()
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


def blocked_either_way(a, b) -> bool:
    from tremplin.network.models import Block

    return Block.objects.between_either_way(a, b).exists()


def participant_of(user, conversation: Conversation) -> Participant | None:
    return Participant.objects.filter(conversation=conversation, user=user).first()


def excerpt(body: str) -> str:
    return Truncator(" ".join(body.split())).chars(EXCERPT_LENGTH)


def strangers_contacted(user) -> int:
    return Participant.objects.filter(
        requested_by=user, joined_at__gte=timezone.now() - STRANGER_WINDOW
    ).count()


def _move(participant: Participant, state: str) -> Participant:
    """The one place a message request changes state, along `REQUEST_TRANSITIONS`."""
    if state not in REQUEST_TRANSITIONS[RequestState(participant.request_state)]:
        raise MessagingError(
            _("This message request has already been answered."), code="transition"
        )
    participant.request_state = state
    participant.answered_at = timezone.now()
    participant.save(update_fields=["request_state", "answered_at"])
    return participant


# ------------------------------------------------------------------ starting


@transaction.atomic
def start_conversation(
    creator, recipients: list, body: str, *, name: str = "", files: list[PreparedFile] | None = None
) -> tuple[Conversation, Message]:
    """Start a conversation (or continue the one-to-one conversation that already exists
    with this person) with a first message. `recipients` were found through
    `Profile.objects.visible_to(creator)`, so blocked people never get here; this checks
    again anyway, because the rule must not depend on the caller."""
    from tremplin.network.models import Connection

    files = files or []
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
    name = _clean_name(name)
    body = _clean_body(body, files, creator)
    if any(blocked_either_way(creator, p) for p in people):
        raise MessagingError(_("You cannot write to this member."), code="blocked")

    if len(people) == 1 and not name:
        existing = Conversation.objects.filter(
            pair_key=Conversation.pair_key_for(creator, people[0])
        ).first()
        if existing is not None:
            return existing, send_message(creator, existing, body, files=files, _checked=True)

    connected = set(
        Connection.objects.user_ids_connected_to(creator)
        .filter(other__in=list(unique))
        .values_list("other", flat=True)
    )
    strangers = [p for p in people if p.pk not in connected]
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
    is_group = len(people) > 1 or bool(name)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                is_group=is_group,
                name=name,
                created_by=creator,
                pair_key=None if is_group else Conversation.pair_key_for(creator, people[0]),
            )
    except IntegrityError:  # the same pair started at the same moment: use theirs
        existing = Conversation.objects.get(pair_key=Conversation.pair_key_for(creator, people[0]))
        return existing, send_message(creator, existing, body, files=files, _checked=True)
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
    message = send_message(creator, conversation, body, files=files, _checked=True)
    return conversation, message


# ------------------------------------------------------------------ sending


def check_can_write(sender, conversation: Conversation) -> Participant:
    """The sender's row, if they may write here; else a MessagingError."""
    mine = participant_of(sender, conversation)
    if mine is None or mine.request_state == RequestState.REFUSED:
        raise MessagingError(_("This conversation does not exist."), code="not_found")
    if mine.left_at is not None:
        raise MessagingError(_("You left this conversation."), code="left")
    if not conversation.is_group:
        other = conversation.participants.exclude(user=sender).select_related("user").first()
        if other is not None:
            if blocked_either_way(sender, other.user):
                raise MessagingError(_("You cannot write to this member."), code="blocked")
            if other.request_state == RequestState.REFUSED:
                raise MessagingError(
                    _("This member did not accept your message request."), code="refused"
                )
    return mine


@transaction.atomic
def send_message(
    sender,
    conversation: Conversation,
    body: str,
    *,
    files: list[PreparedFile] | None = None,
    _checked: bool = False,
) -> Message:
    from tremplin.notifications.services import notify

    files = files or []
    body = _clean_body(body, files, sender)
    # Serialise writers of one conversation (the counters and last_message_id).
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    mine = check_can_write(sender, conversation)
    if mine.request_state == RequestState.PENDING:
        _move(mine, RequestState.ACCEPTED)  # answering a request accepts it
    message = Message.objects.create(conversation=conversation, sender=sender, body=body)
    for prepared in files:
        attachment = Attachment(
            message=message,
            kind=prepared.kind,
            original_name=prepared.original_name,
            size=prepared.content.size,
        )
        attachment.file.save(prepared.original_name, prepared.content, save=False)
        attachment.save()
    Conversation.objects.filter(pk=conversation.pk).update(last_message_id=message.pk)
    conversation.last_message_id = message.pk

    others = (
        Participant.objects.active()
        .filter(conversation=conversation)
        .exclude(user=sender)
        .exclude(user__in=_blocked_ids(sender))
    )
    others.update(unread=F("unread") + 1)
    Participant.objects.filter(pk=mine.pk).update(last_read_message_id=message.pk, unread=0)

    data = {"excerpt": excerpt(body)}
    notified_requests = []
    for row in others.filter(muted=False).select_related("user"):
        if row.request_state == RequestState.PENDING:
            if row.request_notified:
                continue  # one notification per message request, however many messages
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
    push_after_commit(live.push_message, message.pk, "new")
    return message


# ------------------------------------------------------------------ answering requests


def _my_row(user, conversation: Conversation) -> Participant:
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
def accept_request(user, conversation: Conversation) -> Participant:
    """The conversation moves to the inbox."""
    row = _my_row(user, conversation)
    _move(row, RequestState.ACCEPTED)
    push_after_commit(live.push_conversation, conversation.pk, "accepted", [user.pk])
    return row


@transaction.atomic
def refuse_request(user, conversation: Conversation) -> Participant:
    """The conversation disappears for the recipient; the sender cannot write into it
    again (one-to-one) and nobody is told."""
    row = _my_row(user, conversation)
    _move(row, RequestState.REFUSED)
    row.unread = 0
    row.visible_until = conversation.last_message_id
    row.save(update_fields=["unread", "visible_until"])
    from tremplin.notifications.models import Notification

    # The request's notification goes too: a refused request leaves nothing behind.
    Notification.objects.filter(
        recipient=user, group_key=f"message:conversation:{conversation.pk}"
    ).delete()
    push_after_commit(live.push_conversation, conversation.pk, "refused", [user.pk])
    return row


# ------------------------------------------------------------------ group actions


@transaction.atomic
def leave(user, conversation: Conversation) -> Participant:
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
def rename(user, conversation: Conversation, name: str) -> Conversation:
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
def set_muted(user, conversation: Conversation, muted: bool) -> Participant:
    """A muted conversation still counts as unread, but sends no notification."""
    row = _my_row(user, conversation)
    row.muted = muted
    row.save(update_fields=["muted"])
    return row


# ------------------------------------------------------------------ messages


@transaction.atomic
def delete_message(user, message: Message) -> Message:
    """Delete one's own message: everyone sees "message deleted"; the text and the
    files are gone (files are removed from storage after commit)."""
    if message.sender_id != user.pk:
        raise MessagingError(_("You can only delete your own messages."), code="forbidden")
    if message.deleted_at is not None:
        return message
    names = [a.file.name for a in message.attachments.all() if a.file.name]
    message.attachments.all().delete()
    message.body = ""
    message.deleted_at = timezone.now()
    message.save(update_fields=["body", "deleted_at"])

    def remove_files() -> None:
        from django.core.files.storage import default_storage

        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
    push_after_commit(live.push_message, message.pk, "deleted")
    return message


@transaction.atomic
def mark_read(user, conversation: Conversation, up_to: int | None = None) -> Participant:
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


# ------------------------------------------------------------------ counts and search


def unread_conversations(user) -> int:
    """How many of the member's conversations (inbox and requests) have unread messages."""
    if not user.is_authenticated:
        return 0
    return Participant.objects.active().filter(user=user, unread__gt=0).count()


def unread_by_user(user_ids) -> dict[int, int]:
    """The same count for many members, in one grouped query (for live pushes)."""
    rows = (
        Participant.objects.active()
        .filter(user__in=list(user_ids), unread__gt=0)
        .values("user")
        .annotate(n=Count("id"))
    )
    counts = {row["user"]: row["n"] for row in rows}
    return {uid: counts.get(uid, 0) for uid in user_ids}


def pending_requests(user) -> int:
    return Participant.objects.requests().filter(user=user).count()


SEARCH_LIMIT = 50


def search(user, query: str, limit: int = SEARCH_LIMIT):
    """The member's own messages matching `query`, newest first: only conversations they
    are or were in, only messages from while they were in it (Message.visible_to)."""
    query = " ".join((query or "").split())
    if not query:
        return Message.objects.none()
    found = Message.objects.visible_to(user).filter(deleted_at__isnull=True)
    for word in query.split()[:8]:
        found = found.filter(body__icontains=word)
    return found.select_related("conversation", "sender__profile").order_by("-pk")[:limit]


# ------------------------------------------------------------------ lists for pages and API

PAGE_SIZE = 30


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


def conversations_for(user, box: str = "inbox", before: int | None = None, limit: int = PAGE_SIZE):
    """A page of the member's inbox ("inbox") or message requests ("requests"), newest
    activity first, paged by keyset on the conversation's last message id. A fixed
    number of queries whatever the page holds."""
    rows = Participant.objects.inbox() if box == "inbox" else Participant.objects.requests()
    rows = rows.filter(user=user).select_related("conversation")
    if before:
        rows = rows.filter(conversation__last_message_id__lt=before)
    mine = list(rows.order_by("-conversation__last_message_id")[:limit])
    ids = [row.conversation_id for row in mine]
    others: dict[int, list[Participant]] = {i: [] for i in ids}
    for other in (
        Participant.objects.filter(conversation__in=ids)
        .exclude(user=user)
        .exclude(request_state=RequestState.REFUSED)
        .select_related("user__profile")
        .order_by("pk")
    ):
        others[other.conversation_id].append(other)
    last_ids = [row.conversation.last_message_id for row in mine]
    last = {
        m.conversation_id: m
        for m in Message.objects.visible_to(user)
        .filter(pk__in=last_ids)
        .select_related("sender__profile")
    }
    return [
        ConversationLine(
            row.conversation, row, others[row.conversation_id], last.get(row.conversation_id)
        )
        for row in mine
    ]


def messages_page(
    user,
    conversation: Conversation,
    *,
    before: int | None = None,
    after: int | None = None,
    limit: int = PAGE_SIZE,
) -> list[Message]:
    """Messages the member may see, oldest first: the newest page, the page before
    `before`, or everything after `after` (capped), by keyset on the message id."""
    found = (
        Message.objects.visible_to(user)
        .filter(conversation=conversation)
        .select_related("sender__profile")
        .prefetch_related("attachments")
    )
    if after is not None:
        return list(found.filter(pk__gt=after).order_by("pk")[:limit])
    if before is not None:
        found = found.filter(pk__lt=before)
    return list(reversed(found.order_by("-pk")[:limit]))


def seen_by(user, conversation: Conversation, message_id: int) -> list[str]:
    """Names of the other participants who have read up to `message_id` (read receipts),
    leaving out anyone in a block relation with the member."""
    return list(
        Participant.objects.filter(conversation=conversation, last_read_message_id__gte=message_id)
        .exclude(user=user)
        .exclude(request_state=RequestState.REFUSED)
        .exclude(user__in=_blocked_ids(user))
        .order_by("user__profile__display_name")
        .values_list("user__profile__display_name", flat=True)[:MAX_PARTICIPANTS]
    )
