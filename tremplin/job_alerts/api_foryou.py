"""Jobs for you over the API (/api/v1/jobs-for-you): the member's suggestions with their
reasons, their job preferences, and a client's best matches for their counsellor (while
the case grants the profile scope). The same reads (`foryou.py`) and actions
(`foryou_services.py`) as the pages; a refusal is answered by the API's one handler."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from ninja import Field, Path, Router, Schema
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, ErrorOut, StrictSchema
from tremplin.core.consent import counsels_or_refuse
from tremplin.counselling.models import Scope
from tremplin.job_alerts import foryou, foryou_services
from tremplin.job_alerts.api import PostingResultOut, RegionCode, posting_urls, result_out
from tremplin.job_alerts.models import RemoteChoice
from tremplin.jobs.models import SalaryUnit

router = Router(tags=["job_alerts"])

READ = {401: ErrorOut}
CASE_SHOWN = 5

RemoteCode = Literal[tuple(RemoteChoice.values)]  # type: ignore[valid-type]
UnitCode = Literal[tuple(SalaryUnit.values)]  # type: ignore[valid-type]


class JobReasonOut(Schema):
    code: str = Field(description="role, skills, region, remote, language or salary")
    items: list[str]


class JobSuggestionOut(Schema):
    posting: PostingResultOut
    score: int
    reasons: list[JobReasonOut]
    sentences: list[str] = Field(description="The reasons in the caller's language.")


class JobSuggestionsOut(Schema):
    results: list[JobSuggestionOut]
    empty: bool = Field(description="True: no desired job and no skill to match on yet.")


class JobPreferencesOut(Schema):
    desired_roles: list[str]
    region: str
    remote: str
    min_salary: Decimal | None
    salary_unit: str
    languages: list[str]
    weekly_digest: bool


class JobPreferencesIn(StrictSchema):
    desired_roles: list[str] = Field(
        default_factory=list,
        max_length=foryou_services.MAX_ROLES,
        json_schema_extra={"items": {"type": "string", "maxLength": 80, "pattern": TEXT}},
    )
    region: RegionCode | Literal[""] = ""  # type: ignore[valid-type]
    remote: RemoteCode = "also"  # type: ignore[valid-type]
    min_salary: Annotated[float, Field(strict=True, ge=0, le=4_000_000)] | None = None
    salary_unit: UnitCode = "YEAR"  # type: ignore[valid-type]
    languages: list[Literal["fr", "en"]] = Field(default_factory=list, max_length=2)
    weekly_digest: StrictBool = Field(False, description="The weekly email's opt-in (CASL).")


def _suggestions_out(
    found: list[foryou.Suggestion], empty: bool, about_client: bool = False
) -> dict[str, Any]:
    url_of = posting_urls()
    return {
        "results": [
            {
                "posting": result_out(s.posting, url_of),
                "score": s.score,
                "reasons": s.reasons,
                "sentences": s.sentences_about_client if about_client else s.sentences,
            }
            for s in found
        ],
        "empty": empty,
    }


def _preferences_out(member: Any) -> dict[str, Any]:
    prefs = foryou.preferences_of(member)
    defaults = foryou.profile_defaults(member, role=False)
    return {
        "desired_roles": prefs.roles if prefs else [],
        "region": prefs.region if prefs else defaults["region"],
        "remote": prefs.remote if prefs else RemoteChoice.ALSO,
        "min_salary": prefs.min_salary if prefs else None,
        "salary_unit": prefs.salary_unit if prefs else SalaryUnit.YEAR,
        "languages": (prefs.languages if prefs else None) or defaults["languages"],
        "weekly_digest": foryou_services.wants_digest(member),
    }


@router.get(
    "/", response={200: JobSuggestionsOut, **READ}, auth=signed_in,
    summary="Jobs for me: open postings ranked for me, with the reasons",
)  # fmt: skip
def my_suggestions(request: HttpRequest) -> dict[str, Any]:
    wishes = foryou.wishes_of(request.user)
    return _suggestions_out(foryou.suggest(request.user, wishes), wishes.empty)


@router.get(
    "/preferences", response={200: JobPreferencesOut, **READ}, auth=signed_in,
    summary="My job preferences (the profile's defaults until saved)",
)  # fmt: skip
def get_preferences(request: HttpRequest) -> dict[str, Any]:
    return _preferences_out(request.user)


@router.put(
    "/preferences",
    response={200: JobPreferencesOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=writer,
    summary="Replace my job preferences",
)
def put_preferences(request: HttpRequest, payload: JobPreferencesIn) -> dict[str, Any]:
    foryou_services.save_preferences(request.user, payload.dict())
    return _preferences_out(request.user)


@router.get(
    "/clients/{client_id}",
    response={200: JobSuggestionsOut, **READ, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="A client's best matches (their counsellor, while the case grants the profile)",
    description="403 with code `not_granted` when the caller counsels this client in an "
    "open case that does not grant the profile scope now (withdrawn or paused); 404 for "
    "anyone who is not this member's counsellor.",
)
def client_suggestions(
    request: HttpRequest, client_id: int = Path(..., ge=1, le=2**63 - 1)
) -> dict[str, Any]:
    counsels_or_refuse(request.user, client_id, Scope.PROFILE)
    client = get_user_model().objects.get(pk=client_id)
    wishes = foryou.wishes_of(client, viewer=request.user)
    found = foryou.suggest(client, wishes, limit=CASE_SHOWN)
    return _suggestions_out(found, wishes.empty, about_client=True)
