"""Appointments over the API. Each endpoint calls the same action as the pages
(`services.py`) and finds appointments and cases only through `queries.py`
(`Appointment.objects.visible_to`, the parties of a case): what the caller may not see
is a 404; an action their part does not allow is a 403. A refusal of the action is
answered by the API's handler from `tremplin.core.refusals.STATUSES`: a move the
lifecycle refuses, or a clash with another appointment, is a 409; bad input is a 422.
Datetimes must carry their offset (`2030-03-14T09:30:00-04:00` or `...Z`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import TEXT, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.appointments import emails, queries, requesting, services
from tremplin.appointments.models import (
    MAX_DURATION,
    MIN_DURATION,
    REQUEST_MESSAGE_MAX,
    Appointment,
    Mode,
)
from tremplin.core.pii import kinds
from tremplin.counselling.models import Case

router = Router(tags=["appointments"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
ModeName = Literal["in_person", "phone", "video"]
assert set(get_args(ModeName)) == set(Mode.values)
ID = Path(..., ge=1, le=2_147_483_647)
NO_NUL = r"^[^\x00]*$"


class AppointmentOut(Schema):
    id: int
    case_id: int
    starts_at: datetime = Field(description="With its UTC offset.")
    ends_at: datetime
    duration: int = Field(description="Minutes.")
    mode: str = Field(description="in_person, phone or video.")
    location: str
    video_url: str
    phone_details: str
    agenda: str
    status: str = Field(
        description="requested, scheduled, cancelled, held, missed, declined or expired."
    )
    cancelled_reason: str = Field(description="Why it was cancelled or declined.")
    request_message: str = Field(description="What the client asked to discuss (a request).")
    requested_by_client: bool = Field(description="The client asked for it.")
    sequence: int = Field(description="The .ics SEQUENCE: bumped at each change.")
    uid: str = Field(description="The .ics UID (stable).")
    ics_url: str | None = Field(description="None until calendars may hold it (a request).")


class AppointmentBookIn(StrictSchema):
    starts_at: datetime = Field(description="Date and time WITH an offset; naive ones are a 422.")
    duration: int = Field(60, ge=MIN_DURATION, le=MAX_DURATION, description="Minutes.")
    mode: ModeName
    location: str = Field("", max_length=300, description="The address (in person).", pattern=TEXT)
    video_url: str = Field(
        "", max_length=500, description="An https:// link (by video).", pattern=TEXT
    )
    phone_details: str = Field(
        "", max_length=300, description="Who calls whom (by phone).", pattern=TEXT
    )
    agenda: str = Field(
        "", max_length=500, description="What the client should know.", pattern=TEXT
    )


class AppointmentMoveIn(StrictSchema):
    starts_at: datetime = Field(description="Date and time WITH an offset; naive ones are a 422.")
    duration: int | None = Field(
        None, ge=MIN_DURATION, le=MAX_DURATION, description="Minutes; the same if omitted."
    )


class AppointmentCancelIn(StrictSchema):
    reason: str = Field("", max_length=services.CANCEL_REASON_MAX, pattern=TEXT)


RequestLength = Literal[30, 60]


class AppointmentRequestIn(StrictSchema):
    starts_at: datetime = Field(
        description="One of the free times (GET .../free-times), WITH its offset."
    )
    duration: RequestLength = Field(60, description="Minutes: 30 or 60.")
    mode: ModeName = Field("in_person", description="How the client would like to meet.")
    message: str = Field(
        "", max_length=REQUEST_MESSAGE_MAX, description="What to discuss.", pattern=TEXT
    )
    confirm_pii: StrictBool = Field(
        False, description="Send the message even though the PII guard found something."
    )


class AppointmentConfirmIn(StrictSchema):
    details: str = Field(
        "",
        max_length=300,
        description="The address, the https video link or the phone details, by the mode.",
        pattern=TEXT,
    )


class AppointmentDeclineIn(StrictSchema):
    reason: str = Field("", max_length=services.CANCEL_REASON_MAX, pattern=TEXT)


class AppointmentFreeTimesOut(Schema):
    length: int = Field(description="Minutes.")
    time_zone: str = Field(description="The site's time zone, in which pages show them.")
    times: list[datetime] = Field(description="Free start times in the next three weeks.")


def appointment_out(item: Appointment) -> dict[str, Any]:
    return {
        "id": item.pk,
        "case_id": item.case_id,
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "duration": item.duration,
        "mode": item.mode,
        "location": item.location,
        "video_url": item.video_url,
        "phone_details": item.phone_details,
        "agenda": item.agenda,
        "status": item.status,
        "cancelled_reason": item.cancelled_reason,
        "request_message": item.request_message,
        "requested_by_client": item.requested_by_id is not None,
        "sequence": item.sequence,
        "uid": str(item.uid),
        "ics_url": reverse("api:appointments_ics", kwargs={"appointment_id": item.pk})
        if item.invited
        else None,
    }


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise HttpError(422, "Give the date and time with its UTC offset (e.g. ...T09:30-04:00).")
    return moment


def _counsellor_only(request: HttpRequest, case: Case) -> None:
    if case.counsellor_id != request.user.pk:
        raise HttpError(403, "Only the counsellor can do this.")


# ------------------------------------------------------------------ reading


@router.get(
    "/cases/{case_id}",
    response={200: list[AppointmentOut], **READ},
    auth=signed_in,
    summary="The appointments of a case, by start (client and counsellor)",
)
def list_for_case(request: HttpRequest, case_id: int = ID) -> list[dict[str, Any]]:
    case = queries.case_or_404(request.user, case_id)
    return [appointment_out(a) for a in queries.listed(request.user, case)]


@router.get(
    "/{appointment_id}",
    response={200: AppointmentOut, **READ},
    auth=signed_in,
    summary="One appointment",
)
def detail(request: HttpRequest, appointment_id: int = ID) -> dict[str, Any]:
    return appointment_out(queries.appointment_or_404(request.user, appointment_id))


@router.get(
    "/{appointment_id}/ics",
    response={200: str, **READ},
    auth=signed_in,
    url_name="appointments_ics",
    summary="The appointment as an iCalendar file (text/calendar), in the caller's language",
    openapi_extra={
        "responses": {
            200: {
                "description": "An iCalendar file",
                "content": {"text/calendar": {"schema": {"type": "string"}}},
            }
        }
    },
)
def ics_file(request: HttpRequest, appointment_id: int = ID) -> HttpResponse:
    item = queries.invited_or_404(request.user, appointment_id)
    with translation.override(emails.language_of(request.user)):
        body = emails.calendar_for(item, request.user)
    response = HttpResponse(
        body, content_type=f"text/calendar; charset=utf-8; method={emails.method_for(item)}"
    )
    response["Content-Disposition"] = f'attachment; filename="{emails.filename_for(item)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# ------------------------------------------------------------------ acting


@router.post(
    "/cases/{case_id}",
    response={201: AppointmentOut, **WRITE},
    auth=writer,
    summary="Book an appointment with the client of an active case (counsellor)",
)
def book(request: HttpRequest, payload: AppointmentBookIn, case_id: int = ID) -> Status:
    case = queries.case_or_404(request.user, case_id)
    _counsellor_only(request, case)
    made = services.book(
        request.user,
        case,
        starts_at=_aware(payload.starts_at),
        duration=payload.duration,
        mode=payload.mode,
        location=payload.location,
        video_url=payload.video_url,
        phone_details=payload.phone_details,
        agenda=payload.agenda,
    )
    return Status(201, appointment_out(made))


@router.post(
    "/{appointment_id}/reschedule",
    response={200: AppointmentOut, **WRITE},
    auth=writer,
    summary="Move a scheduled appointment; the .ics SEQUENCE goes up (counsellor)",
)
def reschedule(
    request: HttpRequest, payload: AppointmentMoveIn, appointment_id: int = ID
) -> dict[str, Any]:
    item = queries.appointment_or_404(request.user, appointment_id)
    _counsellor_only(request, item.case)
    done = services.reschedule(
        request.user, item, starts_at=_aware(payload.starts_at), duration=payload.duration
    )
    return appointment_out(done)


@router.post(
    "/{appointment_id}/cancel",
    response={200: AppointmentOut, **WRITE},
    auth=writer,
    summary="Cancel a scheduled appointment, with an optional reason (client or counsellor); "
    "the client withdraws a request the same way",
)
def cancel(
    request: HttpRequest, payload: AppointmentCancelIn | None = None, appointment_id: int = ID
) -> dict[str, Any]:
    item = queries.appointment_or_404(request.user, appointment_id)
    done = services.cancel(request.user, item, payload.reason if payload else "")
    return appointment_out(done)


def _mark(request: HttpRequest, appointment_id: int, status: str) -> dict[str, Any]:
    item = queries.appointment_or_404(request.user, appointment_id)
    _counsellor_only(request, item.case)
    done = services.mark(request.user, item, status)
    return appointment_out(done)


@router.post(
    "/{appointment_id}/held",
    response={200: AppointmentOut, **WRITE},
    auth=writer,
    summary="Record that a started appointment was held (counsellor)",
)
def held(request: HttpRequest, appointment_id: int = ID) -> dict[str, Any]:
    return _mark(request, appointment_id, "held")


@router.post(
    "/{appointment_id}/missed",
    response={200: AppointmentOut, **WRITE},
    auth=writer,
    summary="Record that the client missed a started appointment (counsellor)",
)
def missed(request: HttpRequest, appointment_id: int = ID) -> dict[str, Any]:
    return _mark(request, appointment_id, "missed")


# ------------------------------------------------------------------ a client's request


@router.get(
    "/cases/{case_id}/free-times",
    response={200: AppointmentFreeTimesOut, **READ},
    auth=signed_in,
    summary="The counsellor's free times in the next three weeks (the client of an active case)",
)
def free_times(
    request: HttpRequest,
    case_id: int = ID,
    length: int = Query(60, ge=30, le=60, multiple_of=30, description="Minutes: 30 or 60."),
) -> dict[str, Any]:
    case = queries.askable_case_or_404(request.user, case_id)
    return {
        "length": length,
        "time_zone": settings.TIME_ZONE,
        "times": queries.free_times(case, length),
    }


@router.post(
    "/cases/{case_id}/requests",
    response={201: AppointmentOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Ask for an appointment at one of the counsellor's free times (client)",
)
def ask(request: HttpRequest, payload: AppointmentRequestIn, case_id: int = ID) -> Status:
    case = queries.askable_case_or_404(request.user, case_id)
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
    made = requesting.request(
        request.user,
        case,
        starts_at=_aware(payload.starts_at),
        duration=payload.duration,
        mode=payload.mode,
        message=message,
    )
    return Status(201, appointment_out(made))


@router.post(
    "/{appointment_id}/confirm",
    response={200: AppointmentOut, **WRITE},
    auth=writer,
    summary="Confirm a client's request: it is scheduled and the invitation sent (counsellor)",
)
def confirm(
    request: HttpRequest, payload: AppointmentConfirmIn | None = None, appointment_id: int = ID
) -> dict[str, Any]:
    item = queries.appointment_or_404(request.user, appointment_id)
    _counsellor_only(request, item.case)
    done = requesting.confirm(request.user, item, payload.details if payload else "")
    return appointment_out(done)


@router.post(
    "/{appointment_id}/decline",
    response={200: AppointmentOut, **WRITE},
    auth=writer,
    summary="Decline a client's request, with an optional reason (counsellor)",
)
def decline(
    request: HttpRequest, payload: AppointmentDeclineIn | None = None, appointment_id: int = ID
) -> dict[str, Any]:
    item = queries.appointment_or_404(request.user, appointment_id)
    _counsellor_only(request, item.case)
    done = requesting.decline(request.user, item, payload.reason if payload else "")
    return appointment_out(done)
