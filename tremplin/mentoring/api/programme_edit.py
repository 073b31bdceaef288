"""Changing a programme over the API: PATCH the programme (any field of its creation but
who runs it), and its coordinators (list, add, remove). Its coordinators only: anyone
else gets a 404, as for the dashboard. Thin adapters over the same queries and services
as the edit page; a refusal is answered by the API's handler from
`tremplin.core.refusals.STATUSES` (409: questions someone answered, a capacity below the
mentees enrolled, a closed programme, the last coordinator; 422: bad values, someone who
may not coordinate)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Schema
from ninja.responses import Status
from pydantic import StrictInt, field_validator

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import HANDLE_PATTERN, TEXT, StrictSchema
from tremplin.mentoring import queries as mentorship_queries
from tremplin.mentoring.api import programmes as programmes_api
from tremplin.mentoring.api.programmes import (
    ID,
    READ,
    WRITE,
    MentoringProgrammeOut,
    MentoringQuestionIn,
    Policy,
    programme_out,
    whole_number,
)
from tremplin.mentoring.queries import coordinators as people
from tremplin.mentoring.queries import programmes as queries
from tremplin.mentoring.services import programme_edit as edit
from tremplin.mentoring.services import programmes as services

# The programmes' own router: a path has one view per router, so PATCH sits beside
# GET /programmes/{programme_id} (a second router's PATCH would answer 405).
router = programmes_api.router

HANDLE = Path(..., min_length=1, max_length=60, pattern=HANDLE_PATTERN)


class MentoringProgrammePatchIn(StrictSchema):
    """Only the fields given change; questions are replaced as a whole per side."""

    name_fr: str | None = Field(None, max_length=150, pattern=TEXT)
    name_en: str | None = Field(None, max_length=150, pattern=TEXT)
    purpose_fr: str | None = Field(None, max_length=3000, pattern=TEXT)
    purpose_en: str | None = Field(None, max_length=3000, pattern=TEXT)
    starts_on: date | None = Field(None, description="From 2000 to 2100 (else 422).")
    ends_on: date | None = None
    mentor_policy: Policy | None = Field(
        None, description="members, clients, invitation (an agency's); community, invitation"
    )
    mentee_policy: Policy | None = None
    mentor_questions: list[MentoringQuestionIn] | None = Field(
        None, max_length=5, description="409 once a member answered this side's questions."
    )
    mentee_questions: list[MentoringQuestionIn] | None = Field(None, max_length=5)
    capacity: StrictInt | None = Field(
        None, ge=1, le=5000, description="409 below the mentees already enrolled."
    )
    months: StrictInt | None = Field(None, ge=1, le=24)

    _whole = field_validator("capacity", "months", mode="before")(whole_number)


class MentoringCoordinatorIn(StrictSchema):
    who: str = Field(..., min_length=1, max_length=60, pattern=HANDLE_PATTERN)


class MentoringCoordinatorOut(Schema):
    handle: str
    display_name: str


def coordinators_out(programme: Any) -> list[dict[str, str]]:
    return [
        {"handle": p.handle, "display_name": p.display_name}
        for p in people.coordinators_of(programme)
    ]


@router.patch(
    "/programmes/{programme_id}",
    response={200: MentoringProgrammeOut, **WRITE},
    auth=writer,
    summary="Change a programme (its coordinators; not once closed)",
)
def programme_patch(
    request: HttpRequest, payload: MentoringProgrammePatchIn, programme_id: int = ID
) -> dict[str, Any]:
    programme = queries.coordinated_or_404(request.user, programme_id)
    given = payload.dict(exclude_unset=True)
    changes: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    for side in ("mentor_questions", "mentee_questions"):
        asked = getattr(payload, side)
        if asked is not None:
            changes[side] = [(q.fr, q.en) for q in asked]
    data = replace(edit.data_of(programme), **changes)
    saved = edit.update_programme(request.user, programme, data)
    return programme_out(queries.programme_or_404(request.user, saved.pk), request.user)


@router.get(
    "/programmes/{programme_id}/coordinators",
    response={200: list[MentoringCoordinatorOut], **READ},
    auth=signed_in,
    summary="A programme's coordinators (its coordinators)",
)
def coordinators(request: HttpRequest, programme_id: int = ID) -> list[dict[str, str]]:
    return coordinators_out(queries.coordinated_or_404(request.user, programme_id))


@router.post(
    "/programmes/{programme_id}/coordinators",
    response={201: list[MentoringCoordinatorOut], **WRITE},
    auth=writer,
    summary=(
        "Add a coordinator: the agency's staff, or the community's owners and moderators "
        "(422 for anyone else)"
    ),
)
def coordinator_add(
    request: HttpRequest, payload: MentoringCoordinatorIn, programme_id: int = ID
) -> Status:
    programme = queries.coordinated_or_404(request.user, programme_id)
    who = mentorship_queries.member_or_none(request.user, payload.who.strip())
    if who is None:
        raise Http404
    services.add_coordinator(request.user, programme, who)
    return Status(201, coordinators_out(programme))


@router.delete(
    "/programmes/{programme_id}/coordinators/{handle}",
    response={200: list[MentoringCoordinatorOut], **WRITE},
    auth=writer,
    summary="Remove a coordinator (409 for the last one)",
)
def coordinator_remove(
    request: HttpRequest, programme_id: int = ID, handle: str = HANDLE
) -> list[dict[str, str]]:
    programme = queries.coordinated_or_404(request.user, programme_id)
    other = programme.coordinators.filter(profile__handle=handle.strip()).first()
    if other is None:
        raise Http404
    edit.remove_coordinator(request.user, programme, other)
    return coordinators_out(programme)
