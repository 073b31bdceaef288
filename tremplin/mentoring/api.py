"""Mentoring over the API: my mentorships, proposing one, and answering or ending it.
Each endpoint calls the same action as the pages (`services.py`); a mentorship is found
only through `Mentorship.objects.visible_to` and a member only through
`Profile.objects.visible_to` (anything else: 404)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.errors import refusal_for
from tremplin.api.schemas import HANDLE_PATTERN, TEXT, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.pii import kinds
from tremplin.mentoring import services
from tremplin.mentoring.models import MESSAGE_MAX_LENGTH, Mentorship
from tremplin.mentoring.views import mine
from tremplin.profiles.models import Profile

router = Router(tags=["mentoring"])

# How each refusal of `services` answers over HTTP.
STATUS_FOR = {
    "invalid": 422,
    "self": 409,
    "not_found": 404,
    "blocked": 404,
    "conflict": 409,
    "transition": 409,
    "forbidden": 403,
}
refused = refusal_for(STATUS_FOR)

READ = {401: ErrorOut}
WRITE = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
MENTORSHIP_ID = Path(..., ge=1, le=2_147_483_647)
LIST_CAP = 200


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


def mentorship_out(m: Mentorship, viewer) -> dict:
    other = m.other_party(viewer)
    profile = getattr(other, "profile", None)
    return {
        "id": m.pk,
        "status": m.status,
        "my_role": m.role_of(viewer),
        "proposed_by_me": m.invited_by_id == viewer.pk,
        "waiting_for_me": m.status == "invited" and m.invited_by_id != viewer.pk,
        "person": {
            "handle": profile.handle if profile else "",
            "display_name": other.display_name,
        },
        "message": m.message,
        "created": m.created,
        "started_at": m.started_at,
        "ended_at": m.ended_at,
    }


@router.get(
    "/mentorships",
    response={200: list[MentoringMentorshipOut], **READ},
    auth=signed_in,
    summary="My mentorships and proposals (newest first)",
)
def mentorships(request):
    found = mine(request.user).order_by("-created", "-pk")[:LIST_CAP]
    return [mentorship_out(m, request.user) for m in found]


@router.post(
    "/mentorships",
    response={201: MentoringMentorshipOut, 400: ErrorOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Propose a mentorship to a member whose profile I may see",
)
def propose(request, payload: MentoringProposeIn):
    other = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"),
        handle=payload.who.strip(),
    ).user
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
    try:
        made = services.propose(request.user, other, payload.role, message)
    except ValidationError as error:
        return refused(error)
    return Status(201, mentorship_out(mine(request.user).get(pk=made.pk), request.user))


def _act(request, mentorship_id: int, action):
    found = get_object_or_404(mine(request.user), pk=mentorship_id)
    try:
        moved = action(request.user, found)
    except ValidationError as error:
        return refused(error)
    return mentorship_out(mine(request.user).get(pk=moved.pk), request.user)


ACT_RESPONSES = {200: MentoringMentorshipOut, **WRITE}


@router.post(
    "/mentorships/{mentorship_id}/accept",
    response=ACT_RESPONSES,
    auth=writer,
    summary="Accept a proposal made to me (the mentorship starts)",
)
def accept(request, mentorship_id: int = MENTORSHIP_ID):
    return _act(request, mentorship_id, services.accept)


@router.post(
    "/mentorships/{mentorship_id}/decline",
    response=ACT_RESPONSES,
    auth=writer,
    summary="Decline a proposal made to me",
)
def decline(request, mentorship_id: int = MENTORSHIP_ID):
    return _act(request, mentorship_id, services.decline)


@router.post(
    "/mentorships/{mentorship_id}/end",
    response=ACT_RESPONSES,
    auth=writer,
    summary="End a mentorship, or withdraw my proposal (document access stops at once)",
)
def end(request, mentorship_id: int = MENTORSHIP_ID):
    return _act(request, mentorship_id, services.end)
