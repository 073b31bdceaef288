"""Communities API: the events part, a thin adapter over `queries/events.py` and
`services/events.py` (the pages call the same). An event the caller may not see is a
404; what only its organisers may do or read is a 403; refusals are answered by the
API's handler from `tremplin.core.refusals.STATUSES`. Datetimes carry their offset.
Lists never carry an online link; one event's does, to people registered with a place
and to its organisers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import FILLED_TEXT, OPTIONAL_AUTH, TEXT, ErrorOut, StrictSchema
from tremplin.communities.models import (
    Community,
    Event,
    EventAudience,
    EventFormat,
    EventKind,
    Registration,
    Rsvp,
)
from tremplin.communities.models.events import MAX_QUESTIONS
from tremplin.communities.queries import events as queries
from tremplin.communities.services import events as services
from tremplin.communities.services import events_mail
from tremplin.core.exports import csv_bytes, csv_download

router = Router(tags=["communities"])

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ID = Path(..., ge=1, le=2_147_483_647)
KindName = Literal["job_fair", "workshop", "information", "meetup", "other"]
FormatName = Literal["in_person", "online", "hybrid"]
RsvpName = Literal["going", "maybe", "not_going"]
AudienceName = Literal["public", "members"]
ZoneName = Literal[services.TIME_ZONES]  # type: ignore[valid-type]
assert set(get_args(KindName)) == set(EventKind.values)
assert set(get_args(FormatName)) == set(EventFormat.values)
assert set(get_args(RsvpName)) == set(Rsvp.values)
assert set(get_args(AudienceName)) == set(EventAudience.values)
FILE = {
    "responses": {
        200: {"description": "A file", "content": {"text/calendar": {"schema": {"type": "string"}}}}
    }
}


class EventOut(Schema):
    id: int
    title: str
    kind: str
    description: str = Field(description="Markdown.")
    language: str
    format: str
    venue: str
    city: str
    starts: datetime
    ends: datetime
    time_zone: str
    capacity: int | None
    going: int
    waiting: int
    audience: str
    community: str | None = Field(description="The organising community's slug.")
    organization: str | None = Field(description="The organising organisation's slug.")
    cancelled: datetime | None
    cancel_reason: str
    sequence: int = Field(description="The .ics SEQUENCE: bumped at each change.")
    url: str
    ics_url: str


class EventDetailOut(EventOut):
    online_url: str = Field(description="Only for people registered with a place and organisers.")
    organiser: bool = Field(description="Whether the caller organises it.")


class QuestionIn(StrictSchema):
    label: str = Field(max_length=services.QUESTION_MAX_LENGTH, pattern=FILLED_TEXT)
    required: bool = False


class EventIn(StrictSchema):
    title: str = Field(max_length=200, pattern=FILLED_TEXT)
    kind: KindName = "other"
    description: str = Field("", max_length=10_000, pattern=TEXT)
    language: Literal["fr", "en"] = "fr"
    format: FormatName = "in_person"
    venue: str = Field("", max_length=200, pattern=TEXT)
    city: str = Field("", max_length=100, pattern=TEXT)
    online_url: str = Field("", max_length=500, pattern=TEXT, description="https:// only.")
    starts: datetime = Field(description="WITH an offset; naive ones are a 422.")
    ends: datetime
    time_zone: ZoneName = "America/Toronto"
    capacity: int | None = Field(None, ge=1, le=services.MAX_CAPACITY)
    questions: list[QuestionIn] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    audience: AudienceName = "members"


class EventCreateIn(EventIn):
    community: str | None = Field(None, max_length=80, pattern=TEXT, description="A slug.")
    organization_id: int | None = Field(None, ge=1, le=2_147_483_647)


class CancelIn(StrictSchema):
    reason: str = Field(max_length=services.REASON_MAX_LENGTH, pattern=FILLED_TEXT)


class RegistrationIn(StrictSchema):
    rsvp: RsvpName
    answers: list[str] = Field(default_factory=list, max_length=MAX_QUESTIONS)


class RegistrationOut(Schema):
    event_id: int
    rsvp: str
    waitlisted: bool
    position: int = Field(description="Place on the waiting list (0: not waiting).")
    answers: list[dict[str, str]]


class AttendeeOut(Schema):
    name: str
    email: str
    rsvp: str
    waitlisted: bool
    answers: list[str]


class FeedOut(Schema):
    url: str | None = Field(
        description="The private calendar address (keep it secret); null until asked for."
    )


def event_out(event: Event, viewer: Any = None, detail: bool = False) -> dict[str, Any]:
    out = {
        "id": event.pk,
        "title": event.title,
        "kind": event.kind,
        "description": event.description,
        "language": event.language,
        "format": event.format,
        "venue": event.venue,
        "city": event.city,
        "starts": event.starts,
        "ends": event.ends,
        "time_zone": event.time_zone,
        "capacity": event.capacity,
        "going": event.going_count,
        "waiting": event.waitlist_count,
        "audience": event.audience,
        "community": event.community.slug if event.community else None,
        "organization": event.organization.slug if event.organization else None,
        "cancelled": event.cancelled,
        "cancel_reason": event.cancel_reason,
        "sequence": event.sequence,
        "url": event.get_absolute_url(),
        "ics_url": reverse("api:communities_event_ics", kwargs={"event_id": event.pk}),
    }
    if detail:
        out["online_url"] = event.online_url if event.link_visible_to(viewer) else ""
        out["organiser"] = event.is_organised_by(viewer)
    return out


def registration_out(registration: Registration) -> dict[str, Any]:
    return {
        "event_id": registration.event_id,
        "rsvp": registration.rsvp,
        "waitlisted": registration.waitlisted,
        "position": queries.waitlist_position(registration),
        "answers": registration.answers or [],
    }


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise HttpError(422, "Give the date and time with its UTC offset (e.g. ...T09:30-04:00).")
    return moment


def _data(payload: EventIn) -> services.EventData:
    return services.EventData(
        title=payload.title,
        starts=_aware(payload.starts),
        ends=_aware(payload.ends),
        kind=payload.kind,
        description=payload.description,
        language=payload.language,
        format=payload.format,
        venue=payload.venue,
        city=payload.city,
        online_url=payload.online_url,
        time_zone=payload.time_zone,
        capacity=payload.capacity,
        questions=[q.model_dump() for q in payload.questions],
        audience=payload.audience,
    )


class ListFilters(Schema):
    kind: KindName | None = None
    where: Literal["online", "in_person"] | None = None
    city: str = Field("", max_length=100, pattern=TEXT)
    community: str = Field("", max_length=80, pattern=TEXT, description="A slug.")
    organization: str = Field("", max_length=80, pattern=TEXT, description="A slug.")


# ------------------------------------------------------------------ reading


@router.get(
    "/events",
    response={200: list[EventOut], **READ},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Upcoming events the caller may see (50 at most, soonest first)",
)
def list_events(request: HttpRequest, filters: Query[ListFilters]) -> list[dict[str, Any]]:
    found = queries.upcoming(
        request.user,
        queries.Filters(
            kind=filters.kind or "",
            where=filters.where or "",
            city=filters.city,
            community=filters.community,
            organization=filters.organization,
        ),
    )
    return [event_out(e) for e in found]


@router.get(
    "/events/mine",
    response={200: list[RegistrationOut], **READ},
    auth=signed_in,
    summary="My registrations to upcoming events",
)
def my_events(request: HttpRequest) -> list[dict[str, Any]]:
    return [registration_out(r) for r in queries.mine(request.user)]


@router.get(
    "/events/calendar",
    response={200: FeedOut, **READ},
    auth=signed_in,
    summary="My private calendar address (null until made with .../calendar/renew)",
)
def my_calendar(request: HttpRequest) -> dict[str, Any]:
    feed = queries.feed_of(request.user)
    if feed is None:
        return {"url": None}
    return {"url": request.build_absolute_uri(reverse("communities:event_feed", args=[feed.token]))}


@router.post(
    "/events/calendar/renew",
    response={200: FeedOut, **WRITE},
    auth=writer,
    summary="Make my private calendar address, or a new one (the old one stops working)",
)
def renew_calendar(request: HttpRequest) -> dict[str, Any]:
    feed = services.renew_calendar_feed(request.user)
    return {"url": request.build_absolute_uri(reverse("communities:event_feed", args=[feed.token]))}


@router.get(
    "/events/{event_id}",
    response={200: EventDetailOut, **READ},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="One event",
)
def event_detail(request: HttpRequest, event_id: int = ID) -> dict[str, Any]:
    return event_out(queries.event_or_404(request.user, event_id), request.user, detail=True)


@router.get(
    "/events/{event_id}/event.ics",
    response={200: str, **READ},
    auth=read_or_anonymous,
    url_name="communities_event_ics",
    summary="The event as an iCalendar file (the online link only for people registered)",
    openapi_extra={**OPTIONAL_AUTH, **FILE},
)
def event_ics(request: HttpRequest, event_id: int = ID) -> HttpResponse:
    event = queries.event_or_404(request.user, event_id)
    body = events_mail.calendar([(event, event.link_visible_to(request.user))])
    response = HttpResponse(
        body, content_type=f"text/calendar; charset=utf-8; method={events_mail.method_for(event)}"
    )
    response["Content-Disposition"] = f'attachment; filename="{events_mail.filename_for(event)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "/events/{event_id}/registration",
    response={200: RegistrationOut, **READ},
    auth=signed_in,
    summary="My registration to this event (404 if none)",
)
def my_registration(request: HttpRequest, event_id: int = ID) -> dict[str, Any]:
    event = queries.event_or_404(request.user, event_id)
    registration = queries.registration_of(request.user, event)
    if registration is None:
        raise HttpError(404, "You have not registered for this event.")
    return registration_out(registration)


@router.get(
    "/events/{event_id}/attendees",
    response={200: list[AttendeeOut], **READ},
    auth=signed_in,
    summary="Going, maybe and waiting, with their answers (organisers)",
)
def attendees(request: HttpRequest, event_id: int = ID) -> list[dict[str, Any]]:
    event = queries.organised_or_refuse(request.user, event_id)
    return [
        {
            "name": r.user.display_name,
            "email": r.user.email,
            "rsvp": r.rsvp,
            "waitlisted": r.waitlisted,
            "answers": queries.answers_by_question(event, r),
        }
        for r in queries.attendees(event)
    ]


@router.get(
    "/events/{event_id}/attendees.csv",
    response={200: str, **READ},
    auth=signed_in,
    summary="The attendees as CSV, formula cells neutralised (organisers)",
    openapi_extra={
        "responses": {
            200: {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}
        }
    },
)
def attendees_csv(request: HttpRequest, event_id: int = ID) -> HttpResponse:
    event = queries.organised_or_refuse(request.user, event_id)
    rows = queries.attendee_rows(event)
    return csv_download(csv_bytes(rows), f"event-{event.pk}-attendees.csv")


# ------------------------------------------------------------------ acting


@router.post(
    "/events",
    response={201: EventDetailOut, **WRITE, 429: ErrorOut},
    auth=writer,
    summary="Organise an event: a community's (moderators) or an organisation's (its staff)",
)
def create_event(request: HttpRequest, payload: EventCreateIn) -> Status:
    community = None
    if payload.community and payload.organization_id is not None:
        raise HttpError(422, "Give a community or an organisation, not both.")
    if payload.community:
        community = (
            Community.objects.visible_to(request.user).filter(slug=payload.community).first()
        )
        if community is None:
            raise HttpError(404, "No such community.")
    elif payload.organization_id is None:
        raise HttpError(422, "Give a community or an organisation.")
    made = services.create_event(
        request.user, _data(payload), community=community, organization_id=payload.organization_id
    )
    return Status(201, event_out(made, request.user, detail=True))


@router.put(
    "/events/{event_id}",
    response={200: EventDetailOut, **WRITE},
    auth=writer,
    summary="Change an event (all its fields); people registered are told of a new time or place",
)
def edit_event(request: HttpRequest, payload: EventIn, event_id: int = ID) -> dict[str, Any]:
    event = queries.event_or_404(request.user, event_id)
    done = services.edit_event(request.user, event, _data(payload))
    return event_out(done, request.user, detail=True)


@router.post(
    "/events/{event_id}/cancel",
    response={200: EventDetailOut, **WRITE},
    auth=writer,
    summary="Cancel an event with a reason; everyone registered is told",
)
def cancel_event(request: HttpRequest, payload: CancelIn, event_id: int = ID) -> dict[str, Any]:
    event = queries.event_or_404(request.user, event_id)
    done = services.cancel_event(request.user, event, payload.reason)
    return event_out(done, request.user, detail=True)


@router.put(
    "/events/{event_id}/registration",
    response={200: RegistrationOut, **WRITE},
    auth=writer,
    summary="Register: going, maybe or not going, with answers to the event's questions",
)
def register(request: HttpRequest, payload: RegistrationIn, event_id: int = ID) -> dict[str, Any]:
    event = queries.event_or_404(request.user, event_id)
    done = services.register(request.user, event, payload.rsvp, payload.answers)
    return registration_out(done)
