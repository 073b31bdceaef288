"""The recruiter search over the API: a thin adapter over `queries` and `services`; a
refusal is answered by the API's global handler (core.refusals)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut
from tremplin.core.regions import Region
from tremplin.profiles.queries import capped_count
from tremplin.recruiting.queries import Filters, candidates, parse_skills
from tremplin.recruiting.schemas import (
    CandidatePage,
    ContactIn,
    ContactOut,
    candidate_out,
)
from tremplin.recruiting.services import contact_candidate

router = Router(tags=["recruiting"])


@router.get(
    "/candidates",
    response={200: CandidatePage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Candidates open to work, for recruiters of verified employers (403 for others)",
)
def search(
    request: HttpRequest,
    skills: str = Query("", max_length=300, description="Comma-separated; all must match."),
    region: Region | None = Query(None),
    language: str = Query("", max_length=40),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(20, ge=1, le=50),
) -> dict[str, Any]:
    filters = Filters(parse_skills(skills), region or "", " ".join(language.split()))
    found = candidates(request.user, filters)
    return {
        "count": capped_count(found),
        "results": [candidate_out(p) for p in found[offset : offset + limit]],
    }


@router.post(
    "/candidates/{handle}/contact",
    response={
        201: ContactOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    auth=writer,
    summary="Write to a candidate: a message request that names your employer",
)
def contact(
    request: HttpRequest, payload: ContactIn, handle: str = Path(..., max_length=60)
) -> Status:
    conversation, _message = contact_candidate(
        request.user, handle, payload.body, payload.organization
    )
    return Status(201, {"conversation_id": conversation.pk, "url": conversation.get_absolute_url()})
