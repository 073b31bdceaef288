"""Messaging over the API: the same actions as the pages (`services.py`); conversations
and messages are found only through their `visible_to`, so anything else is a 404."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.errors import refusal_for
from tremplin.api.schemas import HANDLE_PATTERN, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.pii import kinds
from tremplin.messaging import services
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
from tremplin.messaging.views import find_people

router = Router(tags=["messaging"])

# How each refusal of `services` answers over HTTP.
STATUS_FOR = {
    "invalid": 422,
    "scam": 422,
    "not_found": 404,
    "blocked": 403,
    "refused": 403,
    "forbidden": 403,
    "left": 409,
    "transition": 409,
    "rate_limited": 429,
}

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ID = Path(..., ge=1, le=2_147_483_647)
CURSOR = Query(None, ge=1, le=2**62)


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
    body: str = Field(min_length=1, max_length=BODY_MAX_LENGTH, pattern=r"\S")
    confirm_pii: StrictBool = Field(
        False, description="Send even though the text seems to contain personal data."
    )


class SendIn(StrictSchema):
    body: str = Field(min_length=1, max_length=BODY_MAX_LENGTH, pattern=r"\S")
    confirm_pii: StrictBool = False


class RenameIn(StrictSchema):
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH)


class ReadIn(StrictSchema):
    message_id: int | None = Field(
        None, ge=1, le=2**62, description="Read up to this message (default: the newest)."
    )


# ------------------------------------------------------------------ helpers


refused = refusal_for(STATUS_FOR)


def pii_refusal(body: str, confirmed: bool) -> Status | None:
    found = kinds(body)
    if found and not confirmed:
        return Status(
            422,
            {
                "detail": "The message seems to contain personal data: edit it, or send "
                "confirm_pii.",
                "pii": {"body": found},
            },
        )
    return None


def visible(request, conversation_id: int) -> Conversation:
    return get_object_or_404(Conversation.objects.visible_to(request.user), pk=conversation_id)


def person_out(user) -> dict | None:
    if user is None:
        return None
    return {"handle": user.profile.handle, "display_name": user.profile.display_name}


def message_out(message: Message) -> dict:
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
) -> dict:
    box = (
        "left"
        if not me.is_active
        else ("requests" if me.request_state == RequestState.PENDING else "inbox")
    )
    return {
        "id": conversation.pk,
        "title": services.title_for(conversation, others),
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


def one_conversation_out(user, conversation: Conversation) -> dict:
    conversation.refresh_from_db()
    me = get_object_or_404(Participant, conversation=conversation, user=user)
    others = list(
        conversation.participants.exclude(user=user)
        .exclude(request_state=RequestState.REFUSED)
        .select_related("user__profile")
        .order_by("pk")
    )
    return conversation_out(conversation, me, others)


def reloaded(message: Message) -> Message:
    return (
        Message.objects.select_related("sender__profile")
        .prefetch_related("attachments")
        .get(pk=message.pk)
    )


# ------------------------------------------------------------------ conversations


@router.get(
    "/conversations",
    response={200: ConversationList, 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="My conversations (inbox or message requests), newest activity first",
)
def list_conversations(
    request,
    box: str = Query("inbox", pattern="^(inbox|requests)$"),
    before: int | None = CURSOR,
    limit: int = Query(services.PAGE_SIZE, ge=1, le=50),
):
    lines = services.conversations_for(request.user, box, before, limit)
    return {
        "results": [conversation_out(line.conversation, line.me, line.others) for line in lines],
        "next_before": lines[-1].conversation.last_message_id if len(lines) == limit else None,
    }


@router.post(
    "/conversations",
    response={
        201: StartedOut,
        400: ErrorOut,
        **WRITE,
        409: ErrorOut,
        422: ErrorOut | PIIErrorOut,
        429: ErrorOut,
    },
    auth=writer,
    summary="Start a conversation with a first message (continues an existing one-to-one)",
)
def start(request, payload: StartIn):
    handles = list(dict.fromkeys(h.strip().lower() for h in payload.participants if h.strip()))
    people, unknown = find_people(request.user, handles)
    if unknown or not handles:
        return Status(404, {"detail": f"No member found with the handle “{(unknown or [''])[0]}”."})
    body = payload.body.strip()
    pii = pii_refusal(body, payload.confirm_pii)
    if pii:
        return pii
    try:
        conversation, message = services.start_conversation(
            request.user, people, body, name=payload.name
        )
    except ValidationError as error:
        return refused(error)
    return Status(
        201,
        {
            "conversation": one_conversation_out(request.user, conversation),
            "message": message_out(reloaded(message)),
        },
    )


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationPage, **READ},
    auth=signed_in,
    summary="One conversation with a page of messages (keyset on the message id)",
)
def get_conversation(
    request,
    conversation_id: int = ID,
    before: int | None = CURSOR,
    after: int | None = Query(None, ge=0, le=2**62),
    limit: int = Query(services.PAGE_SIZE, ge=1, le=100),
):
    conversation = visible(request, conversation_id)
    page = services.messages_page(
        request.user, conversation, before=before, after=after, limit=limit
    )
    newest = page[-1].pk if page else 0
    return {
        "conversation": one_conversation_out(request.user, conversation),
        "messages": [message_out(m) for m in page],
        "next_before": page[0].pk if len(page) == limit and after is None else None,
        "seen_by": services.seen_by(request.user, conversation, newest) if newest else [],
    }


@router.patch(
    "/conversations/{conversation_id}",
    response={200: ConversationOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Rename a group conversation",
)
def rename(request, payload: RenameIn, conversation_id: int = ID):
    conversation = visible(request, conversation_id)
    try:
        services.rename(request.user, conversation, payload.name)
    except ValidationError as error:
        return refused(error)
    return one_conversation_out(request.user, conversation)


def _act(request, conversation_id: int, action, *args):
    conversation = visible(request, conversation_id)
    try:
        action(request.user, conversation, *args)
    except ValidationError as error:
        return refused(error)
    return conversation


ACT_RESPONSES = {**WRITE, 409: ErrorOut}


@router.post(
    "/conversations/{conversation_id}/accept",
    response={200: ConversationOut, **ACT_RESPONSES},
    auth=writer,
    summary="Accept a message request (the conversation moves to my inbox)",
)
def accept(request, conversation_id: int = ID):
    done = _act(request, conversation_id, services.accept_request)
    if isinstance(done, Status):
        return done
    return one_conversation_out(request.user, done)


@router.post(
    "/conversations/{conversation_id}/refuse",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Refuse a message request (the sender cannot write into it again; not told)",
)
def refuse(request, conversation_id: int = ID):
    done = _act(request, conversation_id, services.refuse_request)
    return done if isinstance(done, Status) else Status(204, None)


@router.post(
    "/conversations/{conversation_id}/leave",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Leave a group conversation (its history up to now stays readable)",
)
def leave(request, conversation_id: int = ID):
    done = _act(request, conversation_id, services.leave)
    return done if isinstance(done, Status) else Status(204, None)


@router.put(
    "/conversations/{conversation_id}/mute",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Mute a conversation (no notifications; unread counts still move)",
)
def mute(request, conversation_id: int = ID):
    done = _act(request, conversation_id, services.set_muted, True)
    return done if isinstance(done, Status) else Status(204, None)


@router.delete(
    "/conversations/{conversation_id}/mute",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Unmute a conversation",
)
def unmute(request, conversation_id: int = ID):
    done = _act(request, conversation_id, services.set_muted, False)
    return done if isinstance(done, Status) else Status(204, None)


@router.post(
    "/conversations/{conversation_id}/read",
    response={200: MessagingUnreadOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Mark messages read up to one message (default: the newest)",
)
def mark_read(request, payload: ReadIn, conversation_id: int = ID):
    done = _act(request, conversation_id, services.mark_read, payload.message_id)
    if isinstance(done, Status):
        return done
    return unread(request)


# ------------------------------------------------------------------ messages


MESSAGE_RESPONSES = {201: MessageOut, **WRITE, 409: ErrorOut, 422: ErrorOut | PIIErrorOut}


@router.post(
    "/conversations/{conversation_id}/messages",
    response=MESSAGE_RESPONSES,
    auth=writer,
    summary="Send a message",
)
def send(request, payload: SendIn, conversation_id: int = ID):
    conversation = visible(request, conversation_id)
    body = payload.body.strip()
    pii = pii_refusal(body, payload.confirm_pii)
    if pii:
        return pii
    try:
        message = services.send_message(request.user, conversation, body)
    except ValidationError as error:
        return refused(error)
    return Status(201, message_out(reloaded(message)))


@router.post(
    "/conversations/{conversation_id}/attachments",
    response={**MESSAGE_RESPONSES, 413: ErrorOut},
    auth=writer,
    summary="Send a message with files (multipart: pictures or PDFs, 4 at most)",
)
def send_files(
    request,
    conversation_id: int = ID,
    files: list[UploadedFile] = File(
        ...,
        min_length=1,
        max_length=services.MAX_ATTACHMENTS,
        description="Pictures (JPEG, PNG, WebP, GIF) or PDFs.",
    ),
    body: str = Form("", max_length=BODY_MAX_LENGTH),
    confirm_pii: bool = Form(False),
):
    conversation = visible(request, conversation_id)
    body = body.strip()
    pii = pii_refusal(body, confirm_pii)
    if pii:
        return pii
    try:
        prepared = services.prepare_attachments(files)
        message = services.send_message(request.user, conversation, body, files=prepared)
    except ValidationError as error:
        return refused(error)
    return Status(201, message_out(reloaded(message)))


@router.delete(
    "/conversations/{conversation_id}/messages/{message_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my own message (everyone then sees “message deleted”)",
)
def delete_message(request, conversation_id: int = ID, message_id: int = ID):
    conversation = visible(request, conversation_id)
    message = get_object_or_404(
        Message.objects.visible_to(request.user).filter(conversation=conversation), pk=message_id
    )
    try:
        services.delete_message(request.user, message)
    except ValidationError as error:
        return refused(error)
    return Status(204, None)


# ------------------------------------------------------------------ search and counts


@router.get(
    "/search",
    response={200: list[MessageOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Search my messages (only conversations I am or was in, newest first)",
)
def search(request, q: str = Query(..., min_length=1, max_length=100)):
    found = (
        Message.objects.filter(pk__in=[m.pk for m in services.search(request.user, q)])
        .select_related("sender__profile")
        .prefetch_related("attachments")
        .order_by("-pk")
    )
    return [message_out(m) for m in found]


@router.get(
    "/unread",
    response={200: MessagingUnreadOut, 401: ErrorOut},
    auth=signed_in,
    summary="How many conversations have unread messages; how many requests wait",
)
def unread(request):
    return {
        "unread_conversations": services.unread_conversations(request.user),
        "requests": services.pending_requests(request.user),
    }
