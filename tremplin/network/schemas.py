"""What the network API reads and answers (people are profile cards: see
`tremplin.profiles.schemas`)."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import StrictBool

from tremplin.api.schemas import StrictSchema
from tremplin.network.models import NOTE_MAX_LENGTH
from tremplin.profiles.schemas import ProfileCardOut


class RequestOut(Schema):
    id: int
    direction: str = Field(description="received or sent")
    status: str = Field(description="As the caller may know it: ignored looks pending to a sender.")
    note: str
    created: datetime
    person: ProfileCardOut = Field(description="The other member.")


class RequestIn(StrictSchema):
    handle: str = Field(min_length=1, max_length=60, description="Whom to ask.")
    note: str = Field("", max_length=NOTE_MAX_LENGTH)
    confirm_pii: StrictBool = Field(
        False, description="Send even though the note seems to contain personal data."
    )


class OrganizationRefOut(Schema):
    slug: str
    name: str


class FollowingOut(Schema):
    people: list[ProfileCardOut]
    organizations: list[OrganizationRefOut]
    hashtags: list[str]


class PersonRefOut(Schema):
    """A member on one's own block or mute list: only the name and the address."""

    handle: str
    display_name: str


class SuggestionOut(Schema):
    person: ProfileCardOut
    mutual_connections: int
    shared_organizations: int
    shared_skills_and_interests: int
    same_region: bool
    same_language: bool
