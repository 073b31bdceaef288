from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status
from pydantic import StrictBool

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.audience import Audience
from tremplin.core.pii import kinds
from tremplin.core.regions import Region
from tremplin.profiles.models import (
    SECTIONS,
    OpenToWorkAudience,
    Profile,
    Recommendation,
    RecommendationStatus,
    Sector,
    Skill,
)
from tremplin.profiles.services import (
    completeness,
    decide_recommendation,
    endorse,
    parse_skills,
    shown_recommendations,
    skill_lines,
    update_profile,
    withdraw_endorsement,
    write_recommendation,
)
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
    recommendations: Audience | None = None


class ProfileIn(StrictSchema):
    display_name: str | None = Field(None, min_length=1, max_length=100, pattern=r"\S")
    headline: str | None = Field(None, max_length=160)
    about: str | None = Field(None, max_length=5000)
    city: str | None = Field(None, max_length=80)
    region: Region | None = None
    sector: Sector | None = None
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


def skill_out(line) -> dict:
    return {
        "id": line.skill.pk,
        "name": line.skill.name,
        "endorsements": line.count,
        "endorsed_by_me": line.endorsed_by_me,
    }


def person(user, visible: bool) -> dict:
    return {
        "display_name": user.profile.display_name,
        "handle": user.profile.handle if visible else None,
    }


def recommendation_out(rec: Recommendation, author_visible: bool, recipient_visible: bool) -> dict:
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


def serialise(profile: Profile, viewer) -> dict:
    sections = profile.sections_visible_to(viewer)
    if not sections:
        raise Http404

    def shown(section, value):
        return value if section in sections else None

    skills = None
    if "skills" in sections:
        skills = [skill_out(line) for line in skill_lines(profile, viewer)]
    recommendations = None
    if "recommendations" in sections:
        recommendations = [
            recommendation_out(r, r.author_visible, True)  # type: ignore[attr-defined]
            for r in shown_recommendations(profile, viewer)
        ]

    return {
        **card(profile),
        "visible_sections": sorted(sections),
        "sector": profile.sector,
        "about": shown("about", profile.about),
        "experience": shown("experience", list(profile.experiences.all())),
        "education": shown("education", list(profile.educations.all())),
        "skills": shown("skills", [s.name for s in profile.skills.all()]),
        "languages": shown("languages", list(profile.languages.all())),
        "interests": shown("interests", profile.interest_list),
        "skill_endorsements": skills,
        "recommendations": recommendations,
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


# ---------------------------------------------------------------- my recommendations
# (declared before the /{handle} routes, so "me" is never read as a handle)


def my_recommendations_out(viewer, queryset) -> list[dict]:
    found = list(queryset.select_related("author__profile", "recipient__profile")[:200])
    people = {r.author_id for r in found} | {r.recipient_id for r in found}
    visible = set(
        Profile.objects.visible_to(viewer)
        .filter(user_id__in=people)
        .values_list("user_id", flat=True)
    )
    return [recommendation_out(r, r.author_id in visible, r.recipient_id in visible) for r in found]


@router.get(
    "/me/recommendations",
    response={200: list[RecommendationOut], 401: ErrorOut},
    auth=signed_in,
    summary="Recommendations I received, whatever their status",
)
def my_received_recommendations(request):
    mine = Recommendation.objects.visible_to(request.user).filter(recipient=request.user)
    return my_recommendations_out(request.user, mine)


@router.get(
    "/me/recommendations/written",
    response={200: list[RecommendationOut], 401: ErrorOut},
    auth=signed_in,
    summary="Recommendations I wrote, with their status",
)
def my_written_recommendations(request):
    mine = Recommendation.objects.visible_to(request.user).filter(author=request.user)
    return my_recommendations_out(request.user, mine)


RecommendationId = Annotated[int, Path(ge=1, le=2_147_483_647)]
DECISION_RESPONSES = {
    200: RecommendationOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def decide(request, recommendation_id: int, status: str):
    try:
        decide_recommendation(request.user, recommendation_id, status)
    except ValidationError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    mine = Recommendation.objects.filter(pk=recommendation_id)
    return my_recommendations_out(request.user, mine)[0]


@router.post(
    "/me/recommendations/{recommendation_id}/approve",
    response=DECISION_RESPONSES,
    auth=writer,
    summary="Approve a recommendation I received (or show a hidden one again)",
)
def approve_recommendation(request, recommendation_id: RecommendationId):
    return decide(request, recommendation_id, RecommendationStatus.APPROVED)


@router.post(
    "/me/recommendations/{recommendation_id}/decline",
    response=DECISION_RESPONSES,
    auth=writer,
    summary="Decline a recommendation I received",
)
def decline_recommendation(request, recommendation_id: RecommendationId):
    return decide(request, recommendation_id, RecommendationStatus.DECLINED)


@router.post(
    "/me/recommendations/{recommendation_id}/hide",
    response=DECISION_RESPONSES,
    auth=writer,
    summary="Hide an approved recommendation from my profile",
)
def hide_recommendation(request, recommendation_id: RecommendationId):
    return decide(request, recommendation_id, RecommendationStatus.HIDDEN)


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


# ---------------------------------------------------------------- endorsements


SkillId = Annotated[int, Path(ge=1, le=2_147_483_647)]
ENDORSEMENT_RESPONSES = {200: SkillOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def visible_skill(request, handle: str, skill_id: int) -> tuple[Profile, Skill]:
    profile = get_object_or_404(Profile.objects.select_related("user"), handle=handle)
    if "skills" not in profile.sections_visible_to(request.user):
        raise Http404
    return profile, get_object_or_404(Skill, pk=skill_id, profile=profile)


def skill_now(profile: Profile, skill: Skill, viewer) -> dict:
    line = next(line for line in skill_lines(profile, viewer) if line.skill.pk == skill.pk)
    return skill_out(line)


@router.post(
    "/{handle}/skills/{skill_id}/endorsement",
    response=ENDORSEMENT_RESPONSES,
    auth=writer,
    summary="Endorse a skill of a connection (idempotent)",
)
def endorse_skill(request, handle: str, skill_id: SkillId):
    profile, skill = visible_skill(request, handle, skill_id)
    endorse(request.user, skill)
    return skill_now(profile, skill, request.user)


@router.delete(
    "/{handle}/skills/{skill_id}/endorsement",
    response=ENDORSEMENT_RESPONSES,
    auth=writer,
    summary="Withdraw my endorsement of a skill (idempotent)",
)
def withdraw_skill_endorsement(request, handle: str, skill_id: SkillId):
    profile, skill = visible_skill(request, handle, skill_id)
    withdraw_endorsement(request.user, skill)
    return skill_now(profile, skill, request.user)


# ---------------------------------------------------------------- writing a recommendation


class RecommendationIn(StrictSchema):
    relationship: str = Field(
        min_length=1,
        max_length=120,
        pattern=r"\S",
        description="How you know each other, e.g. “I was her counsellor”.",
    )
    text: str = Field(min_length=1, max_length=3000, pattern=r"\S", description="Markdown.")
    confirm_pii: StrictBool = Field(
        False, description="Send even though the text seems to contain personal data."
    )


@router.post(
    "/{handle}/recommendations",
    response={
        201: RecommendationOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut | PIIErrorOut,
    },
    auth=writer,
    summary="Recommend a connection (it waits for their approval)",
)
def recommend(request, handle: str, payload: RecommendationIn):
    profile = get_object_or_404(Profile.objects.select_related("user"), handle=handle)
    if not payload.confirm_pii:
        texts = {"relationship": payload.relationship, "text": payload.text}
        found = {k: kinds(v) for k, v in texts.items() if kinds(v)}
        if found and profile.recommendable_by(request.user):
            return Status(
                422,
                {
                    "detail": (
                        "The text seems to contain personal data; edit it or send confirm_pii."
                    ),
                    "pii": found,
                },
            )
    try:
        rec = write_recommendation(request.user, profile, payload.relationship, payload.text)
    except ValidationError as error:
        if getattr(error, "code", None) == "conflict":
            return Status(409, {"detail": " ".join(error.messages)})
        return Status(422, {"detail": " ".join(error.messages)})
    return Status(
        201, my_recommendations_out(request.user, Recommendation.objects.filter(pk=rec.pk))[0]
    )
