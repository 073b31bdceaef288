"""Job postings over the API: the same actions as the pages (`services.py`), the same
rule for who sees what (`Posting.objects.visible_to`: anything else is a 404)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool, field_validator

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.errors import refusal_for
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut, StrictSchema
from tremplin.core.scam import reason_label
from tremplin.jobs import services
from tremplin.jobs.jsonld import has_json_ld, job_posting
from tremplin.jobs.models import Posting, PostingStatus, is_agency_admin, is_moderator
from tremplin.jobs.views import client_ip, review_queue_of

router = Router(tags=["jobs"])

STATUS_FOR = {"forbidden": 403, "transition": 409, "rate_limited": 429, "invalid": 422}
refused = refusal_for(STATUS_FOR)

POSTING_ID = Path(..., ge=1, le=2_147_483_647)
READ = {404: ErrorOut}
# 400: a body that is not JSON at all.
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
OFFSET = Query(0, ge=0, le=1000)
LIMIT = Query(20, ge=1, le=50)

EmploymentTypeName = Literal[
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"
]
WorkplaceName = Literal["on_site", "hybrid", "remote"]
RegionName = Literal[
    "", "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"
]
SalaryUnitName = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]
ApplyMethodName = Literal["url", "email", "here"]
AudienceName = Literal["public", "members", "agency"]
StatusName = Literal["draft", "review", "open", "rejected", "closed", "expired", "removed"]
ReportReasonName = Literal["scam", "misleading", "discriminatory", "expired", "other"]
Amount = Decimal


# ------------------------------------------------------------------ schemas


class JobHoldReasonOut(Schema):
    code: str
    label: str


class JobPostingOut(Schema):
    id: int
    url: str = Field(description="The posting's page, in the request's language.")
    status: str
    is_open: bool = Field(description="Open and not past its closing date: takes applications.")
    title: str = Field(description="In the caller's language when written in it.")
    title_fr: str
    title_en: str
    description_fr: str = Field(description="Markdown.")
    description_en: str = Field(description="Markdown.")
    languages: list[str] = Field(description="The languages the posting is written in.")
    hiring_organization_name: str
    hiring_organization_url: str
    organization: str | None = Field(description="The employer's slug on Tremplin.")
    organization_verified: bool
    agency: str | None = Field(description="The slug of the agency that posted or imported it.")
    employment_type: str
    workplace: str
    city: str
    region: str
    applicant_location: str
    salary_min: float | None
    salary_max: float | None
    salary_unit: str
    salary_currency: str
    salary_min_yearly: float | None
    requires_french: bool
    requires_english: bool
    apply_method: str
    apply_url: str
    apply_email: str
    identifier: str
    source: str
    source_url: str
    audience: str
    date_posted: dt.datetime | None
    valid_through: dt.datetime | None
    closed_at: dt.datetime | None
    updated: dt.datetime
    manager: bool = Field(description="Whether the caller may edit it and change its status.")
    hold_reasons: list[JobHoldReasonOut] = Field(
        description="Why the scam guard held it (its managers and reviewers only)."
    )
    review_note: str = Field(description="The reviewer's note (its managers and reviewers).")


class JobPostingDetailOut(JobPostingOut):
    json_ld: dict[str, Any] | None = Field(
        description="schema.org JobPosting (public open postings only; else null)."
    )


class JobPostingPage(Schema):
    results: list[JobPostingOut]
    next_offset: int | None


class _PostingFields(StrictSchema):
    title_fr: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description_fr: str = Field("", max_length=20000, description="Markdown.")
    description_en: str = Field("", max_length=20000, description="Markdown.")
    hiring_organization_name: str = Field(
        "", max_length=150, description="Required for an agency's posting (the employer)."
    )
    hiring_organization_url: str = Field("", max_length=200)
    employment_type: EmploymentTypeName = "FULL_TIME"
    workplace: WorkplaceName = "on_site"
    city: str = Field("", max_length=80)
    region: RegionName = Field("", description="Required unless the job is remote.")
    applicant_location: str = Field("", max_length=120)
    salary_min: Amount | None = Field(None, ge=0, le=4_000_000, decimal_places=2)
    salary_max: Amount | None = Field(None, ge=0, le=4_000_000, decimal_places=2)
    salary_unit: SalaryUnitName = "HOUR"
    salary_currency: str = Field("CAD", min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")
    requires_french: StrictBool = False
    requires_english: StrictBool = False
    apply_method: ApplyMethodName = "url"
    apply_url: str = Field("", max_length=500)
    apply_email: str = Field("", max_length=254)
    identifier: str = Field("", max_length=120)
    valid_through: dt.datetime | None = Field(
        None, description="The closing date: in the future, six months at most."
    )
    audience: AudienceName = "public"

    @field_validator("valid_through")
    @classmethod
    def _sane_year(cls, value):
        if value is not None and not (2000 <= value.year <= 2200):
            raise ValueError("Enter a date between the years 2000 and 2200.")
        return value


class JobPostingIn(_PostingFields):
    organization: str | None = Field(
        None, max_length=80, description="The employer's slug (for an employer's posting)."
    )
    agency: str | None = Field(
        None, max_length=80, description="The agency's slug (for an agency's posting)."
    )
    publish: StrictBool = Field(
        False,
        description="Open it now (verified employers, agency staff) or send it to review.",
    )


class JobPostingUpdateIn(_PostingFields):
    """Only the fields sent are changed."""


class JobReviewIn(StrictSchema):
    note: str = Field("", max_length=2000, description="Required to reject.")


class JobReopenIn(StrictSchema):
    valid_through: dt.datetime | None = Field(
        None, description="A new closing date (needed once the old one has passed)."
    )

    @field_validator("valid_through")
    @classmethod
    def _sane_year(cls, value):
        if value is not None and not (2000 <= value.year <= 2200):
            raise ValueError("Enter a date between the years 2000 and 2200.")
        return value


class JobRemoveIn(StrictSchema):
    note: str = Field("", max_length=2000)


class JobReportIn(StrictSchema):
    reason: ReportReasonName
    details: str = Field("", max_length=2000)


class JobReportOut(Schema):
    id: int
    reason: str
    created: dt.datetime


class JobReportedOut(Schema):
    posting: JobPostingOut
    reports: list[JobReportOut]


# ------------------------------------------------------------------ helpers


def _float(value) -> float | None:
    return float(value) if value is not None else None


def posting_out(posting: Posting, viewer, *, manager: bool | None = None) -> dict[str, Any]:
    if manager is None:
        manager = services.can_manage(viewer, posting)
    insider = (
        manager
        or (viewer is not None and posting.reviewed_by_id == viewer.pk)
        or (posting.status == PostingStatus.REVIEW and is_agency_admin(viewer))
    )
    organization = posting.organization
    return {
        "id": posting.pk,
        "url": posting.get_absolute_url(),
        "status": posting.status,
        "is_open": posting.is_open,
        "title": posting.title,
        "title_fr": posting.title_fr,
        "title_en": posting.title_en,
        "description_fr": posting.description_fr,
        "description_en": posting.description_en,
        "languages": posting.languages,
        "hiring_organization_name": posting.hiring_organization_name,
        "hiring_organization_url": posting.hiring_organization_url,
        "organization": organization.slug if organization else None,
        "organization_verified": bool(organization and organization.verified),
        "agency": posting.agency.slug if posting.agency else None,
        "employment_type": posting.employment_type,
        "workplace": posting.workplace,
        "city": posting.city,
        "region": posting.region,
        "applicant_location": posting.applicant_location,
        "salary_min": _float(posting.salary_min),
        "salary_max": _float(posting.salary_max),
        "salary_unit": posting.salary_unit,
        "salary_currency": posting.salary_currency,
        "salary_min_yearly": _float(posting.salary_min_yearly),
        "requires_french": posting.requires_french,
        "requires_english": posting.requires_english,
        "apply_method": posting.apply_method,
        "apply_url": posting.apply_url,
        "apply_email": posting.apply_email,
        "identifier": posting.identifier,
        "source": posting.source,
        "source_url": posting.source_url,
        "audience": posting.audience,
        "date_posted": posting.date_posted,
        "valid_through": posting.valid_through,
        "closed_at": posting.closed_at,
        "updated": posting.updated,
        "manager": manager,
        "hold_reasons": (
            [{"code": c, "label": reason_label(c)} for c in posting.hold_reasons] if insider else []
        ),
        "review_note": posting.review_note if insider else "",
    }


def visible(viewer, pk: int) -> Posting:
    queryset = Posting.objects.select_related("organization", "agency")
    found = queryset.visible_to(viewer).filter(pk=pk).first()
    if found is None:
        found = queryset.reported_to(viewer).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def managed(viewer, pk: int) -> Posting:
    posting = visible(viewer, pk)
    if not services.can_manage(viewer, posting):
        raise services.PermissionDenied("You cannot change this posting.")
    return posting


def detail_out(request, posting: Posting) -> dict[str, Any]:
    out = posting_out(posting, request.user)
    out["json_ld"] = (
        job_posting(posting, request.build_absolute_uri(posting.get_absolute_url()))
        if has_json_ld(posting)
        else None
    )
    return out


def page_of(queryset, viewer, offset: int, limit: int, *, manager: bool | None = None) -> dict:
    rows = list(queryset.select_related("organization", "agency")[offset : offset + limit + 1])
    return {
        "results": [posting_out(p, viewer, manager=manager) for p in rows[:limit]],
        "next_offset": offset + limit if len(rows) > limit else None,
    }


def _payload(body: StrictSchema) -> dict[str, Any]:
    """The fields the caller sent (a PATCH changes only those)."""
    return body.model_dump(exclude_unset=True)


def _org(slug: str | None, kind: str):
    from tremplin.organizations.models import Organization

    if not slug:
        return None
    found = Organization.objects.filter(slug=slug.strip(), kind=kind).first()
    if found is None:
        raise Http404
    return found


# ------------------------------------------------------------------ reading


@router.get(
    "",
    response={200: JobPostingPage, 401: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Open job postings, newest first",
)
def posting_list(request, offset: int = OFFSET, limit: int = LIMIT):
    queryset = Posting.objects.visible_to(request.user).open().order_by("-date_posted", "-id")
    return page_of(queryset, request.user, offset, limit)


@router.get(
    "/mine",
    response={200: JobPostingPage, 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Postings I manage (mine, my employer's, my agency's)",
)
def my_postings(
    request,
    status: StatusName | None = Query(None),
    offset: int = OFFSET,
    limit: int = LIMIT,
):
    queryset = Posting.objects.managed_by(request.user).order_by("-updated", "-id")
    if status:
        queryset = queryset.filter(status=status)
    return page_of(queryset, request.user, offset, limit, manager=True)


@router.get(
    "/review",
    response={200: JobPostingPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="The review queue, oldest first (agency admins)",
)
def review_queue(request, offset: int = OFFSET, limit: int = LIMIT):
    if not is_agency_admin(request.user):
        return Status(403, {"detail": "Only agency administrators review postings."})
    return page_of(review_queue_of(request.user), request.user, offset, limit)


@router.get(
    "/reports",
    response={200: list[JobReportedOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Postings with unresolved reports (moderators, agency admins)",
)
def reported(request, offset: int = OFFSET, limit: int = LIMIT):
    if not is_moderator(request.user):
        return Status(403, {"detail": "Only moderators and agency administrators handle reports."})
    rows = (
        Posting.objects.reported_to(request.user)
        .select_related("organization", "agency")
        .prefetch_related("reports")
        .order_by("-updated", "-id")[offset : offset + limit]
    )
    return [
        {
            "posting": posting_out(p, request.user),
            "reports": [r for r in p.reports.all() if r.resolved_at is None][:20],
        }
        for p in rows
    ]


@router.get(
    "/{posting_id}",
    response={200: JobPostingDetailOut, 401: ErrorOut, **READ, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A posting, as the caller may see it (with its JSON-LD when public and open)",
)
def posting_detail(request, posting_id: int = POSTING_ID):
    return detail_out(request, visible(request.user, posting_id))


@router.get(
    "/{posting_id}/json-ld",
    response={200: dict[str, Any], 401: ErrorOut, **READ, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="schema.org JobPosting of a public open posting",
)
def posting_json_ld(request, posting_id: int = POSTING_ID):
    posting = visible(request.user, posting_id)
    if not has_json_ld(posting):
        raise Http404
    return job_posting(posting, request.build_absolute_uri(posting.get_absolute_url()))


# ------------------------------------------------------------------ writing


@router.post(
    "",
    response={201: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Post a job (a draft, or published with publish=true)",
)
def create(request, payload: JobPostingIn):
    from tremplin.organizations.models import OrgKind

    data = _payload(payload)
    org_slug, agency_slug = data.pop("organization", None), data.pop("agency", None)
    publish = bool(data.pop("publish", False))
    if not services.can_post(request.user):
        return Status(403, {"detail": "Only employers and agency staff can post jobs."})
    try:
        organization = _org(org_slug, OrgKind.EMPLOYER)
        agency = _org(agency_slug, OrgKind.AGENCY)
        posting = services.create_posting(
            request.user, data, organization=organization, agency=agency, publish=publish
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, detail_out(request, visible(request.user, posting.pk)))


@router.patch(
    "/{posting_id}",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Change a posting (only the fields sent)",
)
def update(request, payload: JobPostingUpdateIn, posting_id: int = POSTING_ID):
    posting = managed(request.user, posting_id)
    try:
        services.update_posting(request.user, posting, _payload(payload))
    except ValidationError as error:
        return refused(error)
    return detail_out(request, visible(request.user, posting_id))


def _status_change(request, posting_id: int, action, *args, manage: bool = True):
    posting = managed(request.user, posting_id) if manage else visible(request.user, posting_id)
    try:
        action(request.user, posting, *args)
    except ValidationError as error:
        return refused(error)
    # The caller may no longer see it (a reviewer who refused it): answer with what they
    # just did, not a lookup.
    posting.refresh_from_db()
    return detail_out(request, posting)


@router.post(
    "/{posting_id}/publish",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Publish a draft (opens it, or sends it to review for an unverified employer)",
)
def publish(request, posting_id: int = POSTING_ID):
    return _status_change(request, posting_id, services.publish)


@router.post(
    "/{posting_id}/close",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Close an open posting (stop taking applications)",
)
def close(request, posting_id: int = POSTING_ID):
    return _status_change(request, posting_id, services.close)


@router.post(
    "/{posting_id}/reopen",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Reopen a closed or expired posting",
)
def reopen(request, payload: JobReopenIn, posting_id: int = POSTING_ID):
    return _status_change(request, posting_id, services.reopen, payload.valid_through)


@router.post(
    "/{posting_id}/approve",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Approve a posting waiting for review (agency admins)",
)
def approve(request, payload: JobReviewIn, posting_id: int = POSTING_ID):
    return _status_change(request, posting_id, services.approve, payload.note, manage=False)


@router.post(
    "/{posting_id}/reject",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Refuse a posting waiting for review, saying why (agency admins)",
)
def reject(request, payload: JobReviewIn, posting_id: int = POSTING_ID):
    return _status_change(request, posting_id, services.reject, payload.note, manage=False)


@router.post(
    "/{posting_id}/remove",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Remove a reported posting (moderators, agency admins)",
)
def remove(request, payload: JobRemoveIn, posting_id: int = POSTING_ID):
    posting = visible(request.user, posting_id)
    if not services.can_remove(request.user, posting):
        return Status(403, {"detail": "You cannot remove this posting."})
    try:
        services.remove(request.user, posting, payload.note)
    except ValidationError as error:
        return refused(error)
    posting.refresh_from_db()
    return detail_out(request, posting)


@router.post(
    "/{posting_id}/report",
    response={
        201: JobReportOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        **READ,
        422: ErrorOut,
        429: ErrorOut,
    },
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Report a posting (anyone who can see it, visitors too)",
)
def report(request, payload: JobReportIn, posting_id: int = POSTING_ID):
    posting = visible(request.user, posting_id)
    try:
        made = services.report(
            request.user, posting, payload.reason, payload.details, ip=client_ip(request)
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, made)
