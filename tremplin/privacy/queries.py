"""The read path of the privacy pages and API: a member sees only their own archives
and deletion requests (nobody else, administrators included)."""

from __future__ import annotations

from typing import Any

from tremplin.core.reads import visible_or_404
from tremplin.privacy.models import Archive, DeletionRequest


def latest_archive(viewer: Any) -> Archive | None:
    return Archive.objects.visible_to(viewer).first()


def archive_or_404(viewer: Any, archive_id: int) -> Archive:
    return visible_or_404(Archive.objects.visible_to(viewer), pk=archive_id)


def scheduled_deletion(viewer: Any) -> DeletionRequest | None:
    return DeletionRequest.objects.visible_to(viewer).scheduled().first()


def overview(viewer: Any) -> dict[str, Any]:
    return {"archive": latest_archive(viewer), "deletion": scheduled_deletion(viewer)}
