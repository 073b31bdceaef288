"""What the profiles API reads and answers: its schemas, and the dictionaries that fill
them (also used by the network's API, which lists people as profile cards)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StrictBool

from tremplin.api.schemas import FILLED_TEXT, StrictSchema
from tremplin.core.audience import Audience, SectionAudience
from tremplin.core.regions import Region
from tremplin.profiles.models import (
    OpenToWorkAudience,
    Profile,
    Recommendation,
    RecommendationStatus,
    Sector,
)
from tremplin.profiles.queries import SkillLine


class ExperienceOut(Schema):
    title: str
    organization_name: str
    city: str
    start: date
    end: date | None
    description: str


class EducationOut(Schema):
    school: str
    program: str
    start_year: int
    end_year: int | None
    description: str


class LanguageOut(Schema):
    language: str
    level: str


class SkillOut(Schema):
    id: int
    name: str
    endorsements: int = Field(description="Endorsements the caller may see.")
    endorsed_by_me: bool


class PersonOut(Schema):
    display_name: str
    handle: str | None = Field(description="Null when the caller may not open this profile.")


class RecommendationOut(Schema):
    id: int
    author: PersonOut
    recipient: PersonOut
    relationship: str
    text: str = Field(description="Markdown.")
    status: RecommendationStatus
    created: datetime
    decided_at: datetime | None


class ProfileCardOut(Schema):
    handle: str
    display_name: str
    headline: str
    city: str
    region: str
    photo_url: str | None
    url: str
    open_to_collaborate: bool = Field(
        description="Open to collaborate on projects (basics section, shown with it)."
    )


class ProfileOut(ProfileCardOut):
    """Sections the viewer may not see are null (not empty): "hidden" is not "none"."""

    visible_sections: list[str]
    sector: str = Field(description="Broad sector (basics section); empty if not given.")
    about: str | None
    experience: list[ExperienceOut] | None
    education: list[EducationOut] | None
    skills: list[str] | None
    languages: list[LanguageOut] | None
    interests: list[str] | None
    skill_endorsements: list[SkillOut] | None = Field(
        description="The skills with their endorsements; null when skills are hidden."
    )
    recommendations: list[RecommendationOut] | None = Field(
        description="Approved recommendations; null when the section is hidden."
    )
    open_to_work: bool | None
    counsellor_notice: str | None = Field(
        None,
        description="For the member's counsellor whose case does not grant the profile "
        "scope now (withdrawn or paused): why the sections for counsellors are hidden.",
    )


class MyProfileOut(ProfileOut):
    visibility: dict[str, str]
    hidden_from_search: bool = Field(
        description="Left out of people search and suggestions; not indexed by search engines."
    )
    open_to_work_audience: str
    hidden_from_employers: list[str] = Field(
        description="Addresses of the employers whose recruiters must not find you."
    )
    service_language: str
    completeness: int
    next_step: str | None


SkillName = Annotated[
    str, Field(min_length=1, max_length=60, pattern=r"^[^,\x00]+$", description="No commas.")
]


class VisibilityIn(StrictSchema):
    """Who sees each section; leave a section out to keep its audience."""

    basics: Audience | None = None
    about: SectionAudience | None = None
    experience: SectionAudience | None = None
    education: SectionAudience | None = None
    skills: SectionAudience | None = None
    languages: SectionAudience | None = None
    interests: SectionAudience | None = None
    recommendations: SectionAudience | None = None


class ProfileIn(StrictSchema):
    display_name: str | None = Field(None, min_length=1, max_length=100, pattern=FILLED_TEXT)
    headline: str | None = Field(None, max_length=160)
    about: str | None = Field(None, max_length=5000)
    city: str | None = Field(None, max_length=80)
    region: Region | None = None
    sector: Sector | None = None
    interests: str | None = Field(None, max_length=500)
    skills: list[SkillName] | None = Field(None, max_length=50)
    open_to_work: StrictBool | None = None
    open_to_work_audience: OpenToWorkAudience | None = None
    open_to_collaborate: StrictBool | None = None
    service_language: str | None = Field(None, pattern="^(fr|en)$")
    visibility: VisibilityIn | None = None
    hidden_from_search: StrictBool | None = Field(
        None,
        description="Leave me out of people search and suggestions, and of search engines.",
    )
    hidden_from_employers: list[Annotated[str, Field(max_length=80)]] | None = Field(
        None,
        max_length=50,
        description="Addresses (slugs) of employers whose recruiters must not see what you "
        "show recruiters (your current employer's never do); replaces the list.",
    )
    confirm_pii: StrictBool = Field(
        False, description="Publish even though the text seems to contain personal data."
    )


class ProfilePickedOut(ProfileCardOut):
    is_connection: bool = Field(description="Connected to the caller (listed first).")


class ProfilePage(Schema):
    count: int = Field(description="Matches, counted up to 1001: 1001 means more than 1000.")
    results: list[ProfileCardOut]


def card(profile: Profile) -> dict[str, Any]:
    return {
        "handle": profile.handle,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "city": profile.city,
        "region": profile.region,
        "photo_url": reverse("profiles:photo_file", kwargs={"handle": profile.handle})
        if profile.photo
        else None,
        "url": reverse("profiles:detail", kwargs={"handle": profile.handle}),
        "open_to_collaborate": profile.open_to_collaborate,
    }


def skill_out(line: SkillLine) -> dict[str, Any]:
    return {
        "id": line.skill.pk,
        "name": line.skill.name,
        "endorsements": line.count,
        "endorsed_by_me": line.endorsed_by_me,
    }


def person(user: Any, visible: bool) -> dict[str, Any]:
    return {
        "display_name": user.profile.display_name,
        "handle": user.profile.handle if visible else None,
    }


def recommendation_out(
    rec: Recommendation, author_visible: bool, recipient_visible: bool
) -> dict[str, Any]:
    return {
        "id": rec.pk,
        "author": person(rec.author, author_visible),
        "recipient": person(rec.recipient, recipient_visible),
        "relationship": rec.relationship,
        "text": rec.text,
        "status": rec.status,
        "created": rec.created,
        "decided_at": rec.decided_at,
    }


class RecommendationIn(StrictSchema):
    relationship: str = Field(
        min_length=1,
        max_length=120,
        pattern=FILLED_TEXT,
        description="How you know each other, e.g. “I was her counsellor”.",
    )
    text: str = Field(min_length=1, max_length=3000, pattern=FILLED_TEXT, description="Markdown.")
    confirm_pii: StrictBool = Field(
        False, description="Send even though the text seems to contain personal data."
    )
