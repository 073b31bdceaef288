"""Messaging over the API: the same actions as the pages (`services.py`); conversations
and messages are found only through their `visible_to`, so anything else is a 404."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Path, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, ErrorOut, PIIErrorOut
from tremplin.core.pii import kinds
from tremplin.core.uploads import accepts_files
from tremplin.messaging import queries, services
from tremplin.messaging.attachments import MAX_ATTACHMENTS, PDF_MAX_BYTES, prepare_attachments
from tremplin.messaging.models import BODY_MAX_LENGTH, Conversation
from tremplin.messaging.schemas import (
    ConversationList,
    ConversationOut,
    ConversationPage,
    MessageOut,
    MessagingUnreadOut,
    ReadIn,
    RenameIn,
    SendIn,
    StartedOut,
    StartIn,
    conversation_out,
    message_out,
)

router = Router(tags=["messaging"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ID = Path(..., ge=1, le=2_147_483_647)
CURSOR = Query(None, ge=1, le=2**62)


# ------------------------------------------------------------------ helpers


def pii_refusal(body: str, confirmed: bool) -> Status | None:
    """The PII guard's 422, naming what it found (None when nothing, or confirmed)."""
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


def one_conversation_out(user: Any, conversation: Conversation) -> dict[str, Any]:
    conversation.refresh_from_db()
    me = queries.participant_or_404(user, conversation)
    return conversation_out(conversation, me, queries.others_in(conversation, user))


# ------------------------------------------------------------------ conversations


@router.get(
    "/conversations",
    response={200: ConversationList, 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="My conversations (inbox or message requests), newest activity first",
)
def list_conversations(
    request: HttpRequest,
    box: str = Query("inbox", pattern="^(inbox|requests)$"),
    before: int | None = CURSOR,
    limit: int = Query(queries.PAGE_SIZE, ge=1, le=50),
) -> dict[str, Any]:
    lines = queries.conversations(request.user, box, before, limit)
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
def start(request: HttpRequest, payload: StartIn) -> Status:
    handles = list(dict.fromkeys(h.strip().lower() for h in payload.participants if h.strip()))
    people, unknown = queries.find_people(request.user, handles)
    if unknown or not handles:
        return Status(404, {"detail": f"No member found with the handle “{(unknown or [''])[0]}”."})
    body = payload.body.strip()
    pii = pii_refusal(body, payload.confirm_pii)
    if pii:
        return pii
    conversation, message = services.start_conversation(
        request.user, people, body, name=payload.name
    )
    return Status(
        201,
        {
            "conversation": one_conversation_out(request.user, conversation),
            "message": message_out(queries.message_for_display(message.pk)),
        },
    )


@router.get(
    "/conversations/{conversation_id}",
    response={200: ConversationPage, **READ},
    auth=signed_in,
    summary="One conversation with a page of messages (keyset on the message id)",
)
def get_conversation(
    request: HttpRequest,
    conversation_id: int = ID,
    before: int | None = CURSOR,
    after: int | None = Query(None, ge=0, le=2**62),
    limit: int = Query(queries.PAGE_SIZE, ge=1, le=100),
) -> dict[str, Any]:
    conversation = queries.conversation_or_404(request.user, conversation_id)
    page = queries.messages_page(
        request.user, conversation, before=before, after=after, limit=limit
    )
    newest = page[-1].pk if page else 0
    return {
        "conversation": one_conversation_out(request.user, conversation),
        "messages": [message_out(m) for m in page],
        "next_before": page[0].pk if len(page) == limit and after is None else None,
        "seen_by": queries.seen_by(request.user, conversation, newest) if newest else [],
    }


@router.patch(
    "/conversations/{conversation_id}",
    response={200: ConversationOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Rename a group conversation",
)
def rename(request: HttpRequest, payload: RenameIn, conversation_id: int = ID) -> dict[str, Any]:
    conversation = queries.conversation_or_404(request.user, conversation_id)
    services.rename(request.user, conversation, payload.name)
    return one_conversation_out(request.user, conversation)


def _act(request: HttpRequest, conversation_id: int, action: Any, *args: Any) -> Conversation:
    conversation = queries.conversation_or_404(request.user, conversation_id)
    action(request.user, conversation, *args)
    return conversation


ACT_RESPONSES = {**WRITE, 409: ErrorOut}


@router.post(
    "/conversations/{conversation_id}/accept",
    response={200: ConversationOut, **ACT_RESPONSES},
    auth=writer,
    summary="Accept a message request (the conversation moves to my inbox)",
)
def accept(request: HttpRequest, conversation_id: int = ID) -> dict[str, Any]:
    done = _act(request, conversation_id, services.accept_request)
    return one_conversation_out(request.user, done)


@router.post(
    "/conversations/{conversation_id}/refuse",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Refuse a message request (the sender cannot write into it again; not told)",
)
def refuse(request: HttpRequest, conversation_id: int = ID) -> Status:
    _act(request, conversation_id, services.refuse_request)
    return Status(204, None)


@router.post(
    "/conversations/{conversation_id}/leave",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Leave a group conversation (its history up to now stays readable)",
)
def leave(request: HttpRequest, conversation_id: int = ID) -> Status:
    _act(request, conversation_id, services.leave)
    return Status(204, None)


@router.put(
    "/conversations/{conversation_id}/mute",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Mute a conversation (no notifications; unread counts still move)",
)
def mute(request: HttpRequest, conversation_id: int = ID) -> Status:
    _act(request, conversation_id, services.set_muted, True)
    return Status(204, None)


@router.delete(
    "/conversations/{conversation_id}/mute",
    response={204: None, **ACT_RESPONSES},
    auth=writer,
    summary="Unmute a conversation",
)
def unmute(request: HttpRequest, conversation_id: int = ID) -> Status:
    _act(request, conversation_id, services.set_muted, False)
    return Status(204, None)


@router.post(
    "/conversations/{conversation_id}/read",
    response={200: MessagingUnreadOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Mark messages read up to one message (default: the newest)",
)
def mark_read(request: HttpRequest, payload: ReadIn, conversation_id: int = ID) -> dict[str, int]:
    _act(request, conversation_id, services.mark_read, payload.message_id)
    return unread(request)


# ------------------------------------------------------------------ messages


MESSAGE_RESPONSES = {201: MessageOut, **WRITE, 409: ErrorOut, 422: ErrorOut | PIIErrorOut}


@router.post(
    "/conversations/{conversation_id}/messages",
    response=MESSAGE_RESPONSES,
    auth=writer,
    summary="Send a message",
)
def send(request: HttpRequest, payload: SendIn, conversation_id: int = ID) -> Status:
    conversation = queries.conversation_or_404(request.user, conversation_id)
    body = payload.body.strip()
    pii = pii_refusal(body, payload.confirm_pii)
    if pii:
        return pii
    message = services.send_message(request.user, conversation, body)
    return Status(201, message_out(queries.message_for_display(message.pk)))


@router.post(
    "/conversations/{conversation_id}/attachments",
    response={**MESSAGE_RESPONSES, 413: ErrorOut},
    auth=writer,
    summary="Send a message with files (multipart: pictures or PDFs, 4 at most)",
)
@accepts_files(files=MAX_ATTACHMENTS, each=PDF_MAX_BYTES)
def send_files(
    request: HttpRequest,
    conversation_id: int = ID,
    files: list[UploadedFile] = File(
        ...,
        min_length=1,
        max_length=MAX_ATTACHMENTS,
        description="Pictures (JPEG, PNG, WebP, GIF) or PDFs.",
    ),
    body: str = Form("", max_length=BODY_MAX_LENGTH, pattern=TEXT),
    confirm_pii: bool = Form(False),
) -> Status:
    conversation = queries.conversation_or_404(request.user, conversation_id)
    body = body.strip()
    pii = pii_refusal(body, confirm_pii)
    if pii:
        return pii
    prepared = prepare_attachments(files)
    message = services.send_message(request.user, conversation, body, files=prepared)
    return Status(201, message_out(queries.message_for_display(message.pk)))


@router.delete(
    "/conversations/{conversation_id}/messages/{message_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my own message (everyone then sees “message deleted”)",
)
def delete_message(request: HttpRequest, conversation_id: int = ID, message_id: int = ID) -> Status:
    conversation = queries.conversation_or_404(request.user, conversation_id)
    message = queries.message_or_404(request.user, conversation, message_id)
    services.delete_message(request.user, message)
    return Status(204, None)


# ------------------------------------------------------------------ search and counts


@router.get(
    "/search",
    response={200: list[MessageOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Search my messages (only conversations I am or was in, newest first)",
)
def search(
    request: HttpRequest, q: str = Query(..., min_length=1, max_length=100)
) -> list[dict[str, Any]]:
    return [message_out(m) for m in queries.search_results(request.user, q)]


@router.get(
    "/unread",
    response={200: MessagingUnreadOut, 401: ErrorOut},
    auth=signed_in,
    summary="How many conversations have unread messages; how many requests wait",
)
def unread(request: HttpRequest) -> dict[str, int]:
    return {
        "unread_conversations": queries.unread_conversations(request.user),
        "requests": queries.pending_requests(request.user),
    }
