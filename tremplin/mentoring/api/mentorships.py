"""Mentoring over the API: my mentorships, proposing one, and answering or ending it.
Each endpoint calls the same action as the pages (`services.py`); a mentorship is found
only through `Mentorship.objects.visible_to` and a member only through
`Profile.objects.visible_to` (`queries.py`; anything else: 404). A refusal is answered
by the API's handler from `tremplin.core.refusals.STATUSES`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Path, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import HANDLE_PATTERN, TEXT, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.pii import kinds
from tremplin.mentoring import queries, services
from tremplin.mentoring.models import MESSAGE_MAX_LENGTH, Mentorship
from tremplin.mentoring.scoring import reason_sentences

router = Router()

READ = {401: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MENTORSHIP_ID = Path(..., ge=1, le=2_147_483_647)


class MentoringPersonOut(Schema):
    handle: str
    display_name: str


class MentoringMentorshipOut(Schema):
    id: int
    status: str = Field(description="invited, active or ended")
    my_role: str = Field(description="mentor or mentee: the caller's role in it")
    proposed_by_me: bool
    waiting_for_me: bool = Field(description="A proposal the caller may accept or decline.")
    person: MentoringPersonOut = Field(description="The other party.")
    message: str
    created: datetime
    started_at: datetime | None
    ended_at: datetime | None
    programme: int | None = Field(description="The programme it belongs to, if any.")
    coordinated: bool = Field(
        description="Proposed by the programme's coordinators: both sides accept."
    )
    reasons: list[str] = Field(description="Why this match, in the caller's language.")


class MentoringProposeIn(StrictSchema):
    who: str = Field(
        ..., min_length=1, max_length=60, pattern=HANDLE_PATTERN, description="Their handle."
    )
    role: Literal["mentor", "mentee"] = Field(
        description="The caller's role: mentor (I offer to mentor them) or mentee (I ask "
        "them to mentor me)."
    )
    message: str = Field("", max_length=MESSAGE_MAX_LENGTH, pattern=TEXT)
    confirm_pii: StrictBool = Field(
        False, description="Send even though the message seems to contain personal data."
    )


def mentorship_out(m: Mentorship, viewer: Any) -> dict[str, Any]:
    other = m.other_party(viewer)
    profile = getattr(other, "profile", None)
    return {
        "id": m.pk,
        "status": m.status,
        "my_role": m.role_of(viewer),
        "proposed_by_me": m.invited_by_id == viewer.pk and not m.coordinated,
        "waiting_for_me": m.waits_for(viewer),
        "person": {
            "handle": profile.handle if profile else "",
            "display_name": other.display_name,
        },
        "message": m.message,
        "created": m.created,
        "started_at": m.started_at,
        "ended_at": m.ended_at,
        "programme": m.programme_id,
        "coordinated": m.coordinated,
        "reasons": reason_sentences(m.match_reasons),
    }


@router.get(
    "/mentorships",
    response={200: list[MentoringMentorshipOut], **READ},
    auth=signed_in,
    summary="My mentorships and proposals (newest first)",
)
def mentorships(request: HttpRequest) -> list[dict[str, Any]]:
    return [mentorship_out(m, request.user) for m in queries.listed(request.user)]


@router.post(
    "/mentorships",
    response={201: MentoringMentorshipOut, 400: ErrorOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Propose a mentorship to a member whose profile I may see",
)
def propose(request: HttpRequest, payload: MentoringProposeIn) -> Status:
    other = queries.member_or_none(request.user, payload.who.strip())
    if other is None:
        raise Http404
    message = payload.message.strip()
    found = kinds(message)
    if found and not payload.confirm_pii:
        return Status(
            422,
            {
                "detail": "The message seems to contain personal data; edit it or send "
                "confirm_pii.",
                "pii": {"message": found},
            },
        )
    made = services.propose(request.user, other, payload.role, message)
    return Status(
        201, mentorship_out(queries.mentorship_or_404(request.user, made.pk), request.user)
    )


def _act(
    request: HttpRequest, mentorship_id: int, action: Callable[[Any, Mentorship], Mentorship]
) -> dict[str, Any]:
    found = queries.mentorship_or_404(request.user, mentorship_id)
    moved = action(request.user, found)
    return mentorship_out(queries.mentorship_or_404(request.user, moved.pk), request.user)


ACT_RESPONSES = {200: MentoringMentorshipOut, **WRITE}


@router.post(
    "/mentorships/{mentorship_id}/accept",
    response=ACT_RESPONSES,
    auth=writer,
    summary="Accept a proposal made to me (the mentorship starts)",
)
def accept(request: HttpRequest, mentorship_id: int = MENTORSHIP_ID) -> dict[str, Any]:
    return _act(request, mentorship_id, services.accept)


@router.post(
    "/mentorships/{mentorship_id}/decline",
    response=ACT_RESPONSES,
    auth=writer,
    summary="Decline a proposal made to me",
)
def decline(request: HttpRequest, mentorship_id: int = MENTORSHIP_ID) -> dict[str, Any]:
    return _act(request, mentorship_id, services.decline)


@router.post(
    "/mentorships/{mentorship_id}/end",
    response=ACT_RESPONSES,
    auth=writer,
    summary="End a mentorship, or withdraw my proposal (document access stops at once)",
)
def end(request: HttpRequest, mentorship_id: int = MENTORSHIP_ID) -> dict[str, Any]:
    return _act(request, mentorship_id, services.end)
