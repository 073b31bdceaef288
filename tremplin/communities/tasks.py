"""Work of communities queued in the database: each task takes ids (and plain values)
and builds its email when it runs, in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from tremplin.communities.models import ModerationAction
from tremplin.core import email
from tremplin.notifications.services import delivery_for


@task()
def tell_author_removed(action_id: int) -> bool:
    """Email the author what a community moderator removed and why (never who). Not
    sent when the member asked for the notification itself by email (that email says
    it)."""
    from tremplin.communities.hooks_moderation import CONTENT_REMOVED
    from tremplin.communities.services.moderation import LABELS

    entry = (
        ModerationAction.objects.select_related("target_user", "community")
        .filter(pk=action_id, action=ModerationAction.Action.REMOVE_CONTENT)
        .first()
    )
    author = entry.target_user if entry is not None else None
    if entry is None or author is None or not author.is_active or not author.email:
        return False
    if delivery_for(author, CONTENT_REMOVED) == "email":
        return False
    language = author.language or settings.LANGUAGE_CODE
    with translation.override(language):
        kind = entry.target.split(":")[0]
        context = {
            "entry": entry,
            "what": str(LABELS.get(kind, kind)),
            "community_name": entry.community.name,
            "notice_url": settings.SITE_URL.rstrip("/") + reverse("communities:my_removals"),
        }
    email.send(author.email, "communities/email/removed", context, language)
    return True


@task()
def send_digests(batch: list[list[Any]]) -> int:
    """One batch of digests: [[membership id, since (ISO 8601)]]."""
    from tremplin.communities.services.digest import send_batch

    return send_batch(batch)
