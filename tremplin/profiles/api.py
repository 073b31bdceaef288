from __future__ import annotations

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.audience import Audience
from tremplin.core.pii import kinds
from tremplin.core.regions import Region
from tremplin.profiles.models import SECTIONS, OpenToWorkAudience, Profile
from tremplin.profiles.services import completeness, parse_skills, update_profile
from tremplin.profiles.views import capped_count, search_filter

router = Router(tags=["profiles"])


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


class ProfileCardOut(Schema):
    handle: str
    display_name: str
    headline: str
    city: str
    region: str
    photo_url: str | None
    url: str


class ProfileOut(ProfileCardOut):
    """Sections the viewer may not see are null (not empty): "hidden" is not "none"."""

    visible_sections: list[str]
    about: str | None
    experience: list[ExperienceOut] | None
    education: list[EducationOut] | None
    skills: list[str] | None
    languages: list[LanguageOut] | None
    interests: list[str] | None
    open_to_work: bool | None


class MyProfileOut(ProfileOut):
    visibility: dict[str, str]
    open_to_work_audience: str
    service_language: str
    completeness: int
    next_step: str | None


SkillName = Annotated[
    str, Field(min_length=1, max_length=60, pattern=r"^[^,]+$", description="No commas.")
]


class VisibilityIn(StrictSchema):
    """Who sees each section; leave a section out to keep its audience."""

    basics: Audience | None = None
    about: Audience | None = None
    experience: Audience | None = None
    education: Audience | None = None
    skills: Audience | None = None
    languages: Audience | None = None
    interests: Audience | None = None


class ProfileIn(StrictSchema):
    display_name: str | None = Field(None, min_length=1, max_length=100, pattern=r"\S")
    headline: str | None = Field(None, max_length=160)
    about: str | None = Field(None, max_length=5000)
    city: str | None = Field(None, max_length=80)
    region: Region | None = None
    interests: str | None = Field(None, max_length=500)
    skills: list[SkillName] | None = Field(None, max_length=50)
    open_to_work: StrictBool | None = None
    open_to_work_audience: OpenToWorkAudience | None = None
    service_language: str | None = Field(None, pattern="^(fr|en)$")
    visibility: VisibilityIn | None = None
    confirm_pii: StrictBool = Field(
        False, description="Publish even though the text seems to contain personal data."
    )


class ProfilePage(Schema):
    count: int = Field(description="Matches, counted up to 1001: 1001 means more than 1000.")
    results: list[ProfileCardOut]


def card(profile: Profile) -> dict:
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
    }


def serialise(profile: Profile, viewer) -> dict:
    sections = profile.sections_visible_to(viewer)
    if not sections:
        raise Http404

    def shown(section, value):
        return value if section in sections else None

    return {
        **card(profile),
        "visible_sections": sorted(sections),
        "about": shown("about", profile.about),
        "experience": shown("experience", list(profile.experiences.all())),
        "education": shown("education", list(profile.educations.all())),
        "skills": shown("skills", [s.name for s in profile.skills.all()]),
        "languages": shown("languages", list(profile.languages.all())),
        "interests": shown("interests", profile.interest_list),
        "open_to_work": profile.open_to_work_visible_to(viewer),
    }


def serialise_mine(profile: Profile) -> dict:
    done = completeness(profile)
    return {
        **serialise(profile, profile.user),
        "visibility": {s: getattr(profile, f"{s}_visibility") for s in SECTIONS},
        "open_to_work_audience": profile.open_to_work_audience,
        "service_language": profile.service_language,
        "completeness": done.percent,
        "next_step": done.next_step,
    }


@router.get(
    "",
    response={200: ProfilePage, 401: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Search people",
)
def search(
    request,
    q: str = Query("", max_length=100),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(20, ge=1, le=50),
):
    results = Profile.objects.visible_to(request.user)
    query = " ".join(q.split())
    if query:
        results = search_filter(results, query, request.user)
    results = results.order_by("display_name", "pk")
    return {
        "count": capped_count(results),
        "results": [card(p) for p in results[offset : offset + limit]],
    }


@router.get(
    "/me", response={200: MyProfileOut, 401: ErrorOut}, auth=signed_in, summary="My profile"
)
def my_profile(request):
    profile = get_object_or_404(Profile.objects.for_display(), user=request.user)
    return serialise_mine(profile)


@router.patch(
    "/me",
    response={
        200: MyProfileOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ErrorOut | PIIErrorOut,
    },
    auth=writer,
    summary="Update my profile",
)
def update_my_profile(request, payload: ProfileIn):
    profile = get_object_or_404(Profile, user=request.user)
    data = payload.model_dump(exclude_unset=True)
    confirm = data.pop("confirm_pii", False)
    skills = data.pop("skills", None)
    visibility = {k: v for k, v in (data.pop("visibility", None) or {}).items() if v}
    if not confirm:
        texts = {k: data.get(k) for k in ("headline", "about", "interests")}
        texts["skills"] = ", ".join(skills or [])
        found = {k: kinds(v) for k, v in texts.items() if kinds(v)}
        if found:
            return Status(
                422,
                {
                    "detail": (
                        "The text seems to contain personal data; edit it or send confirm_pii."
                    ),
                    "pii": found,
                },
            )
    changes = {
        k: (v.value if hasattr(v, "value") else v.strip() if isinstance(v, str) else v)
        for k, v in data.items()
        if v is not None
    }
    changes.update({f"{s}_visibility": Audience(a).value for s, a in visibility.items()})
    try:
        update_profile(
            profile, changes, skills=None if skills is None else parse_skills(", ".join(skills))
        )
    except ValidationError as error:
        return Status(422, {"detail": " ".join(error.messages)})
    return serialise_mine(Profile.objects.for_display().get(pk=profile.pk))


@router.get(
    "/{handle}",
    response={200: ProfileOut, 401: ErrorOut, 404: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A profile, as the caller may see it",
)
def profile_detail(request, handle: str):
    profile = get_object_or_404(Profile.objects.for_display(), handle=handle)
    return serialise(profile, request.user)
