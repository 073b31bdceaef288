"""Job postings over the API: the same actions as the pages (`services.py`), the same
reads (`queries.py`: who sees what is `Posting.objects.visible_to`, anything else is a
404). A refusal is answered by the API's one handler, from `core.refusals.STATUSES`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut, StrictSchema
from tremplin.core.requests import client_ip
from tremplin.core.scam import reason_label
from tremplin.jobs import queries, services
from tremplin.jobs.jsonld import has_json_ld, job_posting
from tremplin.jobs.models import Posting, PostingReport, PostingStatus, moderates_postings
from tremplin.jobs.permissions import can_manage, can_post, can_remove, is_reviewer
from tremplin.jobs.schemas import (
    JobPostingDetailOut,
    JobPostingIn,
    JobPostingPage,
    JobPostingUpdateIn,
    JobRemoveIn,
    JobReopenIn,
    JobReportedOut,
    JobReportIn,
    JobReportOut,
    JobReviewIn,
    StatusName,
)
from tremplin.organizations.models import OrgKind

router = Router(tags=["jobs"])

POSTING_ID = Path(..., ge=1, le=2_147_483_647)
READ = {404: ErrorOut}
# 400: a body that is not JSON at all.
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
OFFSET = Query(0, ge=0, le=1000)
LIMIT = Query(20, ge=1, le=50)
# The API's own refusals are in English, as they always were.
CANNOT_CHANGE = "You cannot change this posting."

# ------------------------------------------------------------------ helpers


def _float(value: Any) -> float | None:
    return float(value) if value is not None else None


def posting_out(posting: Posting, viewer: Any, *, manager: bool | None = None) -> dict[str, Any]:
    if manager is None:
        manager = can_manage(viewer, posting)
    insider = (
        manager
        or (viewer is not None and posting.reviewed_by_id == viewer.pk)
        or (posting.status == PostingStatus.REVIEW and is_reviewer(viewer))
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


def detail_out(request: HttpRequest, posting: Posting) -> dict[str, Any]:
    out = posting_out(posting, request.user)
    out["json_ld"] = (
        job_posting(posting, request.build_absolute_uri(posting.get_absolute_url()))
        if has_json_ld(posting)
        else None
    )
    return out


def page_of(
    queryset: QuerySet[Posting],
    viewer: Any,
    offset: int,
    limit: int,
    *,
    manager: bool | None = None,
) -> dict[str, Any]:
    rows = list(queryset[offset : offset + limit + 1])
    return {
        "results": [posting_out(p, viewer, manager=manager) for p in rows[:limit]],
        "next_offset": offset + limit if len(rows) > limit else None,
    }


def _payload(body: StrictSchema) -> dict[str, Any]:
    """The fields the caller sent (a PATCH changes only those)."""
    return body.model_dump(exclude_unset=True)


# ------------------------------------------------------------------ reading


@router.get(
    "",
    response={200: JobPostingPage, 401: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Open job postings, newest first",
)
def posting_list(request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT) -> dict[str, Any]:
    return page_of(queries.open_postings(request.user), request.user, offset, limit)


@router.get(
    "/mine",
    response={200: JobPostingPage, 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Postings I manage (mine, my employer's, my agency's)",
)
def my_postings(
    request: HttpRequest,
    status: StatusName | None = Query(None),
    offset: int = OFFSET,
    limit: int = LIMIT,
) -> dict[str, Any]:
    postings = queries.managed_postings(request.user, status or "")
    return page_of(postings, request.user, offset, limit, manager=True)


@router.get(
    "/review",
    response={200: JobPostingPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="The review queue, oldest first (agency admins)",
)
def review_queue(request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT) -> dict[str, Any]:
    if not is_reviewer(request.user):
        raise PermissionDenied("Only agency administrators review postings.")
    return page_of(queries.review_queue(request.user), request.user, offset, limit)


@router.get(
    "/reports",
    response={200: list[JobReportedOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="Postings with unresolved reports (moderators, agency admins)",
)
def reported(
    request: HttpRequest, offset: int = OFFSET, limit: int = LIMIT
) -> list[dict[str, Any]]:
    if not moderates_postings(request.user):
        raise PermissionDenied("Only moderators and agency administrators handle reports.")
    rows = queries.reports_queue(request.user)[offset : offset + limit]
    return [
        {"posting": posting_out(p, request.user), "reports": queries.unresolved_reports(p)}
        for p in rows
    ]


@router.get(
    "/{posting_id}",
    response={200: JobPostingDetailOut, 401: ErrorOut, **READ, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A posting, as the caller may see it (with its JSON-LD when public and open)",
)
def posting_detail(request: HttpRequest, posting_id: int = POSTING_ID) -> dict[str, Any]:
    return detail_out(request, queries.posting_or_404(request.user, posting_id))


@router.get(
    "/{posting_id}/json-ld",
    response={200: dict[str, Any], 401: ErrorOut, **READ, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="schema.org JobPosting of a public open posting",
)
def posting_json_ld(request: HttpRequest, posting_id: int = POSTING_ID) -> dict[str, Any]:
    posting = queries.posting_or_404(request.user, posting_id)
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
def create(request: HttpRequest, payload: JobPostingIn) -> Status:
    data = _payload(payload)
    org_slug, agency_slug = data.pop("organization", None), data.pop("agency", None)
    publish = bool(data.pop("publish", False))
    if not can_post(request.user):
        raise PermissionDenied("Only employers and agency staff can post jobs.")
    organization = queries.organization_or_404(org_slug, OrgKind.EMPLOYER)
    agency = queries.organization_or_404(agency_slug, OrgKind.AGENCY)
    posting = services.create_posting(
        request.user, data, organization=organization, agency=agency, publish=publish
    )
    return Status(201, detail_out(request, queries.posting_or_404(request.user, posting.pk)))


@router.patch(
    "/{posting_id}",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Change a posting (only the fields sent)",
)
def update(
    request: HttpRequest, payload: JobPostingUpdateIn, posting_id: int = POSTING_ID
) -> dict[str, Any]:
    posting = queries.managed_posting_or_404(request.user, posting_id, CANNOT_CHANGE)
    services.update_posting(request.user, posting, _payload(payload))
    return detail_out(request, queries.posting_or_404(request.user, posting_id))


def _status_change(
    request: HttpRequest,
    posting_id: int,
    action: Callable[..., Any],
    *args: Any,
    manage: bool = True,
) -> dict[str, Any]:
    if manage:
        posting = queries.managed_posting_or_404(request.user, posting_id, CANNOT_CHANGE)
    else:
        posting = queries.posting_or_404(request.user, posting_id)
    action(request.user, posting, *args)
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
def publish(request: HttpRequest, posting_id: int = POSTING_ID) -> dict[str, Any]:
    return _status_change(request, posting_id, services.publish)


@router.post(
    "/{posting_id}/close",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Close an open posting (stop taking applications)",
)
def close(request: HttpRequest, posting_id: int = POSTING_ID) -> dict[str, Any]:
    return _status_change(request, posting_id, services.close)


@router.post(
    "/{posting_id}/reopen",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Reopen a closed or expired posting",
)
def reopen(
    request: HttpRequest, payload: JobReopenIn, posting_id: int = POSTING_ID
) -> dict[str, Any]:
    return _status_change(request, posting_id, services.reopen, payload.valid_through)


@router.post(
    "/{posting_id}/approve",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Approve a posting waiting for review (agency admins)",
)
def approve(
    request: HttpRequest, payload: JobReviewIn, posting_id: int = POSTING_ID
) -> dict[str, Any]:
    return _status_change(request, posting_id, services.approve, payload.note, manage=False)


@router.post(
    "/{posting_id}/reject",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Refuse a posting waiting for review, saying why (agency admins)",
)
def reject(
    request: HttpRequest, payload: JobReviewIn, posting_id: int = POSTING_ID
) -> dict[str, Any]:
    return _status_change(request, posting_id, services.reject, payload.note, manage=False)


@router.post(
    "/{posting_id}/remove",
    response={200: JobPostingDetailOut, **WRITE},
    auth=writer,
    summary="Remove a reported posting (moderators, agency admins)",
)
def remove(
    request: HttpRequest, payload: JobRemoveIn, posting_id: int = POSTING_ID
) -> dict[str, Any]:
    posting = queries.posting_or_404(request.user, posting_id)
    if not can_remove(request.user, posting):
        raise PermissionDenied("You cannot remove this posting.")
    services.remove(request.user, posting, payload.note)
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
def report(request: HttpRequest, payload: JobReportIn, posting_id: int = POSTING_ID) -> Status:
    posting = queries.posting_or_404(request.user, posting_id)
    made: PostingReport = services.report(
        request.user, posting, payload.reason, payload.details, ip=client_ip(request)
    )
    return Status(201, made)
