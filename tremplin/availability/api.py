"""The availability API under /api/v1/availability: read and replace my week."""

from __future__ import annotations

from datetime import time
from enum import Enum
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut, StrictSchema
from tremplin.availability import queries, services
from tremplin.availability.models import MAX_SLOTS, ZONES, OpenHours

router = Router(tags=["availability"])
CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"
# The IANA time zones this server knows, listed in the schema.
AvailabilityZone = Enum("AvailabilityZone", {zone: zone for zone in sorted(ZONES)}, type=str)  # type: ignore[misc]


class AvailabilitySlotOut(Schema):
    weekday: int = Field(..., description="0 is Monday, 6 Sunday")
    starts: str = Field(..., description="HH:MM in the member's time zone")
    ends: str


class AvailabilityWeekOut(Schema):
    time_zone: str
    slots: list[AvailabilitySlotOut]


class AvailabilitySlotIn(StrictSchema):
    weekday: int = Field(..., ge=0, le=6)
    starts: str = Field(..., pattern=CLOCK)
    ends: str = Field(..., pattern=CLOCK)


class AvailabilityWeekIn(StrictSchema):
    time_zone: AvailabilityZone  # type: ignore[valid-type]
    slots: list[AvailabilitySlotIn] = Field(..., max_length=MAX_SLOTS)


def week_out(hours: OpenHours | None) -> dict[str, Any]:
    if hours is None:
        return {"time_zone": "", "slots": []}
    return {
        "time_zone": hours.time_zone,
        "slots": [
            {"weekday": s.weekday, "starts": f"{s.starts:%H:%M}", "ends": f"{s.ends:%H:%M}"}
            for s in hours.slots.all()
        ],
    }


@router.get(
    "/me",
    response={200: AvailabilityWeekOut, 401: ErrorOut},
    auth=signed_in,
    summary="My weekly open hours (time zone empty when never set)",
)
def my_week(request: HttpRequest) -> dict[str, Any]:
    return week_out(queries.own_hours(request.user))


@router.put(
    "/me",
    response={200: AvailabilityWeekOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=writer,
    summary="Replace my weekly open hours",
)
def set_my_week(request: HttpRequest, payload: AvailabilityWeekIn) -> dict[str, Any]:
    slots = [
        services.Slot(s.weekday, time.fromisoformat(s.starts), time.fromisoformat(s.ends))
        for s in payload.slots
    ]
    services.set_week(request.user, slots, payload.time_zone.value)
    return week_out(queries.own_hours(request.user))
