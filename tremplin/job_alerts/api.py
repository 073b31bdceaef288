"""Job search and job alerts over the API (/api/v1/job-alerts). The same actions as the
pages (`services.py`, `search.search`) and reads (`queries.py`); a saved search that is
not the caller's is a 404. A refusal is answered by the API's one handler."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import FILLED_TEXT, OPTIONAL_AUTH, TEXT, ErrorOut, StrictSchema
from tremplin.core.regions import Region
from tremplin.job_alerts import queries, services
from tremplin.job_alerts.models import SavedSearch
from tremplin.job_alerts.search import MAX_PAGE, MAX_QUERY, BadSearch, SearchParams, search
from tremplin.jobs.models import EmploymentType, Posting

router = Router(tags=["job_alerts"])

READ = {401: ErrorOut}
# 400: a body that is not JSON (create and change).
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
SAVED_ID = Path(..., ge=1, le=2**63 - 1)

RegionCode = Literal[tuple(Region.values)]  # type: ignore[valid-type]
EmploymentCode = Literal[tuple(EmploymentType.values)]  # type: ignore[valid-type]


class PostingResultOut(Schema):
    id: int
    title: str
    employer: str
    city: str
    region: str
    workplace: str = Field(description="on_site, hybrid or remote")
    employment_type: str
    salary_min: Decimal | None
    salary_max: Decimal | None
    salary_unit: str
    salary_currency: str
    date_posted: datetime | None
    url: str


class SearchPageOut(Schema):
    results: list[PostingResultOut]
    sort: str
    next_cursor: str | None = Field(description="Date sort: pass as `cursor` for the next page.")
    next_page: int | None = Field(description="Relevance sort: pass as `page` for the next page.")


_MARK = 987654321


def posting_urls() -> Callable[[int], str]:
    """`pk -> the posting's address` in the active language: one `reverse` per page of
    results instead of one per result (a twentieth of a search request's time)."""
    template = reverse("jobs:posting", args=[_MARK])
    return lambda pk: template.replace(str(_MARK), str(pk))


def result_out(posting: Posting, url_of: Callable[[int], str]) -> dict[str, Any]:
    return {
        "id": posting.pk,
        "title": posting.title,
        "employer": posting.hiring_organization_name,
        "city": posting.city,
        "region": posting.region,
        "workplace": posting.workplace,
        "employment_type": posting.employment_type,
        "salary_min": posting.salary_min,
        "salary_max": posting.salary_max,
        "salary_unit": posting.salary_unit,
        "salary_currency": posting.salary_currency,
        "date_posted": posting.date_posted,
        "url": url_of(posting.pk),
    }


@router.get(
    "/search",
    response={200: SearchPageOut, 401: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Search open job postings (only those the caller may see)",
)
def search_jobs(
    request: HttpRequest,
    q: str = Query("", max_length=MAX_QUERY, pattern=TEXT),
    region: RegionCode | None = Query(None),  # type: ignore[valid-type]
    remote: bool | None = Query(None),
    employment_type: EmploymentCode | None = Query(None),  # type: ignore[valid-type]
    min_salary: int | None = Query(None, ge=0, le=10_000_000),
    language: Literal["fr", "en"] | None = Query(None),
    posted_since: int | None = Query(None, ge=1, le=365, description="days"),
    organization: str = Query("", max_length=80, pattern=r"^[-A-Za-z0-9_]*$"),
    sort: Literal["relevance", "date"] | None = Query(None),
    cursor: str = Query("", max_length=40, pattern=r"^(\d+\.\d+)?$"),
    page: int = Query(1, ge=1, le=MAX_PAGE),
) -> Any:
    params = SearchParams(
        q=q, region=region or "", remote=remote, employment_type=employment_type or "",
        min_salary=min_salary, language=language or "", posted_since=posted_since,
        organization=organization, sort=sort or "", cursor=cursor, page=page,
    )  # fmt: skip
    try:
        found = search(request.user, params)
    except BadSearch as error:
        return Status(422, {"detail": f"Invalid value: {error}"})
    url_of = posting_urls()
    return {
        "results": [result_out(p, url_of) for p in found.results],
        "sort": found.sort,
        "next_cursor": found.next_cursor,
        "next_page": found.next_page,
    }


# ------------------------------------------------------------------ saved searches


# Quiet hours travel as "HH:MM", local time (settings.JOB_ALERTS_QUIET_HOURS_TZ): an
# OpenAPI `format: time` is an RFC 3339 time, which needs a UTC offset, and an offset
# means nothing for "no emails between 21:00 and 08:00 where I live".
QUIET = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
QuietTime = Annotated[str, Field(pattern=QUIET, description="HH:MM, local time (Toronto)")]


def _quiet_out(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _quiet_in(data: dict[str, Any]) -> None:
    for name in ("quiet_start", "quiet_end"):
        if isinstance(data.get(name), str):
            data[name] = time.fromisoformat(data[name])


class SavedSearchOut(Schema):
    id: int
    name: str
    q: str
    region: str
    remote: bool | None
    employment_type: str
    min_salary: int | None
    language: str
    posted_since: int | None
    organization: str = Field(description="The employer's address (slug), or empty.")
    sort: str
    is_alert: bool = Field(description="True: new matching jobs are notified at once.")
    delivery: str = Field(description="in_app, email (at once) or digest (daily)")
    quiet_start: QuietTime | None
    quiet_end: QuietTime | None
    emails_stopped: bool = Field(
        description="True when the member unsubscribed from job-alert emails."
    )
    created: datetime
    updated: datetime


class SavedSearchIn(StrictSchema):
    name: str = Field(min_length=1, max_length=100, pattern=FILLED_TEXT)
    q: str = Field("", max_length=MAX_QUERY, pattern=TEXT)
    region: RegionCode | Literal[""] = ""  # type: ignore[valid-type]
    remote: StrictBool | None = None
    employment_type: EmploymentCode | Literal[""] = ""  # type: ignore[valid-type]
    min_salary: int | None = Field(None, ge=0, le=10_000_000)
    language: Literal["fr", "en", ""] = ""
    posted_since: int | None = Field(None, ge=1, le=365)
    organization: str = Field("", max_length=80, pattern=r"^[-A-Za-z0-9_]*$")
    sort: Literal["relevance", "date"] = "relevance"
    is_alert: StrictBool = True
    delivery: Literal["in_app", "email", "digest"] = Field(
        "in_app",
        description="email or digest is the member's opt-in to alert emails (CASL); "
        "in_app by default.",
    )
    quiet_start: QuietTime | None = Field(None, description="Both empty: no quiet hours.")
    quiet_end: QuietTime | None = None


class SavedSearchPatch(StrictSchema):
    name: str | None = Field(None, min_length=1, max_length=100, pattern=FILLED_TEXT)
    q: str | None = Field(None, max_length=MAX_QUERY, pattern=TEXT)
    region: RegionCode | Literal[""] | None = None  # type: ignore[valid-type]
    remote: StrictBool | None = None
    employment_type: EmploymentCode | Literal[""] | None = None  # type: ignore[valid-type]
    min_salary: int | None = Field(None, ge=0, le=10_000_000)
    language: Literal["fr", "en", ""] | None = None
    posted_since: int | None = Field(None, ge=1, le=365)
    organization: str | None = Field(None, max_length=80, pattern=r"^[-A-Za-z0-9_]*$")
    sort: Literal["relevance", "date"] | None = None
    is_alert: StrictBool | None = None
    delivery: Literal["in_app", "email", "digest"] | None = None
    quiet_start: QuietTime | None = None
    quiet_end: QuietTime | None = None


def saved_out(saved: SavedSearch, stopped: bool) -> dict[str, Any]:
    return {
        "id": saved.pk,
        "name": saved.name,
        "q": saved.q,
        "region": saved.region,
        "remote": saved.remote,
        "employment_type": saved.employment_type,
        "min_salary": saved.min_salary,
        "language": saved.language,
        "posted_since": saved.posted_since,
        "organization": saved.organization.slug if saved.organization else "",
        "sort": saved.sort,
        "is_alert": saved.is_alert,
        "delivery": saved.delivery,
        "quiet_start": _quiet_out(saved.quiet_start),
        "quiet_end": _quiet_out(saved.quiet_end),
        "emails_stopped": stopped,
        "created": saved.created,
        "updated": saved.updated,
    }


@router.get(
    "/", response={200: list[SavedSearchOut], **READ}, auth=signed_in,
    summary="My saved searches and alerts",
)  # fmt: skip
def list_saved(request: HttpRequest) -> list[dict[str, Any]]:
    stopped = services.emails_stopped(request.user)
    rows = queries.saved_searches(request.user)[: services.MAX_SAVED_SEARCHES]
    return [saved_out(s, stopped) for s in rows]


@router.post(
    "/", response={201: SavedSearchOut, **WRITE}, auth=writer,
    summary="Save a search; with is_alert (the default) it is an alert",
)  # fmt: skip
def create_saved(request: HttpRequest, payload: SavedSearchIn) -> Status:
    data = payload.model_dump()
    data["organization"] = services.employer_named(payload.organization)
    for name in ("quiet_start", "quiet_end"):
        if name not in payload.model_fields_set:
            del data[name]  # the default quiet hours (21:00 to 08:00)
    _quiet_in(data)
    saved = services.save_search(request.user, data)
    return Status(201, saved_out(saved, services.emails_stopped(request.user)))


@router.get(
    "/{saved_id}", response={200: SavedSearchOut, **READ, 404: ErrorOut, 422: ErrorOut},
    auth=signed_in, summary="One of my saved searches",
)  # fmt: skip
def get_saved(request: HttpRequest, saved_id: int = SAVED_ID) -> dict[str, Any]:
    saved = queries.saved_search_or_404(request.user, saved_id)
    return saved_out(saved, services.emails_stopped(request.user))


@router.patch(
    "/{saved_id}", response={200: SavedSearchOut, **WRITE}, auth=writer,
    summary="Change a saved search or alert (only the fields sent)",
)  # fmt: skip
def update_saved(
    request: HttpRequest, payload: SavedSearchPatch, saved_id: int = SAVED_ID
) -> dict[str, Any]:
    saved = queries.saved_search_or_404(request.user, saved_id)
    data = payload.model_dump(exclude_unset=True)
    if "organization" in data:
        data["organization"] = services.employer_named(data["organization"] or "")
    for name in ("q", "region", "employment_type", "language"):
        if name in data and data[name] is None:
            data[name] = ""
    for name in ("name", "sort", "is_alert", "delivery"):
        if name in data and data[name] is None:
            del data[name]
    _quiet_in(data)
    saved = services.save_search(request.user, data, saved=saved)
    return saved_out(saved, services.emails_stopped(request.user))


@router.delete(
    "/{saved_id}", response={204: None, **WRITE}, auth=writer, summary="Delete a saved search",
)  # fmt: skip
def delete_saved(request: HttpRequest, saved_id: int = SAVED_ID) -> Status:
    services.delete_search(request.user, queries.saved_search_or_404(request.user, saved_id))
    return Status(204, None)


@router.post(
    "/{saved_id}/pause", response={200: SavedSearchOut, **WRITE}, auth=writer,
    summary="Pause an alert (the search stays saved)",
)  # fmt: skip
def pause(request: HttpRequest, saved_id: int = SAVED_ID) -> dict[str, Any]:
    saved = services.set_active(
        request.user, queries.saved_search_or_404(request.user, saved_id), False
    )
    return saved_out(saved, services.emails_stopped(request.user))


@router.post(
    "/{saved_id}/resume", response={200: SavedSearchOut, **WRITE}, auth=writer,
    summary="Turn an alert on again",
)  # fmt: skip
def resume(request: HttpRequest, saved_id: int = SAVED_ID) -> dict[str, Any]:
    saved = services.set_active(
        request.user, queries.saved_search_or_404(request.user, saved_id), True
    )
    return saved_out(saved, services.emails_stopped(request.user))
