"""What the messaging app holds about a member: the conversations they are in (with the
other participants' names), the messages they sent and the attachments of those.

Erased: the text of every message they sent and its attachments (files included); each
message stays in its conversation as a deleted message of the deleted member, so the
others' replies keep their context. They leave every conversation; a group they created
loses the name they gave it and no longer names
its creator."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tremplin.core.files import clean_filename
from tremplin.core.personal_data import ArchiveFile, delete_files_on_commit, when
from tremplin.messaging.models import Attachment, Conversation, Message, Participant


def export(user: Any) -> dict[str, Any]:
    rows = Participant.objects.filter(user=user).select_related("conversation")
    conversations = []
    for row in rows:
        others = (
            Participant.objects.filter(conversation=row.conversation)
            .exclude(user=user)
            .select_related("user__profile")
        )
        sent = Message.objects.filter(conversation=row.conversation, sender=user).order_by(
            "created", "pk"
        )
        conversations.append(
            {
                "id": row.conversation_id,
                "name": row.conversation.name,
                "with": [other.user.display_name for other in others],
                "joined_at": when(row.joined_at),
                "left_at": when(row.left_at),
                "messages_sent": [
                    {
                        "id": m.pk,
                        "body": m.body,
                        "created": when(m.created),
                        "deleted_at": when(m.deleted_at),
                        "attachments": [a.original_name for a in m.attachments.all()],
                    }
                    for m in sent.prefetch_related("attachments")
                ],
            }
        )
    return {"conversations": conversations}


def files(user: Any) -> list[ArchiveFile]:
    return [
        ArchiveFile(
            f"attachments/{a.pk}-{clean_filename(a.original_name)}",
            str(a.file.name),
            a.file.storage,
        )
        for a in Attachment.objects.filter(message__sender=user)
        if a.file
    ]


def erase(user: Any) -> int:
    attachments = list(Attachment.objects.filter(message__sender=user))
    for attachment in attachments:
        delete_files_on_commit([attachment.file.name], attachment.file.storage)
    changed = Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()[0]
    now = timezone.now()
    changed += Message.objects.filter(sender=user, deleted_at__isnull=True).update(deleted_at=now)
    changed += Message.objects.filter(sender=user).update(body="")
    changed += Participant.objects.filter(user=user, left_at__isnull=True).update(
        left_at=now, unread=0
    )
    changed += Participant.objects.filter(requested_by=user).update(requested_by=None)
    # A group's name is the words of who created it.
    changed += Conversation.objects.filter(created_by=user).update(created_by=None, name="")
    return changed
