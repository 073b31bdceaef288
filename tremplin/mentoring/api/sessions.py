"""A mentorship's sessions over the API: the mentor's free times, the sessions, proposing,
answering, cancelling, moving, marking held or missed, rating, and the .ics of an
accepted one. Thin adapters over `queries.hub` and `services.sessions`/`feedback`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, StrictSchema
from tremplin.mentoring.api.hub import ID, READ, WRITE
from tremplin.mentoring.calendar import ics_response
from tremplin.mentoring.models import Session
from tremplin.mentoring.models.feedback import COMMENT_MAX_LENGTH
from tremplin.mentoring.models.sessions import AGENDA_MAX_LENGTH, LENGTHS, PLACE_MAX_LENGTH
from tremplin.mentoring.queries import hub as queries
from tremplin.mentoring.services import feedback, sessions
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.mentoring.services.sessions import Plan, offered_times

router = Router()
Minutes = Literal[30, 45, 60, 90]


class MentoringSessionOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime
    minutes: int
    status: str = Field(description="proposed, accepted, declined, cancelled, held or missed")
    proposed_by_me: bool
    waiting_for_me: bool
    link: str
    place: str
    agenda: str
    sequence: int = Field(description="The .ics SEQUENCE: bumped at each change.")
    my_rating: int | None
    ics_url: str | None


def session_out(s: Session, viewer: Any, my_rating: int | None = None) -> dict[str, Any]:
    return {
        "id": s.pk,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "minutes": s.minutes,
        "status": s.status,
        "proposed_by_me": s.proposed_by_id == viewer.pk,
        "waiting_for_me": s.waiting_for == viewer.pk,
        "link": s.link,
        "place": s.place,
        "agenda": s.agenda,
        "sequence": s.sequence,
        "my_rating": my_rating,
        "ics_url": f"/api/v1/mentoring/mentorships/{s.mentorship_id}/sessions/{s.pk}/ics"
        if s.status == "accepted"
        else None,
    }


class MentoringSlotsOut(Schema):
    minutes: int
    starts: list[datetime] = Field(description="The mentor's free start times (3 weeks).")


@router.get(
    "/mentorships/{mentorship_id}/slots",
    response={200: MentoringSlotsOut, **READ},
    auth=signed_in,
    summary="The mentor's free times a session may be proposed at",
)
def slots(
    request: HttpRequest,
    mentorship_id: int = ID,
    minutes: int = Query(60, ge=30, le=90, description="30, 45, 60 or 90"),
) -> dict[str, Any]:
    m = queries.started_or_404(request.user, mentorship_id)
    if minutes not in LENGTHS:
        raise MentoringError(_("Choose a length from the list."), code="invalid")
    starts = offered_times(request.user, m, minutes) if m.status == "active" else []
    return {"minutes": minutes, "starts": starts}


@router.get(
    "/mentorships/{mentorship_id}/sessions",
    response={200: list[MentoringSessionOut], **READ},
    auth=signed_in,
    summary="The mentorship's sessions, latest first",
)
def list_sessions(request: HttpRequest, mentorship_id: int = ID) -> list[dict[str, Any]]:
    m = queries.started_or_404(request.user, mentorship_id)
    hub = queries.hub(request.user, m)
    return [
        session_out(s, request.user, getattr(hub.my_ratings.get(s.pk), "score", None))
        for s in hub.sessions
    ]


class MentoringSessionIn(StrictSchema):
    starts_at: datetime = Field(
        description="With its offset. The mentee: one of /slots; the mentor: any time ahead."
    )
    minutes: Minutes = 60
    link: str = Field("", max_length=500, pattern=TEXT, description="https:// only")
    place: str = Field("", max_length=PLACE_MAX_LENGTH, pattern=TEXT)
    agenda: str = Field("", max_length=AGENDA_MAX_LENGTH, pattern=TEXT)


def _plan(payload: MentoringSessionIn) -> Plan:
    return Plan(payload.starts_at, payload.minutes, payload.link, payload.place, payload.agenda)


@router.post(
    "/mentorships/{mentorship_id}/sessions",
    response={201: MentoringSessionOut, **WRITE},
    auth=writer,
    summary="Propose a session (the other party answers)",
)
def propose(request: HttpRequest, payload: MentoringSessionIn, mentorship_id: int = ID) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    made = sessions.propose_session(request.user, m, _plan(payload))
    return Status(201, session_out(made, request.user))


@router.post(
    "/mentorships/{mentorship_id}/sessions/{session_id}/reschedule",
    response={200: MentoringSessionOut, **WRITE},
    auth=writer,
    summary="Propose a new time for a session (it waits for the other party again)",
)
def reschedule(
    request: HttpRequest, payload: MentoringSessionIn, mentorship_id: int = ID, session_id: int = ID
) -> dict[str, Any]:
    m = queries.started_or_404(request.user, mentorship_id)
    found = queries.session_or_404(request.user, m, session_id)
    return session_out(
        sessions.reschedule_session(request.user, found, _plan(payload)), request.user
    )


@router.get(
    "/mentorships/{mentorship_id}/sessions/{session_id}/ics",
    response={200: str, **READ},
    auth=signed_in,
    summary="An accepted session as an iCalendar file (text/calendar)",
    openapi_extra={
        "responses": {
            200: {
                "description": "An iCalendar file",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def ics_file(request: HttpRequest, mentorship_id: int = ID, session_id: int = ID) -> HttpResponse:
    m = queries.started_or_404(request.user, mentorship_id)
    found = queries.session_or_404(request.user, m, session_id)
    with translation.override(getattr(request.user, "language", None) or "fr"):
        response = ics_response(request, found)
    response["Cache-Control"] = "private, no-store"
    return response


class MentoringRatingIn(StrictSchema):
    score: Literal[1, 2, 3, 4, 5]
    comment: str = Field("", max_length=COMMENT_MAX_LENGTH, pattern=TEXT)


@router.put(
    "/mentorships/{mentorship_id}/sessions/{session_id}/rating",
    response={204: None, **WRITE},
    auth=writer,
    summary="Rate a held session (1-5), with an optional comment only I read",
)
def rate(
    request: HttpRequest, payload: MentoringRatingIn, mentorship_id: int = ID, session_id: int = ID
) -> Status:
    m = queries.started_or_404(request.user, mentorship_id)
    found = queries.session_or_404(request.user, m, session_id)
    feedback.rate(request.user, found, payload.score, payload.comment)
    return Status(204, None)


# After the .ics and rating routes: "/{action}" would take "/ics" and "/rating" for a
# POST-only path.
ACTIONS = {
    "accept": sessions.accept_session,
    "decline": sessions.decline_session,
    "cancel": sessions.cancel_session,
    "held": lambda user, s: sessions.mark_session(user, s, True),
    "missed": lambda user, s: sessions.mark_session(user, s, False),
}


@router.post(
    "/mentorships/{mentorship_id}/sessions/{session_id}/{action}",
    response={200: MentoringSessionOut, **WRITE},
    auth=writer,
    summary="Accept, decline, cancel, or mark held or missed (after its time)",
)
def act(
    request: HttpRequest,
    action: Literal["accept", "decline", "cancel", "held", "missed"],
    mentorship_id: int = ID,
    session_id: int = ID,
) -> dict[str, Any]:
    m = queries.started_or_404(request.user, mentorship_id)
    found = queries.session_or_404(request.user, m, session_id)
    return session_out(ACTIONS[action](request.user, found), request.user)
