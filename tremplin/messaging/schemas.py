"""What the messaging API reads and answers: its schemas, and the dictionaries that fill
them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import StrictBool

from tremplin.api.schemas import FILLED_TEXT, HANDLE_PATTERN, StrictSchema
from tremplin.messaging.markdown import render_message
from tremplin.messaging.models import (
    BODY_MAX_LENGTH,
    MAX_PARTICIPANTS,
    NAME_MAX_LENGTH,
    Conversation,
    Message,
    Participant,
    RequestState,
)
from tremplin.messaging.queries import title_for


class SenderOut(Schema):
    handle: str
    display_name: str


class ParticipantOut(SenderOut):
    state: str = Field(description="accepted, pending (a message request not answered yet) or left")
    last_read_message_id: int


class AttachmentOut(Schema):
    id: int
    kind: str = Field(description="image or pdf")
    name: str
    size: int
    url: str = Field(description="Download address (the signed-in session or a token).")


class MessageOut(Schema):
    id: int
    conversation: int
    sender: SenderOut | None
    body: str = Field(description="Markdown-lite source; empty once deleted.")
    html: str = Field(description="The body rendered and sanitised.")
    created: datetime
    deleted: bool
    attachments: list[AttachmentOut]


class ConversationOut(Schema):
    id: int
    title: str
    name: str
    is_group: bool
    box: str = Field(description="inbox, requests (a message request to me) or left")
    unread: int
    muted: bool
    last_message_id: int
    participants: list[ParticipantOut] = Field(description="The others, not me.")
    url: str


class ConversationPage(Schema):
    conversation: ConversationOut
    messages: list[MessageOut] = Field(description="Oldest first.")
    next_before: int | None = Field(description="Pass as `before` for older messages.")
    seen_by: list[str] = Field(description="Who has read up to the newest message shown.")


class ConversationList(Schema):
    results: list[ConversationOut]
    next_before: int | None = Field(description="Pass as `before` for the next page.")


class StartedOut(Schema):
    conversation: ConversationOut
    message: MessageOut


class MessagingUnreadOut(Schema):
    unread_conversations: int
    requests: int


class StartIn(StrictSchema):
    participants: list[Annotated[str, Field(pattern=HANDLE_PATTERN)]] = Field(
        min_length=1,
        max_length=MAX_PARTICIPANTS - 1,
        description="Profile handles of the others (not me).",
    )
    name: str = Field("", max_length=NAME_MAX_LENGTH, description="Makes it a group.")
    body: str = Field(min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    confirm_pii: StrictBool = Field(
        False, description="Send even though the text seems to contain personal data."
    )


class SendIn(StrictSchema):
    body: str = Field(min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    confirm_pii: StrictBool = False


class RenameIn(StrictSchema):
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)


class ReadIn(StrictSchema):
    message_id: int | None = Field(
        None, ge=1, le=2**62, description="Read up to this message (default: the newest)."
    )


def person_out(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"handle": user.profile.handle, "display_name": user.profile.display_name}


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "conversation": message.conversation_id,
        "sender": person_out(message.sender),
        "body": message.body,
        "html": str(render_message(message.body)) if message.body else "",
        "created": message.created,
        "deleted": message.deleted_at is not None,
        "attachments": [
            {
                "id": a.pk,
                "kind": a.kind,
                "name": a.original_name,
                "size": a.size,
                "url": a.get_absolute_url(),
            }
            for a in message.attachments.all()
        ],
    }


def _state(row: Participant) -> str:
    return "left" if row.left_at else str(row.request_state)


def conversation_out(
    conversation: Conversation, me: Participant, others: list[Participant]
) -> dict[str, Any]:
    box = (
        "left"
        if not me.is_active
        else ("requests" if me.request_state == RequestState.PENDING else "inbox")
    )
    return {
        "id": conversation.pk,
        "title": title_for(conversation, others),
        "name": conversation.name,
        "is_group": conversation.is_group,
        "box": box,
        "unread": me.unread,
        "muted": me.muted,
        "last_message_id": conversation.last_message_id,
        "participants": [
            {
                **(person_out(p.user) or {}),
                "state": _state(p),
                "last_read_message_id": p.last_read_message_id,
            }
            for p in others
        ],
        "url": conversation.get_absolute_url(),
    }
