"""Applying here, on Tremplin, over the API (mounted in api.py's router, under
/api/v1/applications/). Each endpoint calls the action the pages call
(`apply_services.py`) and reads through `apply_queries.py` (the one rule,
`Submission.objects.visible_to`): what the caller may not see is a 404; a posting that
does not take applications here, bad answers or documents are a 422; a posting no longer
open, a second application, a withdrawn one or a move the lifecycle refuses is a 409.
Errors are JSON `{"detail": ...}` (the API's one refusal handler).

Uploads go through the vault's API first (`POST /api/v1/vault/documents`); an
application names the vault documents by id.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, ErrorOut, StrictSchema
from tremplin.applications import apply_queries, apply_services
from tremplin.applications.queries import posting_or_404
from tremplin.applications.schemas import MAX_ID
from tremplin.applications.submissions import (
    ANSWER_MAX_LENGTH,
    EMPLOYER_TRANSITIONS,
    MESSAGE_MAX_LENGTH,
    Submission,
)
from tremplin.core.exports import csv_bytes, csv_download
from tremplin.jobs.screening import MAX_QUESTIONS

router = Router(tags=["applications"])

ID = Path(..., ge=1, le=MAX_ID)
BEFORE = Query(None, ge=1, le=MAX_ID, description="Keyset: ids below this.")
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

EmployerStatusName = Literal["new", "reviewed", "interview", "offer", "declined"]
TemplateName = Literal["general", "filled", "other_profiles"]


class ScreeningAnswerOut(Schema):
    question: str
    yes_no: bool = Field(description="A yes/no question: the answer is `yes` or `no`.")
    answer: str


class SubmissionOut(Schema):
    id: int
    application: int = Field(description="The applicant's tracker row (`/tracker/{id}`).")
    posting_id: int
    applicant_name: str
    cv_id: int | None = Field(description="The vault document sent as CV.")
    letter_id: int | None = Field(description="The vault document sent as letter.")
    message: str
    answers: list[ScreeningAnswerOut]
    status: str = Field(description="The employer's: new, reviewed, interview, offer, declined.")
    next_statuses: list[str] = Field(description="Where the employer may move it.")
    decline_template: str = Field(description="The decline message's code (empty otherwise).")
    created: dt.datetime
    withdrawn_at: dt.datetime | None


class ApplyIn(StrictSchema):
    cv_id: int = Field(ge=1, le=MAX_ID, description="One of my vault documents.")
    letter_id: int | None = Field(None, ge=1, le=MAX_ID)
    message: str = Field("", max_length=MESSAGE_MAX_LENGTH, pattern=TEXT)
    answers: list[Annotated[str, Field(max_length=ANSWER_MAX_LENGTH, pattern=TEXT)]] = Field(
        [],
        max_length=MAX_QUESTIONS,
        description="One answer per screening question, in order (`yes`/`no` for yes/no).",
    )


class EmployerStatusIn(StrictSchema):
    status: EmployerStatusName
    template: TemplateName | None = Field(
        None,
        description="A decline's message (default `general`), sent in the applicant's language.",
    )


def submission_out(row: Submission) -> dict[str, Any]:
    return {
        "id": row.pk,
        "application": row.application_id,
        "posting_id": row.posting_id,
        "applicant_name": row.applicant.profile.display_name,
        "cv_id": row.cv_id,
        "letter_id": row.letter_id,
        "message": row.message,
        "answers": row.answers,
        "status": row.status,
        "next_statuses": [] if row.withdrawn else EMPLOYER_TRANSITIONS.targets(row.status),
        "decline_template": row.decline_template,
        "created": row.created,
        "withdrawn_at": row.withdrawn_at,
    }


@router.post(
    "/postings/{posting_id}/apply",
    response={201: SubmissionOut, **WRITE},
    auth=writer,
    summary="Apply here, on Tremplin, with vault documents and the screening answers",
)
def apply(request: HttpRequest, payload: ApplyIn, posting_id: int = ID) -> Status:
    posting = posting_or_404(request.user, posting_id)
    made = apply_services.apply(
        request.user,
        posting,
        cv_id=payload.cv_id,
        letter_id=payload.letter_id,
        message=payload.message,
        answers=payload.answers,
    )
    return Status(201, submission_out(apply_queries.sent_or_404(request.user, made.pk)))


@router.post(
    "/sent/{submission_id}/withdraw",
    response={200: SubmissionOut, **WRITE},
    auth=writer,
    summary="Withdraw my application: the employer no longer sees it or its documents",
)
def withdraw(request: HttpRequest, submission_id: int = ID) -> dict[str, Any]:
    found = apply_queries.sent_or_404(request.user, submission_id)
    apply_services.withdraw(request.user, found)
    return submission_out(apply_queries.sent_or_404(request.user, submission_id))


@router.get(
    "/postings/{posting_id}/applicants",
    response={200: list[SubmissionOut], **READ},
    auth=signed_in,
    summary="The applicants to a posting, newest first (its author, the employer's staff)",
)
def applicants(
    request: HttpRequest,
    posting_id: int = ID,
    status: EmployerStatusName | None = None,
    before: int | None = BEFORE,
    limit: int = Query(50, ge=1, le=200),
) -> list[dict[str, Any]]:
    posting = apply_queries.receiving_posting_or_404(request.user, posting_id)
    rows = apply_queries.inbox(request.user, posting, status or "").order_by("-pk")
    if before is not None:
        rows = rows.filter(pk__lt=before)
    return [submission_out(r) for r in rows[:limit]]


@router.get(
    "/postings/{posting_id}/applicants.csv",
    response={200: str, **READ},
    auth=signed_in,
    summary="The applicants as CSV, formula cells neutralised",
    openapi_extra={
        "responses": {
            200: {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def applicants_csv(
    request: HttpRequest, posting_id: int = ID, status: EmployerStatusName | None = None
) -> HttpResponse:
    posting = apply_queries.receiving_posting_or_404(request.user, posting_id)
    rows = list(apply_queries.inbox(request.user, posting, status or ""))
    body = csv_bytes(apply_queries.csv_rows(posting, rows))
    return csv_download(body, f"applicants-{posting.pk}.csv")


@router.get(
    "/applicants/{submission_id}",
    response={200: SubmissionOut, **READ},
    auth=signed_in,
    summary="One applicant: what they sent, and nothing else (the employer)",
)
def applicant(request: HttpRequest, submission_id: int = ID) -> dict[str, Any]:
    return submission_out(apply_queries.received_or_404(request.user, submission_id))


@router.post(
    "/applicants/{submission_id}/status",
    response={200: SubmissionOut, **WRITE},
    auth=writer,
    summary="Move an applicant along (a decline sends its message in their language)",
)
def applicant_status(
    request: HttpRequest, payload: EmployerStatusIn, submission_id: int = ID
) -> dict[str, Any]:
    found = apply_queries.received_or_404(request.user, submission_id)
    apply_services.set_status(request.user, found, payload.status, payload.template or "")
    return submission_out(apply_queries.received_or_404(request.user, submission_id))
