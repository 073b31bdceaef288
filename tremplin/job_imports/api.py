"""Job imports over the API, for the admins of an agency (everyone else: 404, as on the
pages). Each endpoint calls the same action as the pages (`services.py`) and reads what
they read (`queries.py`); a refusal is answered by the API's one handler."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, ErrorOut, StrictSchema
from tremplin.core.reads import visible_or_404
from tremplin.core.uploads import accepts_files
from tremplin.job_imports import columns, queries, services, uploads
from tremplin.job_imports.models import (
    MAX_POLL_MINUTES,
    MIN_POLL_MINUTES,
    NAME_MAX_LENGTH,
    URL_MAX_LENGTH,
    ImportItemError,
    ImportRun,
    ImportSource,
    SourceKind,
    administered_agency_ids,
)
from tremplin.job_imports.parsing import ParseError

router = Router(tags=["job_imports"])

ID = Path(..., ge=1, le=2_147_483_647)
TOKEN = Path(..., min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
OFFSET = Query(0, ge=0, le=100_000, description="How many to skip.")
LIMIT = Query(50, ge=1, le=200, description="How many to return (at most 200).")
# 422 also answers malformed parameters; 400 a body that is not JSON.
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ImportSourceOut(Schema):
    id: int
    agency: str = Field(description="The agency's slug.")
    agency_name: str
    name: str
    kind: str = Field(description="rss_atom, jsonld_page or csv.")
    url: str
    poll_minutes: int
    active: bool
    withdraw_missing: bool
    columns_chosen: dict[str, str] = Field(
        description="CSV columns chosen by hand: the header (folded) and its field, '' unused."
    )
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    created: datetime


class ImportSourceIn(StrictSchema):
    agency: str = Field(
        min_length=1, max_length=80, pattern=r"^[-A-Za-z0-9_]+$", description="Agency slug."
    )
    name: str = Field(min_length=1, max_length=NAME_MAX_LENGTH, pattern=TEXT)
    kind: SourceKind
    url: str = Field(
        "",
        max_length=URL_MAX_LENGTH,
        pattern=TEXT,
        description="The feed or page (http or https); empty for a CSV source.",
    )
    poll_minutes: int = Field(60, ge=MIN_POLL_MINUTES, le=MAX_POLL_MINUTES)
    active: StrictBool = True
    withdraw_missing: StrictBool = Field(
        True, description="Close the jobs that disappear from a later complete read."
    )


class ImportSourcePatchIn(StrictSchema):
    name: str | None = Field(None, min_length=1, max_length=NAME_MAX_LENGTH, pattern=TEXT)
    kind: SourceKind | None = None
    url: str | None = Field(None, max_length=URL_MAX_LENGTH, pattern=TEXT)
    poll_minutes: int | None = Field(None, ge=MIN_POLL_MINUTES, le=MAX_POLL_MINUTES)
    active: StrictBool | None = None
    withdraw_missing: StrictBool | None = None


class ImportRunOut(Schema):
    id: int
    source_id: int
    trigger: str = Field(description="manual, schedule or upload.")
    status: str = Field(description="queued, running, succeeded, partial or failed.")
    created: datetime
    started: datetime | None
    finished: datetime | None
    created_count: int
    updated_count: int
    unchanged_count: int
    withdrawn_count: int
    linked_count: int = Field(
        description="New jobs another source of the agency had imported: linked, not copied."
    )
    failed_count: int
    error_code: str
    error: str = Field(description="Why the whole run failed, in the reader's language.")
    warning_code: str
    warning: str = Field(description="What did not stop the run, in the reader's language.")


class ImportItemErrorOut(Schema):
    position: int
    identifier: str
    url: str
    title: str = Field(description="The job's title as the source gave it.")
    code: str
    params: dict[str, Any] | None = Field(description="The parameters of `message`.")
    message: str = Field(description="What happened and what to do, in the reader's language.")
    detail: str = Field(description="Runs saved before messages had parameters: the value.")


class ImportItemErrorPage(Schema):
    count: int
    results: list[ImportItemErrorOut]


class ClosingOut(Schema):
    id: int
    title: str = Field(description="In the reader's language where the job has both.")
    identifier: str
    url: str = Field(description="The job's page on Tremplin.")


class ColumnOut(Schema):
    name: str = Field(description="The column's name in the file.")
    field: str = Field(description="What it is read as; empty: not used.")
    samples: list[str] = Field(description="Its values in the file's first rows.")


class ColumnsIn(StrictSchema):
    fields: list[str] = Field(
        max_length=500,
        description="One per column, in the file's order: a field of `columns`, or empty.",
    )


class UploadPreviewOut(Schema):
    token: str = Field(description="Give it back to confirm; only you can, for this source.")
    expires: datetime
    file_name: str
    created: int = Field(description="Jobs the file would add.")
    linked: int = Field(description="Jobs another source of the agency already brought in.")
    updated: int
    unchanged: int
    failed: int = Field(description="Items that cannot be imported (the run will say why).")
    closing_count: int = Field(description="Open jobs the file lacks, closed if you confirm.")
    closing: list[ClosingOut] = Field(description="The first 200 of them.")
    needs_columns: bool = Field(
        description="A CSV whose title, or description and link, columns are not known: "
        "choose them (PUT .../columns) before confirming; the counts are then 0."
    )
    columns: list[ColumnOut] = Field(description="A CSV file's columns; empty for others.")


class ConfirmIn(StrictSchema):
    close_missing: StrictBool = Field(
        False, description="Close the open jobs the file lacks (the preview's `closing`)."
    )


def preview_out(preview: uploads.UploadPreview) -> dict[str, Any]:
    counts = preview.counts
    return {
        "token": preview.pending.token,
        "expires": preview.expires,
        "file_name": preview.pending.name,
        "created": counts.created,
        "linked": counts.linked,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "failed": counts.failed,
        "closing_count": preview.closing_count,
        "closing": [
            {
                "id": p.pk,
                "title": p.title,
                "identifier": p.identifier,
                "url": p.get_absolute_url(),
            }
            for p in preview.closing_shown
        ],
        "needs_columns": preview.needs_columns,
        "columns": _columns_out(preview.header),
    }


def _columns_out(header: Any) -> list[dict[str, Any]]:
    if header is None:
        return []
    return [
        {"name": name, "field": field, "samples": values}
        for name, field, values in zip(
            header.names, header.columns, columns.samples(header), strict=True
        )
    ]


def source_out(source: ImportSource) -> dict[str, Any]:
    return {
        "id": source.pk,
        "agency": source.agency.slug,
        "agency_name": source.agency.name,
        "name": source.name,
        "kind": source.kind,
        "url": source.url,
        "poll_minutes": source.poll_minutes,
        "active": source.active,
        "withdraw_missing": source.withdraw_missing,
        "columns_chosen": {str(k): str(v) for k, v in (source.column_map or {}).items()},
        "last_polled_at": source.last_polled_at,
        "next_poll_at": source.next_poll_at,
        "created": source.created,
    }


def run_out(run: ImportRun) -> dict[str, Any]:
    return {
        field: getattr(run, field)
        for field in (
            "id",
            "source_id",
            "trigger",
            "status",
            "created",
            "started",
            "finished",
            "created_count",
            "updated_count",
            "unchanged_count",
            "withdrawn_count",
            "linked_count",
            "failed_count",
            "error_code",
            "warning_code",
        )
    } | {"error": run.error_message, "warning": run.warning_message}


def error_out(error: ImportItemError) -> dict[str, Any]:
    return {
        "position": error.position,
        "identifier": error.identifier,
        "url": error.url,
        "title": error.title,
        "code": error.code,
        "params": error.params,
        "message": error.message,
        "detail": error.detail,
    }


def _admin_or_404(request: HttpRequest) -> None:
    if not administered_agency_ids(request.user):
        raise Http404


# ------------------------------------------------------------------ sources


@router.get(
    "/sources",
    response={200: list[ImportSourceOut], **READ},
    auth=signed_in,
    summary="The import sources of the agencies I administer",
)
def list_sources(
    request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT
) -> list[dict[str, Any]]:
    _admin_or_404(request)
    return [source_out(s) for s in queries.sources_of(request.user)[offset : offset + limit]]


@router.post(
    "/sources",
    response={201: ImportSourceOut, **WRITE},
    auth=writer,
    summary="Add an import source to an agency I administer",
)
def create_source(request: HttpRequest, payload: ImportSourceIn) -> Status:
    agency = visible_or_404(
        queries.administered_agencies(request.user), slug=payload.agency.strip()
    )
    data = payload.dict(exclude={"agency"})
    data["kind"] = str(payload.kind.value)
    source = services.create_source(request.user, agency, data)
    return Status(201, source_out(source))


@router.get(
    "/sources/{source_id}",
    response={200: ImportSourceOut, **READ},
    auth=signed_in,
    summary="One import source",
)
def get_source(request: HttpRequest, source_id: int = ID) -> dict[str, Any]:
    return source_out(queries.source_or_404(request.user, source_id))


@router.patch(
    "/sources/{source_id}",
    response={200: ImportSourceOut, **WRITE},
    auth=writer,
    summary="Change an import source",
)
def update_source(
    request: HttpRequest, payload: ImportSourcePatchIn, source_id: int = ID
) -> dict[str, Any]:
    source = queries.source_or_404(request.user, source_id)
    data = payload.dict(exclude_unset=True, exclude_none=True)
    if "kind" in data:
        data["kind"] = str(SourceKind(data["kind"]).value)
    services.update_source(request.user, source, data)
    return source_out(source)


@router.delete(
    "/sources/{source_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete an import source (its jobs stay as they are)",
)
def delete_source(request: HttpRequest, source_id: int = ID) -> Status:
    services.delete_source(request.user, queries.source_or_404(request.user, source_id))
    return Status(204, None)


@router.post(
    "/sources/{source_id}/import",
    response={202: ImportRunOut, 409: ErrorOut, **WRITE},
    auth=writer,
    summary="Import now: queue a read of the feed or page (the run is returned)",
)
def import_now(request: HttpRequest, source_id: int = ID) -> Status:
    source = queries.source_or_404(request.user, source_id)
    run = services.request_import(request.user, source)
    run.refresh_from_db()
    return Status(202, run_out(run))


@router.post(
    "/sources/{source_id}/upload",
    response={201: ImportRunOut, 413: ErrorOut, **WRITE},
    auth=writer,
    summary="Import a file now, in one step (multipart field `file`: CSV, feed or page)",
)
@accepts_files(each="JOB_IMPORTS_MAX_BYTES")
def upload(
    request: HttpRequest,
    source_id: int = ID,
    file: UploadedFile = File(..., description="The file to import."),
    close_missing: bool = Form(
        False, description="Also close the open jobs the file lacks (see /uploads to preview)."
    ),
) -> Status:
    source = queries.source_or_404(request.user, source_id)
    try:
        run = services.upload(request.user, source, file, close_missing=close_missing)
    except PermissionDenied:
        raise Http404 from None  # not an admin of the source's agency: it is not there
    return Status(201, run_out(run))


@router.post(
    "/sources/{source_id}/uploads",
    response={201: UploadPreviewOut, 413: ErrorOut, **WRITE},
    auth=writer,
    summary="Stage a file and preview its import: new, updated, and the jobs it would close",
)
@accepts_files(each="JOB_IMPORTS_MAX_BYTES")
def stage_upload(
    request: HttpRequest,
    source_id: int = ID,
    file: UploadedFile = File(..., description="The file to import."),
) -> Status:
    source = queries.source_or_404(request.user, source_id)
    try:
        pending = uploads.stage(request.user, source, file)
    except PermissionDenied:
        raise Http404 from None
    preview = uploads.preview_of(pending)
    if preview.error:
        pending.delete()
        raise services.ImportRefused(preview.error, code="unreadable")
    return Status(201, preview_out(preview))


@router.get(
    "/sources/{source_id}/uploads/{token}",
    response={200: UploadPreviewOut, **READ},
    auth=signed_in,
    summary="The preview of a staged file again (404 once imported or expired)",
)
def get_upload(request: HttpRequest, source_id: int = ID, token: str = TOKEN) -> dict[str, Any]:
    source = queries.source_or_404(request.user, source_id)
    return preview_out(uploads.preview_of(uploads.pending_or_404(request.user, source, token)))


@router.put(
    "/sources/{source_id}/uploads/{token}/columns",
    response={200: UploadPreviewOut, **WRITE},
    auth=writer,
    summary="Choose what each column of a staged CSV file holds (kept for the source)",
)
def choose_columns(
    request: HttpRequest, payload: ColumnsIn, source_id: int = ID, token: str = TOKEN
) -> dict[str, Any]:
    source = queries.source_or_404(request.user, source_id)
    pending = uploads.pending_or_404(request.user, source, token)
    if source.kind != SourceKind.CSV:
        raise services.ImportRefused(_("Only a CSV file has columns to choose."), code="not_csv")
    try:
        header = uploads.header_of(pending)
    except ParseError:
        raise services.ImportRefused(
            _("The file has no line naming its columns."), code="empty"
        ) from None
    columns.choose(request.user, source, header.names, payload.fields)
    return preview_out(uploads.preview_of(pending))


@router.post(
    "/sources/{source_id}/uploads/{token}/confirm",
    response={201: ImportRunOut, **WRITE},
    auth=writer,
    summary="Import a staged file, closing the jobs it lacks only with close_missing",
)
def confirm_upload(
    request: HttpRequest, payload: ConfirmIn, source_id: int = ID, token: str = TOKEN
) -> Status:
    source = queries.source_or_404(request.user, source_id)
    pending = uploads.pending_or_404(request.user, source, token)
    try:
        run = uploads.confirm(request.user, pending, close_missing=payload.close_missing)
    except PermissionDenied:
        raise Http404 from None
    return Status(201, run_out(run))


# ------------------------------------------------------------------ runs


@router.get(
    "/sources/{source_id}/runs",
    response={200: list[ImportRunOut], **READ},
    auth=signed_in,
    summary="The runs of an import source, newest first",
)
def list_runs(
    request: HttpRequest, source_id: int = ID, offset: int = OFFSET, limit: int = LIMIT
) -> list[dict[str, Any]]:
    source = queries.source_or_404(request.user, source_id)
    return [run_out(r) for r in queries.runs_of(source)[offset : offset + limit]]


@router.get(
    "/runs/{run_id}",
    response={200: ImportRunOut, **READ},
    auth=signed_in,
    summary="One import run with its counts",
)
def get_run(request: HttpRequest, run_id: int = ID) -> dict[str, Any]:
    return run_out(queries.run_or_404(request.user, run_id))


@router.get(
    "/runs/{run_id}/errors",
    response={200: ImportItemErrorPage, **READ},
    auth=signed_in,
    summary="The items a run could not import, and why",
)
def run_errors(
    request: HttpRequest, run_id: int = ID, offset: int = OFFSET, limit: int = LIMIT
) -> dict[str, Any]:
    run = queries.run_or_404(request.user, run_id)
    found = queries.run_items(run)
    return {
        "count": found.count(),
        "results": [error_out(e) for e in found[offset : offset + limit]],
    }
