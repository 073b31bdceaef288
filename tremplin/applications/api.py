"""Forwarding and the application tracker over the API (/api/v1/applications/). Each
endpoint calls the same action as the pages (`services.py`) and reads what the pages
read (`queries.py`, through the models' `visible_to`): what the caller may not see is a
404; what they see but may not change (a counsellor and a client's forward or
application) is a 403; a posting no longer open, a forward already sent, an application
already tracked or a move the lifecycle refuses is a 409; bad input is a 422. Every
error is JSON `{"detail": ...}`: a refusal is answered by the API's one handler, from
`core.refusals.STATUSES`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.responses import Status

from tremplin.accounts.models import User
from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut
from tremplin.applications import queries, services
from tremplin.applications.forward_checks import not_client_message
from tremplin.applications.inputs import ApplicationsRefusal
from tremplin.applications.models import TRANSITIONS, Application, Forward
from tremplin.applications.schemas import (
    MAX_ID,
    ApplicationExternalIn,
    ApplicationOut,
    ApplicationPatch,
    ApplicationPostingIn,
    ApplicationStatusIn,
    ApplicationTrackIn,
    ForwardIn,
    ForwardOut,
    ForwardResponseIn,
    ForwardStatusOut,
)
from tremplin.core.consent import counsels_or_refuse
from tremplin.counselling.models import Scope

router = Router(tags=["applications"])

FORWARD_ID = Path(..., ge=1, le=MAX_ID)
APPLICATION_ID = Path(..., ge=1, le=MAX_ID)
POSTING_ID = Path(..., ge=1, le=MAX_ID)
CLIENT_ID = Path(..., ge=1, le=MAX_ID)
BEFORE = Query(None, ge=1, le=MAX_ID, description="Keyset: ids below this.")
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

# ------------------------------------------------------------------ rendering


def _name(user: Any) -> str:
    profile = getattr(user, "profile", None) if user is not None else None
    return profile.display_name if profile is not None else ""


def forward_out(forward: Forward) -> dict[str, Any]:
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


def application_out(application: Application) -> dict[str, Any]:
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
        "next_statuses": TRANSITIONS.targets(application.status),
        "notes": application.notes,
        "created": application.created,
        "updated": application.updated,
        "events": [
            {"status": e.status, "date": e.date, "note": e.note, "created": e.created}
            for e in application.events.all()
        ],
    }


def _page(found: QuerySet[Any], before: int | None, limit: int) -> list[Any]:
    """Newest first, below the keyset `before`."""
    found = found.order_by("-pk")
    if before is not None:
        found = found.filter(pk__lt=before)
    return list(found[:limit])


# ------------------------------------------------------------------ forwards


@router.post(
    "/forwards",
    response={201: list[ForwardOut], **WRITE},
    auth=writer,
    summary="Forward a posting to clients of my active cases, with a note (counsellor)",
)
def forward(request: HttpRequest, payload: ForwardIn) -> Status:
    posting = queries.posting_or_404(request.user, payload.posting_id)
    ids = set(payload.client_ids)
    clients = list(User.objects.filter(pk__in=[i for i in ids if 0 < i <= MAX_ID]))
    if len(clients) != len(ids):
        # Unknown ids get the same answer as members who are not the caller's clients.
        raise ApplicationsRefusal(not_client_message(), "not_client")
    made = services.forward_posting(request.user, posting, clients, payload.note)
    rows = queries.forwards_of(request.user).filter(pk__in=[f.pk for f in made]).order_by("pk")
    return Status(201, [forward_out(f) for f in rows])


@router.get(
    "/forwards/received",
    response={200: list[ForwardOut], **READ},
    auth=signed_in,
    summary="Jobs my counsellors sent me, newest first (client)",
)
def received(
    request: HttpRequest,
    before: int | None = BEFORE,
    limit: int = Query(PAGE, ge=1, le=100),
) -> list[dict[str, Any]]:
    return [forward_out(f) for f in _page(queries.received(request.user), before, limit)]


@router.get(
    "/postings/{posting_id}/forwards",
    response={200: list[ForwardStatusOut], **READ},
    auth=signed_in,
    summary="Where each client I sent a posting to is with it (counsellor)",
)
def posting_forwards(request: HttpRequest, posting_id: int = POSTING_ID) -> list[dict[str, Any]]:
    posting = queries.posting_or_404(request.user, posting_id)
    return [
        {
            **forward_out(row.forward),
            "applications_shared": row.applications_shared,
            "applied": row.applied,
            "outcome": row.application.status
            if row.applications_shared and row.application
            else None,
        }
        for row in queries.status_rows(request.user, posting)
    ]


@router.get(
    "/forwards/{forward_id}",
    response={200: ForwardOut, **READ},
    auth=signed_in,
    summary="One forwarded posting (its client or the case's counsellor)",
)
def forward_detail(request: HttpRequest, forward_id: int = FORWARD_ID) -> dict[str, Any]:
    return forward_out(queries.forward_or_404(request.user, forward_id))


@router.post(
    "/forwards/{forward_id}/open",
    response={200: ForwardOut, **WRITE},
    auth=writer,
    summary="Record that I opened a forwarded posting (client; the first time counts)",
)
def open_forward(request: HttpRequest, forward_id: int = FORWARD_ID) -> dict[str, Any]:
    found = queries.forward_or_404(request.user, forward_id)
    if found.client_id != request.user.pk:
        raise PermissionDenied(_("Only the client opens a forwarded posting."))
    services.mark_opened(request.user, found)
    return forward_out(queries.forward_or_404(request.user, forward_id))


@router.post(
    "/forwards/{forward_id}/response",
    response={200: ForwardOut, **WRITE},
    auth=writer,
    summary="Answer a forwarded posting: interested, or not for me with a reason (client)",
)
def respond(
    request: HttpRequest, payload: ForwardResponseIn, forward_id: int = FORWARD_ID
) -> dict[str, Any]:
    found = queries.forward_or_404(request.user, forward_id)
    services.respond(
        request.user, found, payload.response, getattr(payload, "reason", ""), payload.text
    )
    return forward_out(queries.forward_or_404(request.user, forward_id))


@router.post(
    "/forwards/{forward_id}/applied",
    response={201: ApplicationOut, **WRITE},
    auth=writer,
    summary="Record that I applied to a forwarded posting: its application (client)",
)
def applied(
    request: HttpRequest, payload: ApplicationTrackIn, forward_id: int = FORWARD_ID
) -> Status:
    found = queries.forward_or_404(request.user, forward_id)
    application = services.apply_from_forward(request.user, found, payload.date, payload.note)
    return Status(201, application_out(queries.application_or_404(request.user, application.pk)))


# ------------------------------------------------------------------ applications


@router.get(
    "/tracker",
    response={200: list[ApplicationOut], **READ},
    auth=signed_in,
    summary="My applications, last changed first",
)
def tracker(
    request: HttpRequest,
    before: int | None = BEFORE,
    limit: int = Query(PAGE, ge=1, le=100),
) -> list[dict[str, Any]]:
    found = queries.applications_of(request.user, request.user).for_detail()
    return [application_out(a) for a in _page(found, before, limit)]


@router.post(
    "/tracker",
    response={201: ApplicationOut, **WRITE},
    auth=writer,
    summary="Track a posting (posting_id) or an external job (title)",
)
def add(request: HttpRequest, payload: ApplicationPostingIn | ApplicationExternalIn) -> Status:
    if isinstance(payload, ApplicationPostingIn):
        posting = queries.visible_posting(request.user, payload.posting_id)
        if posting is None:
            raise ApplicationsRefusal(_("This posting cannot be found."), "not_found")
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
    return Status(201, application_out(queries.application_or_404(request.user, application.pk)))


@router.get(
    "/tracker/{application_id}",
    response={200: ApplicationOut, **READ},
    auth=signed_in,
    summary="One application with its history (the client; their counsellor with the scope)",
)
def application_detail(
    request: HttpRequest, application_id: int = APPLICATION_ID
) -> dict[str, Any]:
    return application_out(queries.application_or_404(request.user, application_id))


@router.patch(
    "/tracker/{application_id}",
    response={200: ApplicationOut, **WRITE},
    auth=writer,
    summary="Change an application's title, employer, address or notes (client)",
)
def change(
    request: HttpRequest, payload: ApplicationPatch, application_id: int = APPLICATION_ID
) -> dict[str, Any]:
    found = queries.application_or_404(request.user, application_id)
    changes = payload.dict(exclude_unset=True)
    changes = {k: ("" if v is None else v) for k, v in changes.items()}
    services.edit_application(request.user, found, **changes)
    return application_out(queries.application_or_404(request.user, application_id))


@router.delete(
    "/tracker/{application_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete an application from my tracker (client)",
)
def delete(request: HttpRequest, application_id: int = APPLICATION_ID) -> Status:
    found = queries.application_or_404(request.user, application_id)
    services.delete_application(request.user, found)
    return Status(204, None)


@router.post(
    "/tracker/{application_id}/status",
    response={200: ApplicationOut, **WRITE},
    auth=writer,
    summary="Move an application along its lifecycle, with a date and a note (client)",
)
def change_status(
    request: HttpRequest, payload: ApplicationStatusIn, application_id: int = APPLICATION_ID
) -> dict[str, Any]:
    found = queries.application_or_404(request.user, application_id)
    services.change_status(request.user, found, payload.status, payload.date, payload.note)
    return application_out(queries.application_or_404(request.user, application_id))


@router.get(
    "/clients/{client_id}/tracker",
    response={200: list[ApplicationOut], **READ, 403: ErrorOut},
    auth=signed_in,
    summary="A client's applications (their counsellor, while the case grants the scope)",
    description="403 with code `not_granted` when the caller counsels this client in an "
    "open case that does not grant the applications scope now (withdrawn or paused).",
)
def client_tracker(
    request: HttpRequest,
    client_id: int = CLIENT_ID,
    before: int | None = BEFORE,
    limit: int = Query(PAGE, ge=1, le=100),
) -> list[dict[str, Any]]:
    counsels_or_refuse(request.user, client_id, Scope.APPLICATIONS)
    found = queries.applications_of(request.user, client_id).for_detail()
    return [application_out(a) for a in _page(found, before, limit)]


# Applying here, on Tremplin: its own module, the same prefix.
from tremplin.applications import apply_api  # noqa: E402

router.add_router("", apply_api.router)
