"""Privacy rights over the API: ask for an archive and follow it, download it, schedule
or cancel the deletion of the account. Each endpoint calls the same action as the pages
(`services.py`); a download or a deletion needs a fresh re-authentication: a browser
session that just re-authenticated, or the password (and the authenticator code when
the member has two-factor authentication) in the request (`reauth.py`). A refusal is
answered by the API's handler from `tremplin.core.refusals.STATUSES`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import FileResponse, HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, ErrorOut, StrictSchema
from tremplin.core.files import private_file_response
from tremplin.privacy import banner, queries, services
from tremplin.privacy.models import Archive, DeletionRequest
from tremplin.privacy.reauth import require_fresh
from tremplin.privacy.storage import archive_storage

router = Router(tags=["privacy"])

READ = {401: ErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
ARCHIVE_ID = Path(..., ge=1, le=2_147_483_647)


class PrivacyArchiveOut(Schema):
    id: int
    status: str = Field(description="pending, ready, failed or expired")
    requested_at: datetime
    ready_at: datetime | None
    expires_at: datetime | None = Field(description="Downloadable until then.")
    size: int = Field(description="Bytes of the zip file (0 until ready).")
    downloadable: bool


class PrivacyDeletionOut(Schema):
    status: str = Field(description="scheduled, cancelled or done")
    requested_at: datetime
    due_at: datetime = Field(description="When the account is erased, unless cancelled.")
    cancelled_at: datetime | None


class PrivacyStatusOut(Schema):
    archive: PrivacyArchiveOut | None = Field(description="The latest archive, if any.")
    deletion: PrivacyDeletionOut | None = Field(description="A scheduled deletion, if any.")
    archive_days: int = Field(description="Days an archive stays downloadable.")
    grace_days: int = Field(description="Days between scheduling a deletion and the erasure.")


class PrivacyReauthIn(StrictSchema):
    password: str = Field(
        "",
        max_length=4096,
        pattern=TEXT,
        description="The account's password; not needed from a browser session that "
        "re-authenticated in the last few minutes.",
    )
    code: str = Field(
        "",
        max_length=16,
        pattern=r"^[0-9]*$",
        description="The current authenticator code, when two-factor authentication is on.",
    )


class PrivacyDeleteIn(PrivacyReauthIn):
    confirm: Literal[True] = Field(
        description="Must be true: the account and its data are erased after the grace period."
    )


def archive_out(archive: Archive) -> dict[str, Any]:
    return {
        "id": archive.pk,
        "status": archive.status,
        "requested_at": archive.requested_at,
        "ready_at": archive.ready_at,
        "expires_at": archive.expires_at,
        "size": archive.size,
        "downloadable": archive.is_downloadable,
    }


def deletion_out(found: DeletionRequest) -> dict[str, Any]:
    return {
        "status": found.status,
        "requested_at": found.requested_at,
        "due_at": found.due_at,
        "cancelled_at": found.cancelled_at,
    }


@router.get(
    "/status",
    response={200: PrivacyStatusOut, **READ},
    auth=signed_in,
    summary="My latest archive and any scheduled deletion of my account",
)
def status(request: HttpRequest) -> dict[str, Any]:
    found = queries.overview(request.user)
    return {
        "archive": archive_out(found["archive"]) if found["archive"] else None,
        "deletion": deletion_out(found["deletion"]) if found["deletion"] else None,
        "archive_days": services.ARCHIVE_DAYS,
        "grace_days": services.GRACE_DAYS,
    }


@router.post(
    "/archives",
    response={202: PrivacyArchiveOut, **WRITE},
    auth=writer,
    summary="Ask for an archive of my data (one at a time; an email says when it is ready)",
)
def request_archive(request: HttpRequest) -> Status:
    return Status(202, archive_out(services.request_archive(request.user)))


@router.get(
    "/archives/{archive_id}",
    response={200: PrivacyArchiveOut, **READ, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="One of my archives",
)
def archive(request: HttpRequest, archive_id: int = ARCHIVE_ID) -> dict[str, Any]:
    return archive_out(queries.archive_or_404(request.user, archive_id))


@router.post(
    "/archives/{archive_id}/download",
    response={**WRITE, 410: ErrorOut},
    auth=writer,
    summary="Download my archive (a zip) after confirming it is me",
    openapi_extra={
        "responses": {
            200: {
                "description": "The archive, as an attachment (never cached).",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download(
    request: HttpRequest, payload: PrivacyReauthIn, archive_id: int = ARCHIVE_ID
) -> FileResponse:
    found = queries.archive_or_404(request.user, archive_id)
    require_fresh(request, payload.password, payload.code)
    services.downloadable_or_refuse(request.user, found)
    return private_file_response(
        archive_storage().open(found.file_name, "rb"),
        content_type="application/zip",
        filename=f"tremplin-{found.requested_at:%Y-%m-%d}.zip",
        as_attachment=True,
    )


@router.post(
    "/deletion",
    response={201: PrivacyDeletionOut, **WRITE},
    auth=writer,
    summary="Schedule the deletion of my account (after the grace period; cancellable)",
)
def schedule_deletion(request: HttpRequest, payload: PrivacyDeleteIn) -> Status:
    require_fresh(request, payload.password, payload.code)
    return Status(201, deletion_out(services.schedule_deletion(request.user)))


@router.post(
    "/deletion/cancel",
    response={200: PrivacyDeletionOut, **WRITE},
    auth=writer,
    summary="Cancel the scheduled deletion of my account",
)
def cancel_deletion(request: HttpRequest) -> dict[str, Any]:
    cancelled = services.cancel_deletion(request.user)
    banner.forget(request)
    return deletion_out(cancelled)
