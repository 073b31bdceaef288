"""Every action on the vault. Pages and the API call these functions; each checks who
may act, changes rows in one transaction and schedules its side effects after commit
(notifications are recorded inside the transaction, as `notify` asks).

Files: a checked upload is written to the vault storage under a random name before
its row is created; if anything then fails, the file is deleted before the error goes
up, so a refusal leaves no row and no file. Deleting a document removes its files once
the deletion has committed.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from tremplin.core.refusals import Refusal
from tremplin.core.viewer import viewer_of
from tremplin.counselling.models import Scope
from tremplin.mentoring.models import is_mentor_of
from tremplin.notifications.services import notify
from tremplin.vault.hooks import DOCUMENT_COMMENT, DOCUMENT_SHARED
from tremplin.vault.models import (
    COMMENT_MAX_LENGTH,
    SHARE_TRANSITIONS,
    TITLE_MAX_LENGTH,
    AccessLog,
    Document,
    DocumentKind,
    DocumentVersion,
    ReviewComment,
    Share,
    ShareState,
    ShareVia,
    hash_token,
)
from tremplin.vault.queries import quota_used
from tremplin.vault.storage import vault_storage
from tremplin.vault.uploads import MB, CheckedFile, check_upload, quota_bytes

LINK_MIN_DAYS = 1
LINK_MAX_DAYS = 90
LINK_DEFAULT_DAYS = 7


class VaultError(Refusal):
    """A refused action; its `code` gives the answer's status (core.refusals)."""

    area = "vault"


# ------------------------------------------------------------------ helpers


def _lock_owner(owner: Any) -> None:
    # Serialises one owner's uploads, so two at once cannot both pass the quota check.
    get_user_model().objects.select_for_update().filter(pk=owner.pk).first()


def _check_quota(owner: Any, extra: int) -> None:
    limit = quota_bytes()
    used = quota_used(owner)
    if used + extra > limit:
        raise VaultError(
            _(
                "Your vault is full: %(used)s MB of %(limit)d MB used. "
                "Delete a document or old versions to make room."
            )
            % {"used": number_format(used / MB, 1), "limit": limit // MB},
            code="over_quota",
        )


def _clean_title(title: str) -> str:
    if "\x00" in (title or ""):
        raise VaultError(_("Null characters are not allowed."), code="invalid")
    title = " ".join((title or "").split())
    if not title:
        raise VaultError(_("Give the document a title."), code="invalid")
    if len(title) > TITLE_MAX_LENGTH:
        raise VaultError(
            _("The title is too long: %(max)d characters at most.") % {"max": TITLE_MAX_LENGTH},
            code="invalid",
        )
    return title


def _clean_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise VaultError(_("Choose a kind of document from the list."), code="invalid")
    return kind


def _own(user: Any, document: Document) -> None:
    if user is None or document.owner_id != user.pk:
        raise VaultError(_("Only the owner of the document may do this."), code="forbidden")


def _delete_files(names: list[str]) -> None:
    storage = vault_storage()
    for name in names:
        storage.delete(name)


def _add_version(
    document: Document,
    checked: CheckedFile,
    by: Any,
    stored: list[str],
    *,
    restored_from: int | None = None,
) -> DocumentVersion:
    """Write the file under a random name, then its row (inside the caller's atomic
    block; the caller deletes `stored` if the block fails)."""
    name = vault_storage().save(f"vault/{uuid.uuid4().hex}", ContentFile(checked.content))
    stored.append(name)
    last = document.versions.order_by("-number").values_list("number", flat=True).first()
    version = DocumentVersion.objects.create(
        document=document,
        number=(last or 0) + 1,
        file_name=name,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
        restored_from=restored_from,
    )
    Document.objects.filter(pk=document.pk).update(updated=timezone.now())
    return version


# ------------------------------------------------------------------ documents


def upload_document(
    owner: Any, upload: Any, *, title: str, kind: str = DocumentKind.CV
) -> Document:
    title = _clean_title(title)
    kind = _clean_kind(kind)
    checked = check_upload(upload)
    stored: list[str] = []
    try:
        with transaction.atomic():
            _lock_owner(owner)
            _check_quota(owner, checked.size)
            document = Document.objects.create(owner=owner, title=title, kind=kind)
            _add_version(document, checked, owner, stored)
    except BaseException:
        _delete_files(stored)
        raise
    return document


def add_version(user: Any, document: Document, upload: Any) -> DocumentVersion:
    """A new upload of the same document: the earlier versions stay in its history."""
    _own(user, document)
    checked = check_upload(upload)
    stored: list[str] = []
    try:
        with transaction.atomic():
            _lock_owner(document.owner)
            _check_quota(document.owner, checked.size)
            version = _add_version(document, checked, user, stored)
    except BaseException:
        _delete_files(stored)
        raise
    return version


def restore_version(user: Any, document: Document, number: int) -> DocumentVersion:
    """Restoring makes a new version with the old content (history is never rewritten)."""
    _own(user, document)
    old = document.versions.filter(number=number).first()
    if old is None:
        raise VaultError(_("This version does not exist."), code="not_found")
    with vault_storage().open(old.file_name, "rb") as handle:
        content = handle.read()
    checked = CheckedFile(content, old.content_type, old.original_name)
    stored: list[str] = []
    try:
        with transaction.atomic():
            _lock_owner(document.owner)
            _check_quota(document.owner, checked.size)
            version = _add_version(document, checked, user, stored, restored_from=old.number)
    except BaseException:
        _delete_files(stored)
        raise
    return version


@transaction.atomic
def rename_document(
    user: Any, document: Document, *, title: str, kind: str | None = None
) -> Document:
    _own(user, document)
    document.title = _clean_title(title)
    if kind is not None:
        document.kind = _clean_kind(kind)
    document.save(update_fields=["title", "kind", "updated"])
    return document


@transaction.atomic
def delete_document(user: Any, document: Document) -> None:
    """Deletes the document, its versions, shares, log and comments; the files go once
    the deletion has committed."""
    _own(user, document)
    names = list(document.versions.values_list("file_name", flat=True))
    document.delete()
    transaction.on_commit(lambda: _delete_files(names))


# ------------------------------------------------------------------ sharing


def share_with(owner: Any, document: Document, recipient: Any) -> Share:
    """Share with one of my counsellors (an active case granting the documents scope),
    my mentor (an active mentorship) or one of my connections. A counsellor's share
    lasts while the scope does, a mentor's while the mentorship is active. When the
    recipient is several of these, the first in that order is recorded."""
    _own(owner, document)
    not_eligible = VaultError(
        _(
            "You can share a document only with one of your counsellors, your mentor or "
            "your connections."
        ),
        code="not_eligible",
    )
    if recipient is None or recipient.pk == owner.pk:
        raise not_eligible
    member = viewer_of(owner)
    if member.blocks_either_way(recipient.pk):
        raise not_eligible
    if viewer_of(recipient).counsels(owner.pk, Scope.DOCUMENTS):
        via = ShareVia.COUNSELLOR
    elif is_mentor_of(recipient, owner):
        via = ShareVia.MENTOR
    elif member.is_connected_to(recipient.pk):
        via = ShareVia.CONNECTION
    else:
        raise not_eligible
    try:
        with transaction.atomic():
            share = Share.objects.create(
                document=document, via=via, to_user=recipient, created_by=owner
            )
            notify(recipient, DOCUMENT_SHARED, actor=owner, target=document)
    except IntegrityError:
        raise VaultError(
            _("This document is already shared with this person."), code="conflict"
        ) from None
    return share


@transaction.atomic
def share_by_link(
    owner: Any, document: Document, *, days: int = LINK_DEFAULT_DAYS
) -> tuple[Share, str]:
    """A link anyone holding it may download with until it expires or is revoked. Only
    the token's hash is kept: the token is returned here, once."""
    _own(owner, document)
    if not isinstance(days, int) or not LINK_MIN_DAYS <= days <= LINK_MAX_DAYS:
        raise VaultError(
            _("A link lasts from %(min)d to %(max)d days.")
            % {"min": LINK_MIN_DAYS, "max": LINK_MAX_DAYS},
            code="invalid",
        )
    token = secrets.token_urlsafe(32)
    share = Share.objects.create(
        document=document,
        via=ShareVia.LINK,
        token_hash=hash_token(token),
        expires_at=timezone.now() + timedelta(days=days),
        created_by=owner,
    )
    return share, token


@transaction.atomic
def revoke(owner: Any, share: Share) -> Share:
    _own(owner, share.document)
    SHARE_TRANSITIONS.check(
        share.state, ShareState.REVOKED, VaultError, _("This share is already revoked.")
    )
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    return share


# ------------------------------------------------------------------ access and review


def record_access(
    document: Document, version: DocumentVersion, *, user: Any = None, share: Share | None = None
) -> None:
    """Log an opening of the file by anyone but the owner."""
    if user is not None and user.is_authenticated and user.pk == document.owner_id:
        return
    AccessLog.objects.create(
        document=document,
        version=version,
        user=user if user is not None and user.is_authenticated else None,
        share=share,
    )


def prune_access_log(cutoff: Any) -> int:
    """Openings older than the access log's retention (`TREMPLIN_ACCESS_LOG_KEPT_DAYS`,
    applied by `tremplin.privacy.access.prune`, periodic work)."""
    deleted, _by_model = AccessLog.objects.filter(created__lt=cutoff).delete()
    return deleted


@transaction.atomic
def comment(author: Any, document: Document, body: str) -> ReviewComment:
    """A review comment by the owner or a counsellor the document is shared with."""
    if not document.is_reviewable_by(author):
        raise VaultError(
            _("Only the owner and the counsellors it is shared with may comment."),
            code="forbidden",
        )
    body = (body or "").strip()
    if not body:
        raise VaultError(_("Write a comment."), code="invalid")
    if len(body) > COMMENT_MAX_LENGTH:
        raise VaultError(
            _("The comment is too long: %(max)d characters at most.") % {"max": COMMENT_MAX_LENGTH},
            code="invalid",
        )
    found = ReviewComment.objects.create(
        document=document, version=document.current_version(), author=author, body=body
    )
    if author.pk != document.owner_id:
        recipients = [document.owner]
    else:
        # The owner answers: tell the reviewers of the thread who may still see it.
        ids = (
            ReviewComment.objects.filter(document=document)
            .exclude(author=document.owner)
            .values_list("author", flat=True)
            .distinct()
        )
        recipients = [
            u for u in get_user_model().objects.filter(pk__in=ids) if document.is_reviewable_by(u)
        ]
    for recipient in recipients:
        notify(
            recipient,
            DOCUMENT_COMMENT,
            actor=author,
            target=document,
            group_key=f"document_comment:{document.pk}",
            data={"excerpt": body[:140]},
        )
    return found
