"""The privacy app's queued work; each task takes an id and reads the rest when it
runs (links are built then, nothing secret is stored in the task row)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_tasks import task

from tremplin.core import email


def moment(value: datetime | None) -> str:
    """A date and a time as a sentence shows them, in the active language ("19 décembre
    2026, 16:02"; "Dec. 19, 2026, 16:02"): the time of day never ends in a period."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{formats.date_format(local, 'DATE_FORMAT')}, {formats.time_format(local, 'H:i')}"


@task()
def build_archive(archive_id: int) -> None:
    """Build the archive, store it privately, email the member. Idempotent: an archive
    no longer pending is left alone."""
    from tremplin.privacy.archive import build_into_storage
    from tremplin.privacy.models import Archive, ArchiveStatus
    from tremplin.privacy.services import archive_ready
    from tremplin.privacy.storage import archive_storage

    archive = (
        Archive.objects.select_related("user")
        .filter(pk=archive_id, status=ArchiveStatus.PENDING)
        .first()
    )
    if archive is None or not archive.user.is_active:
        return
    storage = archive_storage()
    name, size = build_into_storage(archive.user, storage)
    with transaction.atomic():
        fresh = Archive.objects.select_for_update().filter(pk=archive_id).first()
        if fresh is None or fresh.status != ArchiveStatus.PENDING:
            storage.delete(name)
            return
        archive_ready(fresh, name, size)
    user = archive.user
    with translation.override(user.language):
        path = reverse("privacy:home")
        until = moment(fresh.expires_at)
    email.send(
        user.email, "privacy/email/archive_ready", {"path": path, "until": until}, user.language
    )


def _deletion_email(request_id: int, template: str) -> None:
    from tremplin.privacy.models import DeletionRequest

    request = DeletionRequest.objects.select_related("user").filter(pk=request_id).first()
    if request is None or not request.user.is_active:
        return
    user = request.user
    with translation.override(user.language):
        path = reverse("privacy:home")
        due = moment(request.due_at)
    email.send(user.email, template, {"path": path, "due": due}, user.language)


@task()
def deletion_scheduled_email(request_id: int) -> None:
    from tremplin.privacy.models import DeletionRequest, DeletionStatus

    if DeletionRequest.objects.filter(pk=request_id, status=DeletionStatus.SCHEDULED).exists():
        _deletion_email(request_id, "privacy/email/deletion_scheduled")


@task()
def deletion_cancelled_email(request_id: int) -> None:
    _deletion_email(request_id, "privacy/email/deletion_cancelled")
