"""The case-work API's schemas (`api.py`): what a record, a note and its revisions, a
referral, a follow-up, the agency's schedule and a tag look like over HTTP, and what the
endpoints take. The allowed values are spelled out, so a typo is a 422 that lists them;
each list is checked against the model's choices when the module loads."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal, get_args

from ninja import Field, Schema

from tremplin.api.schemas import FILLED_TEXT, TEXT, StrictSchema
from tremplin.casework.models import (
    FOLLOW_UP_MONTHS_MAX,
    FOLLOW_UP_MONTHS_MAX_COUNT,
    FOLLOW_UP_MONTHS_MIN,
    NOTE_MAX_LENGTH,
    NoteKind,
    Outcome,
    ReferralDirection,
    ReferralStatus,
    TagKind,
)

NoteKindName = Literal["meeting", "phone", "email", "message", "other"]
DirectionName = Literal["in", "out"]
ReferralStatusName = Literal["proposed", "accepted", "completed", "declined", "cancelled"]
TagKindName = Literal["sector", "region", "language", "goal"]
RecordStatusName = Literal["done", "unreachable"]
OutcomeName = Literal[
    "",
    "employed_full_time",
    "employed_part_time",
    "self_employed",
    "training",
    "employed_and_training",
    "unemployed",
    "other",
]
assert set(get_args(NoteKindName)) == set(NoteKind.values)
assert set(get_args(DirectionName)) == set(ReferralDirection.values)
assert set(get_args(ReferralStatusName)) == set(ReferralStatus.values)
assert set(get_args(TagKindName)) == set(TagKind.values)
assert set(get_args(OutcomeName)) == {"", *Outcome.values}

TagId = Annotated[int, Field(ge=1, le=2_147_483_647)]
# Bounded so that no number reaches the database; the service says what is allowed.
Month = Annotated[int, Field(ge=-1000, le=1000)]

# Dates a person could mean (pydantic accepts year 1 to 9999).
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)


class CaseworkPersonOut(Schema):
    handle: str
    display_name: str


class CaseworkTagOut(Schema):
    id: int
    kind: str
    name: str


class CaseworkRecordOut(Schema):
    case_id: int
    funder_reference: str
    service: str
    tags: list[CaseworkTagOut]
    services_used: list[str] = Field(description="Services the agency's records already name.")


class CaseworkRecordIn(StrictSchema):
    funder_reference: str = Field("", max_length=64, pattern=TEXT)
    service: str = Field("", max_length=100, pattern=TEXT)
    tag_ids: list[TagId] | None = Field(
        None,
        max_length=30,
        description="The case's tags (ids of the agency's tags); omit to keep them.",
    )


class CaseworkRevisionOut(Schema):
    id: int
    body: str
    edited_by: CaseworkPersonOut | None
    created: datetime.datetime


class CaseworkNoteOut(Schema):
    id: int
    case_id: int
    kind: str
    contact_on: datetime.date
    body: str
    author: CaseworkPersonOut | None
    created: datetime.datetime
    edited_at: datetime.datetime | None = Field(description="Null while never edited.")


class CaseworkNoteIn(StrictSchema):
    kind: NoteKindName
    contact_on: datetime.date = Field(description="The day of the contact; not in the future.")
    body: str = Field(min_length=1, max_length=NOTE_MAX_LENGTH, pattern=FILLED_TEXT)


class CaseworkNoteEditIn(StrictSchema):
    body: str = Field(min_length=1, max_length=NOTE_MAX_LENGTH, pattern=FILLED_TEXT)


class CaseworkReferralOut(Schema):
    id: int
    case_id: int
    direction: str
    partner_name: str
    partner_contact: str
    reason: str
    status: str
    next_statuses: list[str]
    created_by: CaseworkPersonOut | None
    created: datetime.datetime
    updated: datetime.datetime


class CaseworkReferralIn(StrictSchema):
    direction: DirectionName
    partner_name: str = Field(min_length=1, max_length=120, pattern=FILLED_TEXT)
    partner_contact: str = Field("", max_length=200, pattern=TEXT)
    reason: str = Field(min_length=1, max_length=2000, pattern=FILLED_TEXT)


class CaseworkReferralChangeIn(StrictSchema):
    status: ReferralStatusName


class CaseworkFollowUpOut(Schema):
    id: int
    case_id: int
    months: int
    due_on: datetime.date
    status: str
    outcome: str
    note: str
    done_at: datetime.datetime | None
    announced_at: datetime.datetime | None


class CaseworkFollowUpIn(StrictSchema):
    status: RecordStatusName
    outcome: OutcomeName = Field("", description="Required when the status is done.")
    note: str = Field("", max_length=2000, pattern=TEXT)


class CaseworkScheduleOut(Schema):
    months: list[int] = Field(description="The months in force for the agency.")
    custom: bool = Field(description="False when the agency uses the default.")
    default: list[int]


class CaseworkScheduleIn(StrictSchema):
    months: list[Month] | None = Field(
        ...,
        max_length=FOLLOW_UP_MONTHS_MAX_COUNT * 2,
        description=(
            f"Distinct whole months, increasing, each {FOLLOW_UP_MONTHS_MIN} to "
            f"{FOLLOW_UP_MONTHS_MAX}; null to go back to the default."
        ),
    )


class CaseworkTagIn(StrictSchema):
    kind: TagKindName
    name: str = Field(min_length=1, max_length=60, pattern=FILLED_TEXT)
