"""The vault over the API (/api/v1/vault/). Each endpoint calls the same action as the
pages (`services.py`) and finds documents only through `queries.py`
(`Document.objects.visible_to`): whatever the caller may not see answers 404.
Owner-only actions answer 403 to the others who may see the document. A refusal is
answered by the API's handler from `tremplin.core.refusals.STATUSES`; bad uploads: 413
(too large) or 422 (empty, wrong type, damaged, over quota), with `{"detail": ...}` and
nothing stored."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import FILLED_TEXT, ErrorOut
from tremplin.core.uploads import accepts_files
from tremplin.counselling.queries import member_or_none
from tremplin.vault import queries, services
from tremplin.vault.models import TITLE_MAX_LENGTH, Document, DocumentKind, DocumentVersion, Share
from tremplin.vault.queries import PAGE_SIZE
from tremplin.vault.schemas import (
    AccessOut,
    DocumentOut,
    DocumentRenameIn,
    LinkIn,
    LinkOut,
    ReviewCommentIn,
    ReviewCommentOut,
    ShareIn,
    ShareOut,
    VersionOut,
)
from tremplin.vault.storage import file_response
from tremplin.vault.uploads import DOCX, JPEG, ODT, PDF

router = Router(tags=["vault"])

ID = Path(..., ge=1, le=2_147_483_647)
OFFSET = Query(0, ge=0, le=100_000, description="How many to skip.")
LIMIT = Query(PAGE_SIZE, ge=1, le=200, description="How many to return (at most 200).")
# 422 also answers malformed path parameters; 400 a body that is not JSON.
# 403 (code `not_granted`): a counsellor the client shared the document with, whose case
# no longer grants the documents scope (withdrawn or paused; core.consent).
READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
OWNER_READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
UPLOAD = {**WRITE, 413: ErrorOut}
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The file, as an attachment (never cached).",
            "content": {
                kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in (PDF, DOCX, ODT, JPEG)
            },
        }
    }
}


def version_out(version: DocumentVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "original_name": version.original_name,
        "content_type": version.content_type,
        "size": version.size,
        "sha256": version.sha256,
        "created": version.created,
        "restored_from": version.restored_from,
        "download_url": reverse(
            "api:vault_download",
            kwargs={"document_id": version.document_id, "number": version.number},
        ),
    }


def document_out(document: Document, viewer: Any) -> dict[str, Any]:
    # Works with prefetch_related("versions") (lists) and without (one query).
    current = max(document.versions.all(), key=lambda v: v.number, default=None)
    return {
        "id": document.pk,
        "title": document.title,
        "kind": document.kind,
        "owner": document.owner.display_name,
        "mine": document.owner_id == viewer.pk,
        "created": document.created,
        "updated": document.updated,
        "current_version": version_out(current) if current else None,
    }


def share_out(share: Share) -> dict[str, Any]:
    return {
        "id": share.pk,
        "via": share.via,
        "recipient": share.to_user.display_name if share.to_user else None,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "active": share.revoked_at is None and not share.expired,
        "created": share.created,
    }


# ------------------------------------------------------------------ documents


@router.get(
    "/documents",
    response={200: list[DocumentOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="My documents (most recently updated first), a page at a time",
)
def my_documents(
    request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT
) -> list[dict[str, Any]]:
    found = queries.documents_of(request.user)[offset : offset + limit]
    return [document_out(d, request.user) for d in found]


@router.get(
    "/shared",
    response={200: list[DocumentOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Documents shared with me, a page at a time",
)
def shared_with_me(
    request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT
) -> list[dict[str, Any]]:
    found = queries.shared_with(request.user)[offset : offset + limit]
    return [document_out(d, request.user) for d in found]


@router.post(
    "/documents",
    response={
        201: DocumentOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        413: ErrorOut,
        422: ErrorOut,
    },
    auth=writer,
    summary="Upload a new document (multipart: file, title, kind)",
)
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def upload(
    request: HttpRequest,
    file: UploadedFile = File(..., description="PDF, DOCX, ODT, JPEG, PNG or WebP."),
    title: str = Form(..., min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT),
    kind: DocumentKind = Form(DocumentKind.CV),
) -> Status:
    document = services.upload_document(request.user, file, title=title, kind=kind)
    return Status(201, document_out(document, request.user))


@router.get(
    "/documents/{document_id}",
    response={200: DocumentOut, **READ},
    auth=signed_in,
    summary="One document I may see",
)
def detail(request: HttpRequest, document_id: int = ID) -> dict[str, Any]:
    return document_out(queries.document_or_404(request.user, document_id), request.user)


@router.patch(
    "/documents/{document_id}",
    response={200: DocumentOut, **WRITE},
    auth=writer,
    summary="Rename my document or change its kind",
)
def rename(
    request: HttpRequest, payload: DocumentRenameIn, document_id: int = ID
) -> dict[str, Any]:
    document = queries.owned_or_403(request.user, document_id)
    services.rename_document(
        request.user, document, title=payload.title, kind=payload.kind or document.kind
    )
    return document_out(document, request.user)


@router.delete(
    "/documents/{document_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my document with all its versions",
)
def delete(request: HttpRequest, document_id: int = ID) -> Status:
    document = queries.owned_or_403(request.user, document_id)
    services.delete_document(request.user, document)
    return Status(204, None)


# ------------------------------------------------------------------ versions


@router.get(
    "/documents/{document_id}/versions",
    response={200: list[VersionOut], **READ},
    auth=signed_in,
    summary="The versions of a document, newest first",
)
def versions(request: HttpRequest, document_id: int = ID) -> list[dict[str, Any]]:
    document = queries.document_or_404(request.user, document_id)
    return [version_out(v) for v in queries.versions_of(document)]


@router.post(
    "/documents/{document_id}/versions",
    response={201: VersionOut, **UPLOAD},
    auth=writer,
    summary="Upload a new version of my document (multipart: file)",
)
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def new_version(
    request: HttpRequest,
    document_id: int = ID,
    file: UploadedFile = File(..., description="PDF, DOCX, ODT, JPEG, PNG or WebP."),
) -> Status:
    document = queries.owned_or_403(request.user, document_id)
    version = services.add_version(request.user, document, file)
    return Status(201, version_out(version))


@router.post(
    "/documents/{document_id}/versions/{number}/restore",
    response={201: VersionOut, **WRITE},
    auth=writer,
    summary="Restore an old version (as a new version with its content)",
)
def restore(request: HttpRequest, document_id: int = ID, number: int = ID) -> Status:
    document = queries.owned_or_403(request.user, document_id)
    version = services.restore_version(request.user, document, number)
    return Status(201, version_out(version))


@router.get(
    "/documents/{document_id}/versions/{number}/download",
    response=READ,
    auth=signed_in,
    url_name="vault_download",
    summary="Download one version (an attachment; the opening is logged)",
    openapi_extra=FILE_RESPONSE,
)
def download(request: HttpRequest, document_id: int = ID, number: int = ID) -> FileResponse:
    document = queries.document_or_404(request.user, document_id)
    version = queries.version_or_404(document, number)
    services.record_access(document, version, user=request.user)
    return file_response(version)


@router.get(
    "/links/{token}/download",
    response={404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Download the current version through a share link (no sign-in)",
    openapi_extra=FILE_RESPONSE,
)
def link_download(
    request: HttpRequest, token: str = Path(..., min_length=1, max_length=100)
) -> FileResponse | Status:
    found = queries.link_share(token)
    version = found.document.current_version() if found else None
    if found is None or version is None:
        return Status(404, {"detail": _("This link does not exist, has expired or was revoked.")})
    services.record_access(found.document, version, user=request.user, share=found)
    return file_response(version)


# ------------------------------------------------------------------ shares


@router.get(
    "/documents/{document_id}/shares",
    response={200: list[ShareOut], **OWNER_READ},
    auth=signed_in,
    summary="Who my document is shared with (people and links)",
)
def shares(request: HttpRequest, document_id: int = ID) -> list[dict[str, Any]]:
    document = queries.owned_or_403(request.user, document_id)
    return [share_out(s) for s in queries.shares_of(document)]


@router.post(
    "/documents/{document_id}/shares",
    response={201: ShareOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Share my document with one of my counsellors, my mentor or my connections",
)
def share(request: HttpRequest, payload: ShareIn, document_id: int = ID) -> Status:
    document = queries.owned_or_403(request.user, document_id)
    recipient = member_or_none(request.user, payload.handle)
    if recipient is None:
        return Status(404, {"detail": _("No member with this address.")})
    found = services.share_with(request.user, document, recipient)
    return Status(201, share_out(found))


@router.post(
    "/documents/{document_id}/links",
    response={201: LinkOut, **WRITE},
    auth=writer,
    summary="Create an expiring link to my document (the URL is returned only here)",
)
def create_link(request: HttpRequest, payload: LinkIn, document_id: int = ID) -> Status:
    document = queries.owned_or_403(request.user, document_id)
    found, token = services.share_by_link(request.user, document, days=payload.days)
    url = request.build_absolute_uri(reverse("vault:link", kwargs={"token": token}))
    return Status(201, {"share": share_out(found), "url": url})


@router.post(
    "/documents/{document_id}/shares/{share_id}/revoke",
    response={200: ShareOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Revoke a share or a link (at once)",
)
def revoke(request: HttpRequest, document_id: int = ID, share_id: int = ID) -> dict[str, Any]:
    document = queries.owned_or_403(request.user, document_id)
    found = queries.share_or_404(document, share_id)
    services.revoke(request.user, found)
    return share_out(found)


@router.get(
    "/documents/{document_id}/access-log",
    response={200: list[AccessOut], **OWNER_READ},
    auth=signed_in,
    summary="Who opened my document, and when (newest first), a page at a time",
)
def access_log(
    request: HttpRequest, document_id: int = ID, offset: int = OFFSET, limit: int = LIMIT
) -> list[dict[str, Any]]:
    document = queries.owned_or_403(request.user, document_id)
    found = queries.access_log_of(document)
    return [
        {
            "created": a.created,
            "version": a.version.number if a.version else None,
            "who": a.user.display_name if a.user else None,
            "by_link": a.share_id is not None,
        }
        for a in found[offset : offset + limit]
    ]


# ------------------------------------------------------------------ review


@router.get(
    "/documents/{document_id}/comments",
    response={200: list[ReviewCommentOut], **OWNER_READ},
    auth=signed_in,
    summary="The review thread (the owner and the counsellors it is shared with)",
)
def comments(request: HttpRequest, document_id: int = ID) -> list[dict[str, Any]] | Status:
    document = queries.document_or_404(request.user, document_id)
    if not document.is_reviewable_by(request.user):
        return Status(
            403,
            {"detail": _("Only the owner and the counsellors it is shared with see the review.")},
        )
    return [
        {
            "id": c.pk,
            "author": c.author.display_name,
            "body": c.body,
            "version": c.version.number if c.version else None,
            "created": c.created,
        }
        for c in queries.comments_of(document)
    ]


@router.post(
    "/documents/{document_id}/comments",
    response={201: ReviewCommentOut, **WRITE},
    auth=writer,
    summary="Comment on a document (the owner and the counsellors it is shared with)",
)
def add_comment(request: HttpRequest, payload: ReviewCommentIn, document_id: int = ID) -> Status:
    document = queries.document_or_404(request.user, document_id)
    found = services.comment(request.user, document, payload.body)
    return Status(
        201,
        {
            "id": found.pk,
            "author": found.author.display_name,
            "body": found.body,
            "version": found.version.number if found.version else None,
            "created": found.created,
        },
    )
