"""Live delivery of messaging events, run after commit (`push_after_commit`). Each push
takes ids, reads the current rows and pushes to every open tab of every participant in
one loop of group_send calls. Repeating a push only repeats a notice: safe.

Payloads carry ids, never message text: the page fetches the rendered message over HTTP
through `Message.objects.visible_to`, so a payload can reveal nothing.
"""

from __future__ import annotations

from tremplin.core.realtime import send_to_user
from tremplin.messaging.models import Message
from tremplin.messaging.queries import active_participant_ids, unread_by_user


def push_message(message_id: int, event: str) -> None:
    message = Message.objects.filter(pk=message_id).values("conversation_id", "sender_id").first()
    if message is None:
        return
    user_ids = active_participant_ids(message["conversation_id"], message["sender_id"])
    unread = unread_by_user(user_ids)
    for user_id in user_ids:
        send_to_user(
            user_id,
            {
                "type": "message",
                "event": event,
                "conversation": message["conversation_id"],
                "message": message_id,
                "mine": user_id == message["sender_id"],
                "unread_conversations": unread[user_id],
            },
        )


def push_conversation(conversation_id: int, event: str, actor_ids: list[int]) -> None:
    """A change to the conversation itself (read, renamed, left, accepted, refused). The
    actors' own tabs get it too (their badge changes), even when they are no longer in."""
    actor = actor_ids[0] if actor_ids else None
    user_ids = sorted(set(active_participant_ids(conversation_id, actor)) | set(actor_ids))
    unread = unread_by_user(user_ids)
    for user_id in user_ids:
        send_to_user(
            user_id,
            {
                "type": "conversation",
                "event": event,
                "conversation": conversation_id,
                "unread_conversations": unread[user_id],
            },
        )
