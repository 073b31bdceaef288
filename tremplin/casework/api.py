"""Case work over the API (/api/v1/casework/). Each endpoint calls the same action as the
pages (`services.py`) and finds rows only through the models' `visible_to`
(`queries.py`): anything that is not the caller's as the case's CURRENT counsellor is a
404 (the client, other counsellors, the agency's admins, moderators and staff alike).
A refusal of the action is answered by the API's handler from
`tremplin.core.refusals.STATUSES`: a change the case's status or a lifecycle refuses is
a 409; bad input is a 422. The agency endpoints answer 403 to a signed-in member who
does not hold the role there."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Path, Router
from ninja.errors import HttpError
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut
from tremplin.casework import queries, services
from tremplin.casework.models import REFERRAL_TRANSITIONS, CaseNote, CaseTag, FollowUp, Referral
from tremplin.casework.schemas import (
    EARLIEST,
    LATEST,
    CaseworkFollowUpIn,
    CaseworkFollowUpOut,
    CaseworkNoteEditIn,
    CaseworkNoteIn,
    CaseworkNoteOut,
    CaseworkRecordIn,
    CaseworkRecordOut,
    CaseworkReferralChangeIn,
    CaseworkReferralIn,
    CaseworkReferralOut,
    CaseworkRevisionOut,
    CaseworkScheduleIn,
    CaseworkScheduleOut,
    CaseworkTagIn,
    CaseworkTagOut,
)
from tremplin.counselling.models import Case, is_agency_admin, is_counsellor
from tremplin.organizations.models import Organization
from tremplin.privacy.access import record_case_read

router = Router(tags=["casework"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
AGENCY_READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

ID = Path(..., ge=1, le=2_147_483_647)
SLUG = Path(..., min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")

# ------------------------------------------------------------------ helpers


def _person(user: Any) -> dict[str, str] | None:
    if user is None:
        return None
    return {"handle": user.profile.handle, "display_name": user.profile.display_name}


def _record_out(case: Case) -> dict[str, Any]:
    record = queries.record_of(case)
    tags = list(record.tags.all()) if record else []
    return {
        "case_id": case.pk,
        "funder_reference": record.funder_reference if record else "",
        "service": record.service if record else "",
        "tags": [_tag_out(t) for t in tags],
        "services_used": queries.services_used(case.agency),
    }


def _tag_out(tag: CaseTag) -> dict[str, Any]:
    return {"id": tag.pk, "kind": tag.kind, "name": tag.name}


def _note_out(note: CaseNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "case_id": note.case_id,
        "kind": note.kind,
        "contact_on": note.contact_on,
        "body": note.body,
        "author": _person(note.author),
        "created": note.created,
        "edited_at": note.edited_at,
    }


def _referral_out(referral: Referral) -> dict[str, Any]:
    return {
        "id": referral.pk,
        "case_id": referral.case_id,
        "direction": referral.direction,
        "partner_name": referral.partner_name,
        "partner_contact": referral.partner_contact,
        "reason": referral.reason,
        "status": referral.status,
        "next_statuses": REFERRAL_TRANSITIONS.targets(referral.status),
        "created_by": _person(referral.created_by),
        "created": referral.created,
        "updated": referral.updated,
    }


def _follow_up_out(row: FollowUp) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case_id": row.case_id,
        "months": row.months,
        "due_on": row.due_on,
        "status": row.status,
        "outcome": row.outcome,
        "note": row.note,
        "done_at": row.done_at,
        "announced_at": row.announced_at,
    }


def _check_date(day: datetime.date) -> None:
    if not EARLIEST <= day <= LATEST:
        raise HttpError(422, f"Give a date between {EARLIEST} and {LATEST}.")


# ------------------------------------------------------------------ record


@router.get(
    "/cases/{case_id}/record",
    response={200: CaseworkRecordOut, **READ},
    auth=signed_in,
    summary="The case's record: funder's number, service, tags (current counsellor)",
)
def get_record(request: HttpRequest, case_id: int = ID) -> dict[str, Any]:
    case = queries.served_case_or_404(request.user, case_id)
    record_case_read(request.user, case, notes=False)
    return _record_out(case)


@router.put(
    "/cases/{case_id}/record",
    response={200: CaseworkRecordOut, **WRITE},
    auth=writer,
    summary="Change the record (current counsellor, active case)",
)
def put_record(
    request: HttpRequest, payload: CaseworkRecordIn, case_id: int = ID
) -> dict[str, Any]:
    case = queries.served_case_or_404(request.user, case_id)
    services.update_record(
        request.user,
        case,
        funder_reference=payload.funder_reference,
        service=payload.service,
        tag_ids=payload.tag_ids,
    )
    return _record_out(case)


# ------------------------------------------------------------------ notes


@router.get(
    "/cases/{case_id}/notes",
    response={200: list[CaseworkNoteOut], **READ},
    auth=signed_in,
    summary="The case notes, newest contact first (current counsellor)",
)
def list_notes(request: HttpRequest, case_id: int = ID) -> list[dict[str, Any]]:
    case = queries.served_case_or_404(request.user, case_id)
    record_case_read(request.user, case, notes=True)
    return [_note_out(n) for n in queries.notes_of(request.user, case)]


@router.post(
    "/cases/{case_id}/notes",
    response={201: CaseworkNoteOut, **WRITE},
    auth=writer,
    summary="Add a case note (current counsellor; active, paused or closed case)",
)
def add_note(request: HttpRequest, payload: CaseworkNoteIn, case_id: int = ID) -> Status:
    case = queries.served_case_or_404(request.user, case_id)
    _check_date(payload.contact_on)
    note = services.add_note(
        request.user,
        case,
        kind=payload.kind,
        contact_on=payload.contact_on,
        body=payload.body,
    )
    return Status(201, _note_out(queries.note_or_404(request.user, note.pk)))


@router.patch(
    "/notes/{note_id}",
    response={200: CaseworkNoteOut, **WRITE},
    auth=writer,
    summary="Edit a note: a new revision; earlier text stays in the history",
)
def edit_note(
    request: HttpRequest, payload: CaseworkNoteEditIn, note_id: int = ID
) -> dict[str, Any]:
    note = queries.note_or_404(request.user, note_id)
    services.edit_note(request.user, note, body=payload.body)
    return _note_out(queries.note_or_404(request.user, note_id))


@router.get(
    "/notes/{note_id}/revisions",
    response={200: list[CaseworkRevisionOut], **READ},
    auth=signed_in,
    summary="Every version of a note, the first one included, oldest first",
)
def note_revisions(request: HttpRequest, note_id: int = ID) -> list[dict[str, Any]]:
    note = queries.note_or_404(request.user, note_id)
    record_case_read(request.user, note.case, notes=True)
    return [
        {"id": r.pk, "body": r.body, "edited_by": _person(r.edited_by), "created": r.created}
        for r in queries.revisions_of(request.user, note)
    ]


# ------------------------------------------------------------------ referrals


@router.get(
    "/cases/{case_id}/referrals",
    response={200: list[CaseworkReferralOut], **READ},
    auth=signed_in,
    summary="The case's referrals, newest first (current counsellor)",
)
def list_referrals(request: HttpRequest, case_id: int = ID) -> list[dict[str, Any]]:
    case = queries.served_case_or_404(request.user, case_id)
    record_case_read(request.user, case, notes=False)
    return [_referral_out(r) for r in queries.referrals_of(request.user, case)]


@router.post(
    "/cases/{case_id}/referrals",
    response={201: CaseworkReferralOut, **WRITE},
    auth=writer,
    summary="Add a referral, proposed (current counsellor, active case)",
)
def add_referral(request: HttpRequest, payload: CaseworkReferralIn, case_id: int = ID) -> Status:
    case = queries.served_case_or_404(request.user, case_id)
    made = services.add_referral(
        request.user,
        case,
        direction=payload.direction,
        partner_name=payload.partner_name,
        partner_contact=payload.partner_contact,
        reason=payload.reason,
    )
    return Status(201, _referral_out(made))


@router.patch(
    "/referrals/{referral_id}",
    response={200: CaseworkReferralOut, **WRITE},
    auth=writer,
    summary="Move a referral along its lifecycle (409 for a move it does not allow)",
)
def change_referral(
    request: HttpRequest, payload: CaseworkReferralChangeIn, referral_id: int = ID
) -> dict[str, Any]:
    referral = queries.referral_or_404(request.user, referral_id)
    done = services.change_referral(request.user, referral, payload.status)
    return _referral_out(queries.fresh_referral(done))


# ------------------------------------------------------------------ follow-ups


@router.get(
    "/cases/{case_id}/follow-ups",
    response={200: list[CaseworkFollowUpOut], **READ},
    auth=signed_in,
    summary="The follow-ups after exit of a closed case (current counsellor)",
)
def list_follow_ups(request: HttpRequest, case_id: int = ID) -> list[dict[str, Any]]:
    case = queries.served_case_or_404(request.user, case_id)
    record_case_read(request.user, case, notes=False)
    return [_follow_up_out(r) for r in queries.follow_ups_of(request.user, case)]


@router.post(
    "/follow-ups/{follow_up_id}",
    response={200: CaseworkFollowUpOut, **WRITE},
    auth=writer,
    summary="Record a follow-up: done (with the outcome) or unreachable (409 if recorded)",
)
def record_follow_up(
    request: HttpRequest, payload: CaseworkFollowUpIn, follow_up_id: int = ID
) -> dict[str, Any]:
    row = queries.follow_up_or_404(request.user, follow_up_id)
    done = services.record_follow_up(
        request.user, row, status=payload.status, outcome=payload.outcome, note=payload.note
    )
    return _follow_up_out(done)


# ------------------------------------------------------------------ the agency


def _schedule_out(agency: Organization) -> dict[str, Any]:
    months = queries.months_for(agency.pk)
    default = queries.default_months()
    custom = queries.schedule_of(agency) is not None
    return {"months": months, "custom": custom, "default": default}


@router.get(
    "/agencies/{slug}/follow-up-schedule",
    response={200: CaseworkScheduleOut, **AGENCY_READ},
    auth=signed_in,
    summary="The agency's follow-up months (agency admin)",
)
def get_schedule(request: HttpRequest, slug: str = SLUG) -> dict[str, Any]:
    agency = queries.agency_or_404(slug)
    if not is_agency_admin(request.user, agency):
        raise HttpError(403, "Only an administrator of the agency can see this.")
    return _schedule_out(agency)


@router.put(
    "/agencies/{slug}/follow-up-schedule",
    response={200: CaseworkScheduleOut, **WRITE},
    auth=writer,
    summary="Set the agency's follow-up months, or null for the default (agency admin)",
)
def put_schedule(
    request: HttpRequest, payload: CaseworkScheduleIn, slug: str = SLUG
) -> dict[str, Any]:
    agency = queries.agency_or_404(slug)
    services.set_schedule(request.user, agency, payload.months)
    return _schedule_out(agency)


@router.get(
    "/agencies/{slug}/tags",
    response={200: list[CaseworkTagOut], **AGENCY_READ},
    auth=signed_in,
    summary="The agency's case tags (counsellors of the agency)",
)
def list_tags(request: HttpRequest, slug: str = SLUG) -> list[dict[str, Any]]:
    agency = queries.agency_or_404(slug)
    if not is_counsellor(request.user, agency):
        raise HttpError(403, "Only a counsellor of this agency can see its case tags.")
    rows = queries.agency_tags(request.user, agency)
    return [_tag_out(t) for t in rows[: queries.TAGS_LISTED]]


@router.post(
    "/agencies/{slug}/tags",
    response={201: CaseworkTagOut, 200: CaseworkTagOut, **WRITE},
    auth=writer,
    summary="Add a case tag (201), or get the existing one of that name and kind (200)",
)
def add_tag(request: HttpRequest, payload: CaseworkTagIn, slug: str = SLUG) -> Status:
    agency = queries.agency_or_404(slug)
    existed = queries.tag_named(agency, payload.kind, payload.name) is not None
    tag = services.create_tag(request.user, agency, payload.kind, payload.name)
    return Status(200 if existed else 201, _tag_out(tag))
