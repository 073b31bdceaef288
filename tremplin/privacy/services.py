"""The member's rights over their data: ask for an archive, schedule or cancel the
deletion of their account; the clock erases due accounts and prunes old archives.

What an archive holds and what an erasure does come from the registry every app fills
(`tremplin.core.personal_data`); this module never names a domain app.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core import personal_data
from tremplin.privacy import tasks
from tremplin.privacy.models import Archive, ArchiveStatus, DeletionRequest, DeletionStatus
from tremplin.privacy.personal_data import scrub_traces
from tremplin.privacy.refusals import PrivacyRefusal
from tremplin.privacy.storage import archive_storage

logger = logging.getLogger(__name__)

# A member may download an archive for this many days after it is ready.
ARCHIVE_DAYS = getattr(settings, "PRIVACY_ARCHIVE_DAYS", 7)
# Between the request and the erasure: the member may cancel.
GRACE_DAYS = getattr(settings, "PRIVACY_DELETION_GRACE_DAYS", 14)
# An archive still being prepared after this long is marked failed (a lost task).
STALE_PENDING = timedelta(days=1)


# ------------------------------------------------------------------ archives


def request_archive(user: Any) -> Archive:
    """Queue the building of an archive; one request at a time per member."""
    if Archive.objects.filter(user=user, status=ArchiveStatus.PENDING).exists():
        raise PrivacyRefusal(
            _("Your archive is already being prepared: we will email you when it is ready."),
            code="pending",
        )
    try:
        with transaction.atomic():
            archive = Archive.objects.create(user=user)
    except IntegrityError:  # two requests at once: the constraint keeps one
        raise PrivacyRefusal(
            _("Your archive is already being prepared: we will email you when it is ready."),
            code="pending",
        ) from None
    archive_id = archive.pk
    transaction.on_commit(lambda: tasks.build_archive.enqueue(archive_id))
    return archive


def archive_ready(archive: Archive, file_name: str, size: int) -> None:
    """Record a built archive; the member's older archives expire at once (their files
    go; their rows say "expired" until the clock prunes them)."""
    now = timezone.now()
    older = list(
        Archive.objects.filter(user_id=archive.user_id).exclude(pk=archive.pk).exclude(file_name="")
    )
    personal_data.delete_files_on_commit([a.file_name for a in older], archive_storage())
    Archive.objects.filter(pk__in=[a.pk for a in older]).update(
        status=ArchiveStatus.EXPIRED, file_name="", expires_at=now
    )
    archive.status = ArchiveStatus.READY
    archive.file_name = file_name
    archive.size = size
    archive.ready_at = now
    archive.expires_at = now + timedelta(days=ARCHIVE_DAYS)
    archive.save(update_fields=["status", "file_name", "size", "ready_at", "expires_at"])


def downloadable_or_refuse(user: Any, archive: Archive) -> Archive:
    if not archive.is_downloadable:
        raise PrivacyRefusal(
            _("This archive is no longer available: ask for a new one."), code="expired"
        )
    Archive.objects.filter(pk=archive.pk).update(downloaded_at=timezone.now())
    return archive


def prune_archives() -> int:
    """Expired archives lose their file and their row; a request stuck being prepared
    for a day is marked failed (so the member may ask again). Periodic work."""
    now = timezone.now()
    expired = list(Archive.objects.filter(expires_at__lte=now))
    personal_data.delete_files_on_commit([a.file_name for a in expired], archive_storage())
    gone, _by_model = Archive.objects.filter(pk__in=[a.pk for a in expired]).delete()
    failed = Archive.objects.filter(
        status=ArchiveStatus.PENDING, requested_at__lt=now - STALE_PENDING
    ).update(status=ArchiveStatus.FAILED)
    old_failed, _by_model = Archive.objects.filter(
        status=ArchiveStatus.FAILED, requested_at__lt=now - timedelta(days=ARCHIVE_DAYS)
    ).delete()
    return gone + failed + old_failed


# ------------------------------------------------------------------ deletion


def scheduled_deletion(user: Any) -> DeletionRequest | None:
    return DeletionRequest.objects.scheduled().filter(user=user).first()


@transaction.atomic
def schedule_deletion(user: Any, *, by_admin: bool = False) -> DeletionRequest:
    """The account will be erased after the grace period unless the member cancels;
    they are told by email with the date and how to cancel."""
    if scheduled_deletion(user) is not None:
        raise PrivacyRefusal(_("Your account is already scheduled for deletion."), code="pending")
    request = DeletionRequest.objects.create(
        user=user, due_at=timezone.now() + timedelta(days=GRACE_DAYS), by_admin=by_admin
    )
    request_id = request.pk
    transaction.on_commit(lambda: tasks.deletion_scheduled_email.enqueue(request_id))
    return request


@transaction.atomic
def cancel_deletion(user: Any) -> DeletionRequest:
    request = DeletionRequest.objects.select_for_update().scheduled().filter(user=user).first()
    if request is None:
        raise PrivacyRefusal(_("Your account is not scheduled for deletion."), code="not_found")
    request.status = DeletionStatus.CANCELLED
    request.cancelled_at = timezone.now()
    request.save(update_fields=["status", "cancelled_at"])
    request_id = request.pk
    transaction.on_commit(lambda: tasks.deletion_cancelled_email.enqueue(request_id))
    return request


def identity_of(user: Any) -> list[str]:
    """What names the member in free text: their addresses and their name."""
    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return [user.email, *sorted(addresses - {user.email}), user.display_name]


def erase(request_id: int) -> bool:
    """Erase the account of a scheduled request: every app's eraser, from the top
    layer down, in one transaction (files go after the commit). Idempotent: a request
    no longer scheduled is left alone. Returns True when it erased."""
    with transaction.atomic():
        request = (
            DeletionRequest.objects.select_for_update()
            .select_related("user")
            .filter(pk=request_id, status=DeletionStatus.SCHEDULED)
            .first()
        )
        if request is None:
            return False
        names = identity_of(request.user)
        counts = {}
        for entry in personal_data.erasers():
            counts[entry.section] = entry.erased(request.user)
        counts["traces"] = scrub_traces(names)
        request.status = DeletionStatus.DONE
        request.erased_at = timezone.now()
        request.counts = counts
        request.save(update_fields=["status", "erased_at", "counts"])
    return True


def erase_now(user: Any) -> bool:
    """The admin's deletion: the same path with no grace period (a scheduled request
    is brought forward; otherwise one is made due now)."""
    with transaction.atomic():
        request = scheduled_deletion(user) or DeletionRequest.objects.create(
            user=user, due_at=timezone.now(), by_admin=True
        )
        DeletionRequest.objects.filter(pk=request.pk).update(due_at=timezone.now())
    return erase(request.pk)


def erase_due() -> int:
    """Periodic work: erase every account whose grace period has ended. One account that
    fails (its transaction rolls back, it stays scheduled for the next round) does not
    hold back the others; the log names the request, never the member."""
    due = DeletionRequest.objects.scheduled().filter(due_at__lte=timezone.now())
    erased = 0
    for pk in due.values_list("pk", flat=True):
        try:
            erased += erase(pk)
        except Exception:
            logger.exception("privacy: erasing deletion request %s failed; retried next round", pk)
    return erased
