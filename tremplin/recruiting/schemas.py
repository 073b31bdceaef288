from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from tremplin.api.schemas import FILLED_TEXT, StrictSchema
from tremplin.profiles.models import Profile
from tremplin.profiles.schemas import LanguageOut, ProfileCardOut, card


class CandidateOut(ProfileCardOut):
    skills: list[str] | None = Field(description="Null when her skills are hidden from you.")
    languages: list[LanguageOut] | None = Field(
        description="Null when her languages are hidden from you."
    )


class CandidatePage(Schema):
    count: int = Field(description="Matches, counted up to 1001: 1001 means more than 1000.")
    results: list[CandidateOut]


class ContactIn(StrictSchema):
    body: str = Field(min_length=1, max_length=4700, pattern=FILLED_TEXT)
    organization: str = Field(
        "",
        max_length=80,
        description="The slug of the verified employer you write for (default: the first by name).",
    )


class ContactOut(Schema):
    conversation_id: int
    url: str = Field(description="The conversation's page.")


def candidate_out(profile: Profile) -> dict[str, Any]:
    """A card with only the sections the caller may see (`queries.candidates` says)."""
    shows_skills = getattr(profile, "shows_skills", False)
    shows_languages = getattr(profile, "shows_languages", False)
    return {
        **card(profile),
        "skills": [s.name for s in profile.skills.all()] if shows_skills else None,
        "languages": list(profile.languages.all()) if shows_languages else None,
    }
