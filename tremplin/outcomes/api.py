"""Surveys and the agency report over the API.

- POST /cases/{case_id}/surveys: the case's counsellor sends a mid-service survey.
- GET /surveys/mine: the signed-in client's surveys waiting for an answer.
- POST /surveys/answer: answer with the emailed link's token (no sign-in needed).
- POST /surveys/{survey_id}/answer: the signed-in client answers their own survey.
- GET /agencies/{slug}/report: the agency report (the agency's admins only), with the
  same suppression as the page: a hidden value is null with "suppressed": true.

A refusal of an action is answered by the API's handler from
`tremplin.core.refusals.STATUSES` (an expired link is a 410, an answered one a 409).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, ErrorOut, StrictSchema
from tremplin.counselling import queries as counselling
from tremplin.outcomes import queries, services
from tremplin.outcomes import report as reporting
from tremplin.outcomes.forms import EARLIEST, LATEST, LONGEST_DAYS
from tremplin.outcomes.models import SurveyInvitation, SurveyResponse

router = Router(tags=["outcomes"])

ID = Path(..., ge=1, le=2_147_483_647)
SLUG = Path(..., min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")


class OutcomesSurveyOut(Schema):
    """A survey as its client or counsellor may know it: never the answer."""

    id: int
    case_id: int
    kind: str = Field(description="exit or mid_service.")
    sent_at: datetime
    expires_at: datetime
    answered: bool


class OutcomesAnswerOut(Schema):
    survey_id: int
    answered_at: datetime


class OutcomesLinkAnswerIn(StrictSchema):
    token: str = Field(
        min_length=1, max_length=services.MAX_LINK_LENGTH, description="The signed link value."
    )
    score: int = Field(ge=1, le=5, description="1 (very dissatisfied) to 5 (very satisfied).")
    comment: str = Field("", max_length=services.COMMENT_MAX, pattern=TEXT)


class OutcomesAnswerIn(StrictSchema):
    score: int = Field(ge=1, le=5, description="1 (very dissatisfied) to 5 (very satisfied).")
    comment: str = Field("", max_length=services.COMMENT_MAX)


class OutcomesFigureOut(Schema):
    value: int | None = Field(description="Null when suppressed.")
    suppressed: bool


class OutcomesCellOut(Schema):
    key: str
    label: str
    value: int | None
    suppressed: bool


class OutcomesBreakdownOut(Schema):
    cells: list[OutcomesCellOut]
    total: OutcomesFigureOut


class OutcomesFollowUpOut(OutcomesBreakdownOut):
    months: int


class OutcomesSatisfactionOut(Schema):
    key: str
    label: str
    answers: int | None = Field(description="Null when suppressed.")
    satisfied_percent: int | None = Field(description="Share at 4 or 5; null when suppressed.")
    suppressed: bool


class OutcomesSatisfactionGroupsOut(Schema):
    overall: OutcomesSatisfactionOut
    by_counsellor: list[OutcomesSatisfactionOut]
    by_service: list[OutcomesSatisfactionOut]
    by_kind: list[OutcomesSatisfactionOut]


class OutcomesReportOut(Schema):
    start: date
    end: date
    threshold: int = Field(description="Groups under this count are suppressed.")
    clients_served: OutcomesFigureOut
    active_now: OutcomesFigureOut
    exits: OutcomesBreakdownOut
    follow_ups: list[OutcomesFollowUpOut]
    satisfaction: OutcomesSatisfactionGroupsOut


def survey_out(invitation: SurveyInvitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "case_id": invitation.case_id,
        "kind": invitation.kind,
        "sent_at": invitation.sent_at,
        "expires_at": invitation.expires_at,
        "answered": invitation.answered_at is not None,
    }


def _answered(response: SurveyResponse) -> dict[str, Any]:
    return {"survey_id": response.invitation_id, "answered_at": response.created}


@router.post(
    "/cases/{case_id}/surveys",
    response={
        201: OutcomesSurveyOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    auth=writer,
    summary="Send a mid-service survey to the client (the case's counsellor, active case)",
)
def send_survey(request: HttpRequest, case_id: int = ID) -> Status:
    found = counselling.counsellor_case_or_404(request.user, case_id)
    made = services.send_mid_service_survey(request.user, found)
    return Status(201, survey_out(made))


@router.get(
    "/surveys/mine",
    response={200: list[OutcomesSurveyOut], 401: ErrorOut},
    auth=signed_in,
    summary="My surveys waiting for an answer (client)",
)
def my_surveys(request: HttpRequest) -> list[dict[str, Any]]:
    return [survey_out(i) for i in queries.waiting_for(request.user)[:100]]


@router.post(
    "/surveys/answer",
    response={
        201: OutcomesAnswerOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        410: ErrorOut,
        422: ErrorOut,
    },
    auth=None,
    summary="Answer a survey with the emailed link's token (no sign-in; once)",
    description=(
        "404: unknown or altered token; 410: the link expired; 409: already answered; "
        "422: a score outside 1..5 or a comment over 2,000 characters."
    ),
)
def answer_by_link(request: HttpRequest, payload: OutcomesLinkAnswerIn) -> Status:
    made = services.answer_by_link(
        payload.token, payload.score, payload.comment, translation.get_language() or "fr"
    )
    return Status(201, _answered(made))


@router.post(
    "/surveys/{survey_id}/answer",
    response={
        201: OutcomesAnswerOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        410: ErrorOut,
        422: ErrorOut,
    },
    auth=writer,
    summary="Answer my own survey (the signed-in client)",
)
def answer_mine(request: HttpRequest, payload: OutcomesAnswerIn, survey_id: int = ID) -> Status:
    made = services.answer_as_client(
        request.user,
        survey_id,
        payload.score,
        payload.comment,
        translation.get_language() or "fr",
    )
    return Status(201, _answered(made))


@router.get(
    "/agencies/{slug}/report",
    response={200: OutcomesReportOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="The agency's outcomes and satisfaction report (the agency's admins)",
    description="Default period: the last 12 months. Groups under 5 are null, suppressed.",
)
def agency_report(
    request: HttpRequest,
    slug: str = SLUG,
    start: date | None = Query(None, description="First day (YYYY-MM-DD)."),
    end: date | None = Query(None, description="Last day (YYYY-MM-DD)."),
) -> dict[str, Any] | Status:
    agency = counselling.admin_agency_or_404(request.user, slug)
    for value in (start, end):
        if value is not None and not (EARLIEST <= value <= LATEST):
            return Status(
                422,
                {"detail": f"Choose dates between {EARLIEST} and {LATEST}."},
            )
    default_start, default_end = reporting.default_period()
    end = end or default_end
    start = start or (reporting.default_period(end)[0] if end != default_end else default_start)
    if start > end:
        return Status(422, {"detail": "The end date must be on or after the start date."})
    if (end - start).days > LONGEST_DAYS:
        return Status(422, {"detail": "A report covers at most ten years."})
    return reporting.report_json(reporting.build_report(agency, start, end))
