"""The shapes of the forwarding and tracker API (`api.py`): what it answers and what it
takes. Bounds are the models' and the checks' (`inputs.py`), stated in the schema."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from ninja import Field, Schema

from tremplin.api.schemas import FILLED_TEXT, TEXT, StrictSchema
from tremplin.applications.forward_checks import MAX_CLIENTS_PER_FORWARD
from tremplin.applications.inputs import EARLIEST_DATE, LATEST_DATE, URL_PATTERN
from tremplin.applications.models import (
    EMPLOYER_MAX_LENGTH,
    EVENT_NOTE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    ApplicationStatus,
    NotForMeReason,
)

MAX_ID = 2_147_483_647
EARLIEST, LATEST = EARLIEST_DATE, LATEST_DATE

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
        max_length=MAX_CLIENTS_PER_FORWARD,
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
    url: str = Field("", max_length=URL_MAX_LENGTH, pattern=URL_PATTERN)
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
    url: str | None = Field(None, max_length=URL_MAX_LENGTH, pattern=URL_PATTERN)
    notes: str | None = Field(None, max_length=NOTES_MAX_LENGTH, pattern=TEXT)


class ApplicationStatusIn(StrictSchema):
    status: StatusName
    date: dt.date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="Default: today. From 2000 to 2100."
    )
    note: str = Field("", max_length=EVENT_NOTE_MAX_LENGTH, pattern=TEXT)
