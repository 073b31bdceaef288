"""Counselling links over the API. Each endpoint calls the same action as the pages
(`services.py`) and finds cases only through `queries.py` (`Case.objects.visible_to`): a
case the caller may not see is a 404; a case they see but may not act on this way is a
403; a refusal of the action is answered by the API's handler from
`tremplin.core.refusals.STATUSES` (a move the lifecycle refuses is a 409, bad input a
422)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal, get_args

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import create_model

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut, StrictSchema
from tremplin.counselling import queries, services
from tremplin.counselling.models import (
    COUNSELLOR_EXIT_REASONS,
    Case,
    CaseStatus,
    Scope,
    is_agency_admin,
)
from tremplin.counselling.sections import api_fields, api_rows, caseload_filters
from tremplin.organizations.models import Organization

router = Router(tags=["counselling"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
# The schema names the allowed values, so a typo is a 422 that lists them.
ScopeName = Literal["profile", "documents", "applications", "messages"]
ExitReasonName = Literal["employed", "training", "self_employed", "moved", "no_contact", "other"]
# Profile addresses and agency slugs are slugs; an invitation also takes an email.
SLUG = r"^[-a-zA-Z0-9_]+$"
WHO = r"^@?[-a-zA-Z0-9_.+@]+$"
StatusName = Literal["", "invited", "active", "paused", "closed"]
assert set(get_args(ScopeName)) == set(Scope.values)
assert set(get_args(ExitReasonName)) == {str(r.value) for r in COUNSELLOR_EXIT_REASONS}
assert set(get_args(StatusName)) == {"", *CaseStatus.values}
CASE_ID = Path(..., ge=1, le=2_147_483_647)
SCOPES_HELP = "Permissions granted, among: " + ", ".join(Scope.values) + ". May be empty."


class CasePersonOut(Schema):
    handle: str
    display_name: str


class AgencyOut(Schema):
    slug: str
    name: str


class CaseOut(Schema):
    """What the caller may know of a case: an agency admin gets only the status and the
    counsellor (the client fields are null)."""

    id: int
    role: str = Field(description="The caller's part: client, counsellor or admin.")
    status: str = Field(description="invited, active, paused or closed.")
    agency: AgencyOut
    counsellor: CasePersonOut
    client: CasePersonOut | None = Field(
        description="Null for an admin, and for the counsellor while an email invitation waits."
    )
    invited_email: str | None = Field(
        description="The address an invitation was sent to (counsellor only, while invited)."
    )
    scopes: list[str] | None = Field(description="Null for an admin.")
    started: datetime | None = Field(description="The client's consent, else the invitation.")
    updated: datetime | None = Field(description="The last change.")
    exit_reason: str | None


def _caseload_row_schema() -> type[CaseOut]:
    """A caseload row: the case plus the fields of the caseload's columns and filters,
    as the apps that provide them registered them (`counselling.sections`)."""
    extra: dict[str, Any] = {
        field.name: (field.type, Field(description=field.description) if field.description else ...)
        for field in api_fields()
    }
    return create_model(
        "CaseloadRowOut",
        __base__=CaseOut,
        __doc__="A caseload row: the case plus the dashboard's columns (the counsellor's own).",
        __module__=__name__,
        **extra,
    )


CaseloadRowOut = _caseload_row_schema()


class CaseloadPage(Schema):
    count: int
    results: list[CaseloadRowOut]  # type: ignore[valid-type]  # built from the registry


class ConsentOut(Schema):
    action: str
    version: int
    scopes: list[str]
    by: CasePersonOut | None
    counsellor: CasePersonOut | None = Field(description="The counsellor at the time.")
    created: datetime


class InviteIn(StrictSchema):
    who: str = Field(
        min_length=1,
        max_length=254,
        pattern=WHO,
        description="A member's profile address (handle), or an email address.",
    )
    agency: str = Field(
        "",
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]*$",
        description="Agency slug; optional when you work for one agency.",
    )


class ScopesIn(StrictSchema):
    scopes: list[ScopeName] = Field(max_length=len(Scope.values) * 2, description=SCOPES_HELP)


class CloseIn(StrictSchema):
    exit_reason: ExitReasonName = Field(description="Why the link closes.")


class ReassignIn(StrictSchema):
    counsellor: str = Field(
        min_length=1,
        max_length=60,
        pattern=SLUG,
        description="Profile address of the new counsellor.",
    )


class CaseloadReassignIn(StrictSchema):
    from_counsellor: str = Field(min_length=1, max_length=60, pattern=SLUG)
    to_counsellor: str = Field(min_length=1, max_length=60, pattern=SLUG)


class MovedOut(Schema):
    moved: list[int] = Field(description="The cases moved (those the new counsellor could take).")


def person(user: Any) -> dict[str, str] | None:
    if user is None:
        return None
    return {"handle": user.profile.handle, "display_name": user.profile.display_name}


def case_out(case: Case, viewer: Any) -> dict[str, Any]:
    role = case.role_of(viewer)
    out: dict[str, Any] = {
        "id": case.pk,
        "role": role,
        "status": case.status,
        "agency": {"slug": case.agency.slug, "name": case.agency.name},
        "counsellor": person(case.counsellor),
        "client": None,
        "invited_email": None,
        "scopes": None,
        "started": None,
        "updated": None,
        "exit_reason": None,
    }
    if role == "admin":
        return out
    hidden_email = role == "counsellor" and case.status == CaseStatus.INVITED and case.invited_email
    out.update(
        client=None if hidden_email else person(case.client),
        invited_email=case.invited_email if hidden_email or case.client_id is None else None,
        scopes=sorted(case.scopes),
        started=case.started,
        updated=case.updated,
        exit_reason=case.exit_reason or None,
    )
    if role == "client":
        out["invited_email"] = None
    return out


def case_for(request: HttpRequest, case_id: int, *roles: str) -> Case:
    """The case if the caller may see it (else 404) and holds one of `roles` (else 403)."""
    found = queries.case_or_404(request.user, case_id)
    if roles and found.role_of(request.user) not in roles:
        raise HttpError(403, "Your part in this link does not allow this action.")
    return found


# ------------------------------------------------------------------ reading


@router.get(
    "/links",
    response={200: list[CaseOut], 401: ErrorOut},
    auth=signed_in,
    summary="My counselling links, as a client (invitations, current and past)",
)
def my_links(request: HttpRequest) -> list[dict[str, Any]]:
    services.claim_invitations(request.user)
    return [case_out(c, request.user) for c in queries.links_of(request.user)]


def caseload(
    request: HttpRequest, status: str, q: str, offset: int, limit: int, **chosen: Any
) -> dict[str, Any]:
    # Its query parameters are those below plus each caseload filter's (see
    # `_with_filters`): the signature ninja reads is built from the registry.
    values = {}
    for entry in caseload_filters:
        value = entry.from_api(request.user, chosen[entry.api_param])
        if value is None:  # a value nobody's case can carry (another agency's tag)
            return {"count": 0, "results": []}
        values[entry.name] = value
    found = queries.caseload_of(request.user, status, " ".join(q.split()), values)
    rows = list(found[offset : offset + limit])
    extra = api_rows(rows)
    results = [{**case_out(row, request.user), **extra[row.pk]} for row in rows]
    return {"count": found.count(), "results": results}


def _with_filters(view: Callable[..., Any]) -> Callable[..., Any]:
    """`view` with the query parameters ninja documents and parses: status and q, each
    caseload filter's own, then offset and limit."""

    def parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
        return inspect.Parameter(
            name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation
        )

    view.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD),
            parameter(
                "status",
                StatusName,
                Query(
                    "", description="Empty: the open ones and the closed ones with a follow-up due."
                ),
            ),
            parameter(
                "q",
                str,
                Query(
                    "",
                    max_length=100,
                    pattern=r"^[^\x00]*$",
                    description="Part of a client's name or email.",
                ),
            ),
            *(
                parameter(entry.api_param, entry.api_annotation, entry.api_default)
                for entry in caseload_filters
            ),
            parameter("offset", int, Query(0, ge=0, le=10_000)),
            parameter("limit", int, Query(20, ge=1, le=100)),
        ]
    )
    return view


router.get(
    "/caseload",
    response={200: CaseloadPage, 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="My caseload, as a counsellor (open links and follow-ups due, or one status)",
)(_with_filters(caseload))


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, **READ},
    auth=signed_in,
    summary="One link, as the caller may know it",
)
def case_detail(request: HttpRequest, case_id: int = CASE_ID) -> dict[str, Any]:
    return case_out(case_for(request, case_id), request.user)


@router.get(
    "/cases/{case_id}/consents",
    response={200: list[ConsentOut], 403: ErrorOut, **READ},
    auth=signed_in,
    summary="The consent history of a link (client and counsellor)",
)
def consents(request: HttpRequest, case_id: int = CASE_ID) -> list[dict[str, Any]]:
    found = case_for(request, case_id, "client", "counsellor")
    return [
        {
            "action": c.action,
            "version": c.version,
            "scopes": c.scopes,
            "by": person(c.by),
            "counsellor": person(c.counsellor),
            "created": c.created,
        }
        for c in queries.consents_of(found)
    ]


# ------------------------------------------------------------------ inviting


def _agency_for(counsellor: Any, slug: str) -> Organization:
    agencies = list(queries.agencies_of(counsellor))
    if not agencies:
        raise HttpError(403, "Only a counsellor of an agency can invite clients.")
    if not slug:
        if len(agencies) > 1:
            raise HttpError(422, "You work for several agencies: say which one in `agency`.")
        return agencies[0]
    for agency in agencies:
        if agency.slug == slug:
            return agency
    raise HttpError(403, "Only a counsellor of this agency can invite clients.")


@router.post(
    "/cases",
    response={201: CaseOut, **WRITE},
    auth=writer,
    summary="Invite a client (a member by profile address, or anyone by email)",
)
def invite(request: HttpRequest, payload: InviteIn) -> Status:
    who = payload.who.strip()
    agency = _agency_for(request.user, payload.agency.strip())
    if "@" in who.lstrip("@"):
        made = services.invite(request.user, agency, email=who)
    else:
        client = queries.member_or_none(request.user, who.lstrip("@"))
        if client is None:
            raise Http404
        made = services.invite(request.user, agency, client=client)
    return Status(201, case_out(queries.fresh(made), request.user))


# ------------------------------------------------------------------ the client and both


def _act(
    request: HttpRequest,
    case_id: int,
    roles: tuple[str, ...],
    action: Callable[..., Case],
    *args: Any,
) -> dict[str, Any]:
    found = case_for(request, case_id, *roles)
    done = action(request.user, found, *args)
    return case_out(queries.fresh(done), request.user)


CHANGE = {200: CaseOut, **WRITE}


@router.post(
    "/cases/{case_id}/accept",
    response=CHANGE,
    auth=writer,
    summary="Accept an invitation, granting the chosen permissions (client)",
)
def accept(request: HttpRequest, payload: ScopesIn, case_id: int = CASE_ID) -> dict[str, Any]:
    return _act(request, case_id, ("client",), services.accept, payload.scopes)


@router.post(
    "/cases/{case_id}/decline",
    response=CHANGE,
    auth=writer,
    summary="Decline an invitation (client)",
)
def decline(request: HttpRequest, case_id: int = CASE_ID) -> dict[str, Any]:
    return _act(request, case_id, ("client",), services.decline)


@router.put(
    "/cases/{case_id}/scopes",
    response=CHANGE,
    auth=writer,
    summary="Change the permissions; they apply from the next request (client)",
)
def change_scopes(
    request: HttpRequest, payload: ScopesIn, case_id: int = CASE_ID
) -> dict[str, Any]:
    return _act(request, case_id, ("client",), services.change_scopes, payload.scopes)


@router.post(
    "/cases/{case_id}/pause",
    response=CHANGE,
    auth=writer,
    summary="Pause a link (client or counsellor)",
)
def pause(request: HttpRequest, case_id: int = CASE_ID) -> dict[str, Any]:
    return _act(request, case_id, ("client", "counsellor"), services.pause)


@router.post(
    "/cases/{case_id}/resume",
    response=CHANGE,
    auth=writer,
    summary="Resume a paused link (a pause the client chose: the client only)",
)
def resume(request: HttpRequest, case_id: int = CASE_ID) -> dict[str, Any]:
    return _act(request, case_id, ("client", "counsellor"), services.resume)


@router.post(
    "/cases/{case_id}/end",
    response=CHANGE,
    auth=writer,
    summary="End the link; the counsellor's access stops at once (client)",
)
def end(request: HttpRequest, case_id: int = CASE_ID) -> dict[str, Any]:
    return _act(request, case_id, ("client",), services.end)


# ------------------------------------------------------------------ the counsellor and admin


@router.post(
    "/cases/{case_id}/close",
    response=CHANGE,
    auth=writer,
    summary="Close a link or withdraw an invitation, with an exit reason (counsellor)",
)
def close(request: HttpRequest, payload: CloseIn, case_id: int = CASE_ID) -> dict[str, Any]:
    return _act(request, case_id, ("counsellor",), services.close, payload.exit_reason)


def _counsellor_at(agency: Organization, handle: str) -> Any:
    found = queries.counsellors_of(agency).filter(profile__handle=handle).first()
    if found is None:
        raise HttpError(422, "Choose a counsellor of this agency.")
    return found


@router.post(
    "/cases/{case_id}/reassign",
    response=CHANGE,
    auth=writer,
    summary="Give a link to another counsellor of the agency (agency admin)",
)
def reassign(request: HttpRequest, payload: ReassignIn, case_id: int = CASE_ID) -> dict[str, Any]:
    found = case_for(request, case_id)
    if not is_agency_admin(request.user, found.agency):
        raise HttpError(403, "Only an administrator of the agency can reassign links.")
    to = _counsellor_at(found.agency, payload.counsellor)
    done = services.reassign(request.user, found, to)
    return case_out(queries.fresh(done), request.user)


@router.post(
    "/agencies/{slug}/reassign",
    response={200: MovedOut, **WRITE},
    auth=writer,
    summary="Move every open link of one counsellor to another (agency admin)",
)
def reassign_caseload(
    request: HttpRequest,
    payload: CaseloadReassignIn,
    slug: str = Path(..., min_length=1, max_length=80, pattern=SLUG),
) -> dict[str, list[int]]:
    agency = queries.agency_or_404(slug)
    if not is_agency_admin(request.user, agency):
        raise HttpError(403, "Only an administrator of the agency can reassign links.")
    source = _counsellor_at(agency, payload.from_counsellor)
    target = _counsellor_at(agency, payload.to_counsellor)
    moved = services.reassign_caseload(request.user, agency, source, target)
    return {"moved": [c.pk for c in moved]}
