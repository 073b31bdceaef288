"""The "who saw my data" API (mounted under /api/v1/privacy/access): a member's own log,
and an agency administrator's list of reads of staff-only case notes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from tremplin.api.auth import signed_in
from tremplin.api.schemas import ErrorOut
from tremplin.privacy.access import names_of_agencies
from tremplin.privacy.access_reads import history_of, notes_reads_of, present

router = Router(tags=["privacy"])

OFFSET = Query(0, ge=0, le=100_000)
LIMIT = Query(25, ge=1, le=100)


class ReadOut(Schema):
    when: datetime
    reader: str | None = Field(description="Null: a share link, or an account since deleted.")
    role: str = Field(
        description="counsellor, agency_admin, site_admin, mentor, connection, link or other."
    )
    agency: str | None
    what: str = Field(description="case_record, profile, admin or document.")
    label: str = Field(description="The document's title; empty for the rest.")


class ReadPage(Schema):
    count: int
    results: list[ReadOut]


class NotesReadOut(Schema):
    when: datetime
    reader: str | None
    client: str
    agency: str | None


class NotesReadPage(Schema):
    count: int
    results: list[NotesReadOut]


@router.get(
    "/mine",
    response={200: ReadPage, 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Who saw my data: reads of my documents, case record and counsellor-only "
    "profile sections by others, newest first",
)
def mine(request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT) -> dict[str, Any]:
    found = history_of(request.user.pk)
    rows = present(list(found[offset : offset + limit]))
    return {
        "count": found.count(),
        "results": [
            {
                "when": r.when,
                "reader": r.reader,
                "role": r.role,
                "agency": r.agency,
                "what": r.what,
                "label": r.label,
            }
            for r in rows
        ],
    }


@router.get(
    "/case-notes-reads",
    response={200: NotesReadPage, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Who read which client's case notes at the agencies I administer (never the notes)",
)
def notes_reads(request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT) -> dict[str, Any]:
    found = notes_reads_of(request.user)
    if found is None:
        raise Http404
    rows = list(found[offset : offset + limit])
    agencies = names_of_agencies(r.agency_id for r in rows)
    return {
        "count": found.count(),
        "results": [
            {
                "when": r.created,
                "reader": r.reader.display_name if r.reader else None,
                "client": r.subject.display_name,
                "agency": agencies.get(r.agency_id) if r.agency_id else None,
            }
            for r in rows
        ],
    }
