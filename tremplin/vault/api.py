"""The vault over the API (/api/v1/vault/). Each endpoint calls the same action as the
pages (`services.py`) and finds documents only through `Document.objects.visible_to`:
whatever the caller may not see answers 404. Owner-only actions answer 403 to the
others who may see the document. Bad uploads: 413 (too large) or 422 (empty, wrong
type, damaged, over quota), with `{"detail": ...}` and nothing stored."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.errors import refusal_for
from tremplin.api.schemas import HANDLE_PATTERN, ErrorOut, StrictSchema
from tremplin.profiles.models import Profile
from tremplin.vault import services
from tremplin.vault.models import (
    COMMENT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AccessLog,
    Document,
    DocumentKind,
    DocumentVersion,
    ReviewComment,
    Share,
)
from tremplin.vault.uploads import DOCX, JPEG, ODT, PDF
from tremplin.vault.views import PAGE_SIZE, file_response

router = Router(tags=["vault"])

# How each refusal of `services` and `uploads` answers over HTTP.
STATUS_FOR = {
    "too_large": 413,
    "empty": 422,
    "bad_type": 422,
    "corrupt": 422,
    "over_quota": 422,
    "invalid": 422,
    "not_eligible": 422,
    "forbidden": 403,
    "not_found": 404,
    "conflict": 409,
    "transition": 409,
}

ID = Path(..., ge=1, le=2_147_483_647)
OFFSET = Query(0, ge=0, le=100_000, description="How many to skip.")
LIMIT = Query(PAGE_SIZE, ge=1, le=200, description="How many to return (at most 200).")
# 422 also answers malformed path parameters; 400 a body that is not JSON.
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
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


class VersionOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    created: datetime
    restored_from: int | None
    download_url: str


class DocumentOut(Schema):
    id: int
    title: str
    kind: str = Field(description="cv, cover_letter, certificate, portfolio or other")
    owner: str = Field(description="The owner's name.")
    mine: bool
    created: datetime
    updated: datetime
    current_version: VersionOut | None


class ShareOut(Schema):
    id: int
    via: str = Field(description="counsellor, mentor, connection or link")
    recipient: str | None = Field(description="The person's name; null for a link.")
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool = Field(description="Not revoked and, for a link, not expired.")
    created: datetime


class LinkOut(Schema):
    share: ShareOut
    url: str = Field(description="Shown once: only the token's hash is kept.")


class AccessOut(Schema):
    created: datetime
    version: int | None
    who: str | None = Field(description="The person's name; null when opened by a link.")
    by_link: bool


class ReviewCommentOut(Schema):
    id: int
    author: str
    body: str
    version: int | None
    created: datetime


class DocumentRenameIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH)
    kind: DocumentKind | None = None


class ShareIn(StrictSchema):
    handle: str = Field(
        ..., min_length=1, max_length=60, pattern=HANDLE_PATTERN, description="Whom to share with."
    )


class LinkIn(StrictSchema):
    days: int = Field(
        services.LINK_DEFAULT_DAYS, ge=services.LINK_MIN_DAYS, le=services.LINK_MAX_DAYS
    )


class ReviewCommentIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=COMMENT_MAX_LENGTH)


refused = refusal_for(STATUS_FOR)


def version_out(version: DocumentVersion) -> dict:
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


def document_out(document: Document, viewer) -> dict:
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


def share_out(share: Share) -> dict:
    return {
        "id": share.pk,
        "via": share.via,
        "recipient": share.to_user.display_name if share.to_user else None,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "active": share.revoked_at is None and not share.expired,
        "created": share.created,
    }


def visible(request, document_id: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(request.user).select_related("owner__profile"),
        pk=document_id,
    )


def owned(request, document_id: int) -> Document | Status:
    document = visible(request, document_id)
    if document.owner_id != request.user.pk:
        return Status(403, {"detail": _("Only the owner of the document may do this.")})
    return document


# ------------------------------------------------------------------ documents


@router.get(
    "/documents",
    response={200: list[DocumentOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="My documents (most recently updated first), a page at a time",
)
def my_documents(request, offset: int = OFFSET, limit: int = LIMIT):
    found = (
        Document.objects.filter(owner_id=request.user.pk)
        .select_related("owner__profile")
        .prefetch_related("versions")
        .order_by("-updated", "-pk")[offset : offset + limit]
    )
    return [document_out(d, request.user) for d in found]


@router.get(
    "/shared",
    response={200: list[DocumentOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Documents shared with me, a page at a time",
)
def shared_with_me(request, offset: int = OFFSET, limit: int = LIMIT):
    found = (
        Document.objects.visible_to(request.user)
        .exclude(owner_id=request.user.pk)
        .select_related("owner__profile")
        .prefetch_related("versions")
        .order_by("-updated", "-pk")[offset : offset + limit]
    )
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
def upload(
    request,
    file: UploadedFile = File(..., description="PDF, DOCX, ODT, JPEG, PNG or WebP."),
    title: str = Form(..., min_length=1, max_length=TITLE_MAX_LENGTH),
    kind: DocumentKind = Form(DocumentKind.CV),
):
    try:
        document = services.upload_document(request.user, file, title=title, kind=kind)
    except ValidationError as error:
        return refused(error)
    return Status(201, document_out(document, request.user))


@router.get(
    "/documents/{document_id}",
    response={200: DocumentOut, **READ},
    auth=signed_in,
    summary="One document I may see",
)
def detail(request, document_id: int = ID):
    return document_out(visible(request, document_id), request.user)


@router.patch(
    "/documents/{document_id}",
    response={200: DocumentOut, **WRITE},
    auth=writer,
    summary="Rename my document or change its kind",
)
def rename(request, payload: DocumentRenameIn, document_id: int = ID):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    try:
        services.rename_document(
            request.user, document, title=payload.title, kind=payload.kind or document.kind
        )
    except ValidationError as error:
        return refused(error)
    return document_out(document, request.user)


@router.delete(
    "/documents/{document_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my document with all its versions",
)
def delete(request, document_id: int = ID):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    services.delete_document(request.user, document)
    return Status(204, None)


# ------------------------------------------------------------------ versions


@router.get(
    "/documents/{document_id}/versions",
    response={200: list[VersionOut], **READ},
    auth=signed_in,
    summary="The versions of a document, newest first",
)
def versions(request, document_id: int = ID):
    document = visible(request, document_id)
    return [version_out(v) for v in document.versions.order_by("-number")]


@router.post(
    "/documents/{document_id}/versions",
    response={201: VersionOut, **UPLOAD},
    auth=writer,
    summary="Upload a new version of my document (multipart: file)",
)
def new_version(
    request,
    document_id: int = ID,
    file: UploadedFile = File(..., description="PDF, DOCX, ODT, JPEG, PNG or WebP."),
):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    try:
        version = services.add_version(request.user, document, file)
    except ValidationError as error:
        return refused(error)
    return Status(201, version_out(version))


@router.post(
    "/documents/{document_id}/versions/{number}/restore",
    response={201: VersionOut, **WRITE},
    auth=writer,
    summary="Restore an old version (as a new version with its content)",
)
def restore(request, document_id: int = ID, number: int = ID):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    try:
        version = services.restore_version(request.user, document, number)
    except ValidationError as error:
        return refused(error)
    return Status(201, version_out(version))


@router.get(
    "/documents/{document_id}/versions/{number}/download",
    response=READ,
    auth=signed_in,
    url_name="vault_download",
    summary="Download one version (an attachment; the opening is logged)",
    openapi_extra=FILE_RESPONSE,
)
def download(request, document_id: int = ID, number: int = ID):
    document = visible(request, document_id)
    version = get_object_or_404(DocumentVersion, document=document, number=number)
    services.record_access(document, version, user=request.user)
    return file_response(version)


@router.get(
    "/links/{token}/download",
    response={404: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Download the current version through a share link (no sign-in)",
    openapi_extra=FILE_RESPONSE,
)
def link_download(request, token: str = Path(..., min_length=1, max_length=100)):
    found = Share.for_token(token)
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
def shares(request, document_id: int = ID):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    found = document.shares.select_related("to_user__profile").order_by("-created")
    return [share_out(s) for s in found]


@router.post(
    "/documents/{document_id}/shares",
    response={201: ShareOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Share my document with one of my counsellors, my mentor or my connections",
)
def share(request, payload: ShareIn, document_id: int = ID):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    profile = (
        Profile.objects.visible_to(request.user)
        .select_related("user")
        .filter(handle=payload.handle)
    ).first()
    if profile is None:
        return Status(404, {"detail": _("No member with this address.")})
    try:
        found = services.share_with(request.user, document, profile.user)
    except ValidationError as error:
        return refused(error)
    return Status(201, share_out(found))


@router.post(
    "/documents/{document_id}/links",
    response={201: LinkOut, **WRITE},
    auth=writer,
    summary="Create an expiring link to my document (the URL is returned only here)",
)
def create_link(request, payload: LinkIn, document_id: int = ID):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    try:
        found, token = services.share_by_link(request.user, document, days=payload.days)
    except ValidationError as error:
        return refused(error)
    url = request.build_absolute_uri(reverse("vault:link", kwargs={"token": token}))
    return Status(201, {"share": share_out(found), "url": url})


@router.post(
    "/documents/{document_id}/shares/{share_id}/revoke",
    response={200: ShareOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Revoke a share or a link (at once)",
)
def revoke(request, document_id: int = ID, share_id: int = ID):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    found = get_object_or_404(
        Share.objects.select_related("to_user__profile"), pk=share_id, document=document
    )
    try:
        services.revoke(request.user, found)
    except ValidationError as error:
        return refused(error)
    return share_out(found)


@router.get(
    "/documents/{document_id}/access-log",
    response={200: list[AccessOut], **OWNER_READ},
    auth=signed_in,
    summary="Who opened my document, and when (newest first), a page at a time",
)
def access_log(request, document_id: int = ID, offset: int = OFFSET, limit: int = LIMIT):
    document = owned(request, document_id)
    if isinstance(document, Status):
        return document
    found = AccessLog.objects.filter(document=document).select_related("user__profile", "version")
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
def comments(request, document_id: int = ID):
    document = visible(request, document_id)
    if not document.is_reviewable_by(request.user):
        return Status(
            403,
            {"detail": _("Only the owner and the counsellors it is shared with see the review.")},
        )
    found = ReviewComment.objects.filter(document=document).select_related(
        "author__profile", "version"
    )
    return [
        {
            "id": c.pk,
            "author": c.author.display_name,
            "body": c.body,
            "version": c.version.number if c.version else None,
            "created": c.created,
        }
        for c in found
    ]


@router.post(
    "/documents/{document_id}/comments",
    response={201: ReviewCommentOut, **WRITE},
    auth=writer,
    summary="Comment on a document (the owner and the counsellors it is shared with)",
)
def add_comment(request, payload: ReviewCommentIn, document_id: int = ID):
    document = visible(request, document_id)
    try:
        found = services.comment(request.user, document, payload.body)
    except ValidationError as error:
        return refused(error)
    return Status(
        201,
        {
            "id": found.pk,
            "author": request.user.display_name,
            "body": found.body,
            "version": found.version.number if found.version else None,
            "created": found.created,
        },
    )
