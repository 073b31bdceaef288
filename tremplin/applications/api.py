"""Forwarding and the application tracker over the API (/api/v1/applications/). Each
endpoint calls the same action as the pages (`services.py`) and finds rows only through
the models' `visible_to`: what the caller may not see is a 404; what they see but may
not change (a counsellor and a client's forward or application) is a 403; a posting no
longer open, a forward already sent, an application already tracked or a move the
lifecycle refuses is a 409; bad input is a 422. Every error is JSON `{"detail": ...}`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from tremplin.accounts.models import User
from tremplin.api.auth import signed_in, writer
from tremplin.api.errors import refusal_for
from tremplin.api.schemas import FILLED_TEXT, TEXT, ErrorOut, StrictSchema
from tremplin.applications import services
from tremplin.applications.models import (
    EMPLOYER_MAX_LENGTH,
    EVENT_NOTE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Application,
    ApplicationStatus,
    Forward,
    NotForMeReason,
)
from tremplin.counselling.models import Case, Scope
from tremplin.jobs.models import Posting

router = Router(tags=["applications"])

STATUS_FOR = {
    "not_found": 404,
    "forbidden": 403,
    "not_open": 409,
    "already": 409,
    "transition": 409,
    # Like an unknown id in a path: the clients are not found among the caller's own.
    "not_client": 404,
    "not_visible": 422,
    "invalid": 422,
}
refused = refusal_for(STATUS_FOR)

MAX_ID = 2_147_483_647
FORWARD_ID = Path(..., ge=1, le=MAX_ID)
APPLICATION_ID = Path(..., ge=1, le=MAX_ID)
POSTING_ID = Path(..., ge=1, le=MAX_ID)
CLIENT_ID = Path(..., ge=1, le=MAX_ID)
EARLIEST, LATEST = services.EARLIEST_DATE, services.LATEST_DATE
PAGE = 50

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}

ReasonName = Literal["skills", "location", "conditions", "already", "not_looking", "other"]
StatusName = Literal["saved", "applied", "interview", "offer", "hired", "rejected", "withdrawn"]
TrackStatusName = Literal["saved", "applied"]
assert set(get_args(ReasonName)) == set(NotForMeReason.values)
assert set(get_args(StatusName)) == set(ApplicationStatus.values)


# ------------------------------------------------------------------ schemas


class ForwardOut(Schema):
    id: int
    posting_id: int
    posting_title: str
    client_id: int
    client_name: str
    counsellor_id: int | None = Field(description="Who sent it; null if their account is gone.")
    counsellor_name: str
    case_id: int
    note: str
    created: dt.datetime
    delivered_at: dt.datetime | None = Field(
        description="When the notification was written; null if the client turned "
        "forwarded jobs off (the forward is still in their list)."
    )
    opened_at: dt.datetime | None = Field(description="The client's first opening.")
    response: str = Field(description="none, interested or not_for_me.")
    response_reason: str = Field(description="Why not for me (empty otherwise).")
    response_text: str
    responded_at: dt.datetime | None


class ForwardStatusOut(ForwardOut):
    applications_shared: bool = Field(
        description="The client's case grants the applications scope: applied and "
        "outcome are known."
    )
    applied: bool | None = Field(description="Null when applications are not shared.")
    outcome: str | None = Field(
        description="The application's status (saved ... withdrawn); null when there is "
        "none or it is not shared."
    )


class ForwardIn(StrictSchema):
    posting_id: int = Field(ge=1, le=MAX_ID)
    client_ids: list[int] = Field(
        min_length=1,
        max_length=services.MAX_CLIENTS_PER_FORWARD,
        description="Members who are clients of the caller's active cases.",
    )
    note: str = Field("", max_length=NOTE_MAX_LENGTH, pattern=TEXT)


class ForwardInterestedIn(StrictSchema):
    response: Literal["interested"]
    text: str = Field("", max_length=REASON_TEXT_MAX_LENGTH, pattern=TEXT)


class ForwardNotForMeIn(StrictSchema):
    response: Literal["not_for_me"]
    reason: ReasonName = Field(description="Why the job is not for the client.")
    text: str = Field("", max_length=REASON_TEXT_MAX_LENGTH, pattern=TEXT)


# "Not for me" needs a reason, "interested" takes none: two shapes, told apart by
# `response`, so the schema states the rule.
ForwardResponseIn = ForwardInterestedIn | ForwardNotForMeIn


class ApplicationTrackIn(StrictSchema):
    date: dt.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Default: today. From 2000 to 2100."
    )
    note: str = Field("", max_length=EVENT_NOTE_MAX_LENGTH, pattern=TEXT)


class ApplicationEventOut(Schema):
    status: str
    date: dt.date
    note: str
    created: dt.datetime


class ApplicationOut(Schema):
    id: int
    client_id: int
    title: str
    employer: str
    url: str
    # Not named `posting_id` / `forward_id`: a fuzzer links `*_id` fields to the paths
    # with that parameter, and these are null for external jobs.
    posting: int | None = Field(description="The posting's id, for a posting on Tremplin.")
    forward: int | None = Field(description="The forward's id, when a counsellor sent it.")
    status: str = Field(description="saved, applied, interview, offer, hired, rejected, withdrawn.")
    status_date: dt.date
    next_statuses: list[str] = Field(description="Where the lifecycle allows it to go.")
    notes: str
    created: dt.datetime
    updated: dt.datetime
    events: list[ApplicationEventOut]


class ApplicationPostingIn(StrictSchema):
    """A posting on Tremplin: it enters the tracker as saved or applied."""

    posting_id: int = Field(ge=1, le=MAX_ID)
    status: TrackStatusName = "saved"
    date: dt.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Default: today. From 2000 to 2100."
    )
    note: str = Field("", max_length=EVENT_NOTE_MAX_LENGTH, pattern=TEXT)


class ApplicationExternalIn(StrictSchema):
    """A job found elsewhere: it may enter the tracker at any step."""

    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    employer: str = Field("", max_length=EMPLOYER_MAX_LENGTH, pattern=TEXT)
    url: str = Field("", max_length=URL_MAX_LENGTH, pattern=services.URL_PATTERN)
    status: StatusName = "saved"
    date: dt.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Default: today. From 2000 to 2100."
    )
    note: str = Field("", max_length=EVENT_NOTE_MAX_LENGTH, pattern=TEXT)
    notes: str = Field("", max_length=NOTES_MAX_LENGTH, pattern=TEXT)


class ApplicationPatch(StrictSchema):
    """Only the fields sent change. The title may be left out but not null; null
    empties the others."""

    # An omitted title keeps its value (the default is never validated); null is a 422.
    title: str = Field(  # type: ignore[assignment]
        None, min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT
    )
    employer: str | None = Field(None, max_length=EMPLOYER_MAX_LENGTH, pattern=TEXT)
    url: str | None = Field(None, max_length=URL_MAX_LENGTH, pattern=services.URL_PATTERN)
    notes: str | None = Field(None, max_length=NOTES_MAX_LENGTH, pattern=TEXT)


class ApplicationStatusIn(StrictSchema):
    status: StatusName
    date: dt.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Default: today. From 2000 to 2100."
    )
    note: str = Field("", max_length=EVENT_NOTE_MAX_LENGTH, pattern=TEXT)


# ------------------------------------------------------------------ rendering


def _name(user) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.display_name if profile is not None else ""


def forward_out(forward: Forward) -> dict:
    return {
        "id": forward.pk,
        "posting_id": forward.posting_id,
        "posting_title": forward.posting.title,
        "client_id": forward.client_id,
        "client_name": _name(forward.client),
        "counsellor_id": forward.counsellor_id,
        "counsellor_name": _name(forward.counsellor),
        "case_id": forward.case_id,
        "note": forward.note,
        "created": forward.created,
        "delivered_at": forward.delivered_at,
        "opened_at": forward.opened_at,
        "response": forward.response,
        "response_reason": forward.response_reason,
        "response_text": forward.response_text,
        "responded_at": forward.responded_at,
    }


def application_out(application: Application) -> dict:
    return {
        "id": application.pk,
        "client_id": application.client_id,
        "title": application.title,
        "employer": application.employer,
        "url": application.url,
        "posting": application.posting_id,
        "forward": application.forward_id,
        "status": application.status,
        "status_date": application.status_date,
        "next_statuses": [str(s.value) for s in application.next_statuses],
        "notes": application.notes,
        "created": application.created,
        "updated": application.updated,
        "events": [
            {"status": e.status, "date": e.date, "note": e.note, "created": e.created}
            for e in application.events.all()
        ],
    }


def _forwards(request):
    return Forward.objects.visible_to(request.user).select_related(
        "posting", "client__profile", "counsellor__profile"
    )


def _forward(request, forward_id: int) -> Forward:
    return get_object_or_404(_forwards(request), pk=forward_id)


def _applications(request):
    return Application.objects.visible_to(request.user).prefetch_related("events")


def _application(request, application_id: int) -> Application:
    return get_object_or_404(_applications(request), pk=application_id)


# ------------------------------------------------------------------ forwards


@router.post(
    "/forwards",
    response={201: list[ForwardOut], **WRITE},
    auth=writer,
    summary="Forward a posting to clients of my active cases, with a note (counsellor)",
)
def forward(request, payload: ForwardIn):
    posting = get_object_or_404(Posting.objects.visible_to(request.user), pk=payload.posting_id)
    ids = set(payload.client_ids)
    clients = list(User.objects.filter(pk__in=[i for i in ids if 0 < i <= MAX_ID]))
    if len(clients) != len(ids):
        # Unknown ids get the same answer as members who are not the caller's clients.
        return Status(404, {"detail": services.not_client_message()})
    try:
        made = services.forward_posting(request.user, posting, clients, payload.note)
    except services.ApplicationsRefusal as error:
        return refused(error)
    rows = _forwards(request).filter(pk__in=[f.pk for f in made]).order_by("pk")
    return Status(201, [forward_out(f) for f in rows])


@router.get(
    "/forwards/received",
    response={200: list[ForwardOut], **READ},
    auth=signed_in,
    summary="Jobs my counsellors sent me, newest first (client)",
)
def received(
    request,
    before: int | None = Query(None, ge=1, le=MAX_ID, description="Keyset: ids below this."),
    limit: int = Query(PAGE, ge=1, le=100),
):
    found = _forwards(request).filter(client=request.user).order_by("-pk")
    if before is not None:
        found = found.filter(pk__lt=before)
    return [forward_out(f) for f in found[:limit]]


@router.get(
    "/postings/{posting_id}/forwards",
    response={200: list[ForwardStatusOut], **READ},
    auth=signed_in,
    summary="Where each client I sent a posting to is with it (counsellor)",
)
def posting_forwards(request, posting_id: int = POSTING_ID):
    posting = get_object_or_404(Posting.objects.visible_to(request.user), pk=posting_id)
    rows = services.status_rows(request.user, posting)
    counsellors = {row.forward.pk: row for row in rows}
    found = (
        _forwards(request)
        .filter(pk__in=list(counsellors))
        .order_by("client__profile__display_name", "pk")
    )
    out = []
    for forward in found:
        row = counsellors[forward.pk]
        out.append(
            {
                **forward_out(forward),
                "applications_shared": row.applications_shared,
                "applied": row.applied,
                "outcome": row.application.status
                if row.applications_shared and row.application
                else None,
            }
        )
    return out


@router.get(
    "/forwards/{forward_id}",
    response={200: ForwardOut, **READ},
    auth=signed_in,
    summary="One forwarded posting (its client or the case's counsellor)",
)
def forward_detail(request, forward_id: int = FORWARD_ID):
    return forward_out(_forward(request, forward_id))


@router.post(
    "/forwards/{forward_id}/open",
    response={200: ForwardOut, **WRITE},
    auth=writer,
    summary="Record that I opened a forwarded posting (client; the first time counts)",
)
def open_forward(request, forward_id: int = FORWARD_ID):
    found = _forward(request, forward_id)
    if found.client_id != request.user.pk:
        return Status(403, {"detail": _("Only the client opens a forwarded posting.")})
    services.mark_opened(request.user, found)
    return forward_out(_forward(request, forward_id))


@router.post(
    "/forwards/{forward_id}/response",
    response={200: ForwardOut, **WRITE},
    auth=writer,
    summary="Answer a forwarded posting: interested, or not for me with a reason (client)",
)
def respond(request, payload: ForwardResponseIn, forward_id: int = FORWARD_ID):
    found = _forward(request, forward_id)
    try:
        services.respond(
            request.user, found, payload.response, getattr(payload, "reason", ""), payload.text
        )
    except services.ApplicationsRefusal as error:
        return refused(error)
    return forward_out(_forward(request, forward_id))


@router.post(
    "/forwards/{forward_id}/applied",
    response={201: ApplicationOut, **WRITE},
    auth=writer,
    summary="Record that I applied to a forwarded posting: its application (client)",
)
def applied(request, payload: ApplicationTrackIn, forward_id: int = FORWARD_ID):
    found = _forward(request, forward_id)
    try:
        application = services.apply_from_forward(request.user, found, payload.date, payload.note)
    except services.ApplicationsRefusal as error:
        return refused(error)
    return Status(201, application_out(_application(request, application.pk)))


# ------------------------------------------------------------------ applications


@router.get(
    "/tracker",
    response={200: list[ApplicationOut], **READ},
    auth=signed_in,
    summary="My applications, last changed first",
)
def tracker(
    request,
    before: int | None = Query(None, ge=1, le=MAX_ID, description="Keyset: ids below this."),
    limit: int = Query(PAGE, ge=1, le=100),
):
    found = _applications(request).filter(client=request.user).order_by("-pk")
    if before is not None:
        found = found.filter(pk__lt=before)
    return [application_out(a) for a in found[:limit]]


@router.post(
    "/tracker",
    response={201: ApplicationOut, **WRITE},
    auth=writer,
    summary="Track a posting (posting_id) or an external job (title)",
)
def add(request, payload: ApplicationPostingIn | ApplicationExternalIn):
    try:
        if isinstance(payload, ApplicationPostingIn):
            posting = Posting.objects.visible_to(request.user).filter(pk=payload.posting_id).first()
            if posting is None:
                return Status(404, {"detail": _("This posting cannot be found.")})
            application = services.track_posting(
                request.user, posting, payload.status, payload.date, payload.note
            )
        else:
            application = services.add_external(
                request.user,
                title=payload.title,
                employer=payload.employer,
                url=payload.url,
                status=payload.status,
                when=payload.date,
                note=payload.note,
                notes=payload.notes,
            )
    except services.ApplicationsRefusal as error:
        return refused(error)
    return Status(201, application_out(_application(request, application.pk)))


@router.get(
    "/tracker/{application_id}",
    response={200: ApplicationOut, **READ},
    auth=signed_in,
    summary="One application with its history (the client; their counsellor with the scope)",
)
def application_detail(request, application_id: int = APPLICATION_ID):
    return application_out(_application(request, application_id))


@router.patch(
    "/tracker/{application_id}",
    response={200: ApplicationOut, **WRITE},
    auth=writer,
    summary="Change an application's title, employer, address or notes (client)",
)
def change(request, payload: ApplicationPatch, application_id: int = APPLICATION_ID):
    found = _application(request, application_id)
    changes = payload.dict(exclude_unset=True)
    changes = {k: ("" if v is None else v) for k, v in changes.items()}
    try:
        services.edit_application(request.user, found, **changes)
    except services.ApplicationsRefusal as error:
        return refused(error)
    return application_out(_application(request, application_id))


@router.delete(
    "/tracker/{application_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete an application from my tracker (client)",
)
def delete(request, application_id: int = APPLICATION_ID):
    found = _application(request, application_id)
    try:
        services.delete_application(request.user, found)
    except services.ApplicationsRefusal as error:
        return refused(error)
    return Status(204, None)


@router.post(
    "/tracker/{application_id}/status",
    response={200: ApplicationOut, **WRITE},
    auth=writer,
    summary="Move an application along its lifecycle, with a date and a note (client)",
)
def change_status(request, payload: ApplicationStatusIn, application_id: int = APPLICATION_ID):
    found = _application(request, application_id)
    try:
        services.change_status(request.user, found, payload.status, payload.date, payload.note)
    except services.ApplicationsRefusal as error:
        return refused(error)
    return application_out(_application(request, application_id))


@router.get(
    "/clients/{client_id}/tracker",
    response={200: list[ApplicationOut], **READ},
    auth=signed_in,
    summary="A client's applications (their counsellor, while the case grants the scope)",
)
def client_tracker(
    request,
    client_id: int = CLIENT_ID,
    before: int | None = Query(None, ge=1, le=MAX_ID, description="Keyset: ids below this."),
    limit: int = Query(PAGE, ge=1, le=100),
):
    granted = (
        Case.objects.granting(Scope.APPLICATIONS)
        .filter(counsellor=request.user, client_id=client_id)
        .exists()
    )
    if not granted:
        return Status(404, {"detail": _("Not found.")})
    found = _applications(request).filter(client_id=client_id).order_by("-pk")
    if before is not None:
        found = found.filter(pk__lt=before)
    return [application_out(a) for a in found[:limit]]
