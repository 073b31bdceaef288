"""Profiles over the API: people search, a profile as the caller may see it, my own
profile, endorsements and recommendations. Reads come from `queries.py`, actions from
`services.py`; a refusal is answered by the API's global handler (core.refusals)."""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut, PIIErrorOut, pii_refusal
from tremplin.core.audience import Audience, SectionAudience
from tremplin.privacy.access import record_profile_read
from tremplin.profiles.models import (
    SECTIONS,
    Profile,
    RecommendationQuerySet,
    RecommendationStatus,
    Skill,
)
from tremplin.profiles.picker import (
    MIN_TEXT,
    PICKER_LIMIT,
    SCOPE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    people_for_picker,
)
from tremplin.profiles.queries import (
    PII_SECTIONS,
    capped_count,
    completeness,
    counsellor_notice,
    my_profile_or_404,
    people,
    profile_or_404,
    profile_visible_ids,
    recommendation_by_pk,
    recommendations_received,
    recommendations_written,
    shown_recommendations,
    shows_counsellors_only,
    skill_line,
    skill_lines,
    skill_or_404,
)
from tremplin.profiles.schemas import (
    MyProfileOut,
    ProfileIn,
    ProfileOut,
    ProfilePage,
    ProfilePickedOut,
    RecommendationIn,
    RecommendationOut,
    SkillOut,
    card,
    recommendation_out,
    skill_out,
)
from tremplin.profiles.services import (
    decide_recommendation,
    endorse,
    parse_skills,
    set_hidden_employers,
    update_profile,
    withdraw_endorsement,
    write_recommendation,
)

router = Router(tags=["profiles"])


def serialise(profile: Profile, viewer: Any) -> dict[str, Any]:
    """The profile as `viewer` may see it: hidden sections are null (not empty)."""
    sections = profile.sections_visible_to(viewer)

    def shown(section: str, value: Any) -> Any:
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
        "counsellor_notice": counsellor_notice(profile, viewer) or None,
    }


def serialise_mine(profile: Profile) -> dict[str, Any]:
    done = completeness(profile)
    return {
        **serialise(profile, profile.user),
        "visibility": {s: getattr(profile, f"{s}_visibility") for s in SECTIONS},
        "hidden_from_search": profile.hidden_from_search,
        "open_to_work_audience": profile.open_to_work_audience,
        "hidden_from_employers": [o.slug for o in profile.hidden_from_employers.order_by("slug")],
        "service_language": profile.service_language,
        "completeness": done.percent,
        "next_step": done.next_step,
    }


@router.get(
    "/picker/people",
    response={200: list[ProfilePickedOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="People the caller may choose, by name (the person picker)",
)
def picker_people(
    request: HttpRequest,
    q: str = Query(..., min_length=MIN_TEXT, max_length=TEXT_MAX_LENGTH),
    scope: str = Query(
        "",
        max_length=SCOPE_MAX_LENGTH,
        description="A restriction named by a form, e.g. `community:<slug>` (people not yet "
        "in a community the caller moderates); an unknown scope keeps nobody.",
    ),
    limit: int = Query(PICKER_LIMIT, ge=1, le=20),
) -> list[dict[str, Any]]:
    found = people_for_picker(request.user, q, limit, scope=scope)
    return [{**card(p), "is_connection": p.is_connection} for p in found]  # type: ignore[attr-defined]


@router.get(
    "",
    response={200: ProfilePage, 401: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Search people",
)
def search(
    request: HttpRequest,
    q: str = Query("", max_length=100),
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(20, ge=1, le=50),
    open_to_collaborate: bool = Query(
        False, description="Only the people open to collaborate on projects."
    ),
) -> dict[str, Any]:
    results = people(request.user, " ".join(q.split()), collaborate=open_to_collaborate)
    return {
        "count": capped_count(results),
        "results": [card(p) for p in results[offset : offset + limit]],
    }


@router.get(
    "/me", response={200: MyProfileOut, 401: ErrorOut}, auth=signed_in, summary="My profile"
)
def my_profile(request: HttpRequest) -> dict[str, Any]:
    return serialise_mine(my_profile_or_404(request.user, for_display=True))


def _seen_by_others(
    profile: Profile, texts: dict[str, str | None], visibility: dict[str, Any]
) -> dict[str, str | None]:
    """The texts whose section someone else may see, with the audiences this request
    sets (a section set to "only me" is not checked by the personal-data guard)."""

    def audience(field: str) -> str:
        section = PII_SECTIONS[field]
        chosen = visibility.get(section)
        return str(
            SectionAudience(chosen).value if chosen else getattr(profile, f"{section}_visibility")
        )

    return {k: v for k, v in texts.items() if audience(k) != Audience.ONLY_ME}


@router.patch(
    "/me",
    response={
        200: MyProfileOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ErrorOut | PIIErrorOut,
    },
    auth=writer,
    summary="Update my profile",
)
def update_my_profile(request: HttpRequest, payload: ProfileIn) -> Any:
    profile = my_profile_or_404(request.user)
    data = payload.model_dump(exclude_unset=True)
    confirm = data.pop("confirm_pii", False)
    skills = data.pop("skills", None)
    hidden_employers = data.pop("hidden_from_employers", None)
    visibility = {k: v for k, v in (data.pop("visibility", None) or {}).items() if v}
    if not confirm:
        texts = {k: data.get(k) for k in ("headline", "about", "interests")}
        texts["skills"] = ", ".join(skills or [])
        refusal = pii_refusal(_seen_by_others(profile, texts, visibility))
        if refusal:
            return refusal
    changes = {
        k: (v.value if hasattr(v, "value") else v.strip() if isinstance(v, str) else v)
        for k, v in data.items()
        if v is not None
    }
    changes.update({f"{s}_visibility": SectionAudience(a).value for s, a in visibility.items()})
    with transaction.atomic():
        update_profile(
            profile, changes, skills=None if skills is None else parse_skills(", ".join(skills))
        )
        if hidden_employers is not None:
            set_hidden_employers(profile, hidden_employers)
    return serialise_mine(my_profile_or_404(request.user, for_display=True))


# ---------------------------------------------------------------- my recommendations
# (declared before the /{handle} routes, so "me" is never read as a handle)


def my_recommendations_out(viewer: Any, queryset: RecommendationQuerySet) -> list[dict[str, Any]]:
    found = list(queryset.for_display()[:200])
    visible = profile_visible_ids(
        viewer, {r.author_id for r in found} | {r.recipient_id for r in found}
    )
    return [recommendation_out(r, r.author_id in visible, r.recipient_id in visible) for r in found]


@router.get(
    "/me/recommendations",
    response={200: list[RecommendationOut], 401: ErrorOut},
    auth=signed_in,
    summary="Recommendations I received, whatever their status",
)
def my_received_recommendations(request: HttpRequest) -> list[dict[str, Any]]:
    return my_recommendations_out(request.user, recommendations_received(request.user))


@router.get(
    "/me/recommendations/written",
    response={200: list[RecommendationOut], 401: ErrorOut},
    auth=signed_in,
    summary="Recommendations I wrote, with their status",
)
def my_written_recommendations(request: HttpRequest) -> list[dict[str, Any]]:
    return my_recommendations_out(request.user, recommendations_written(request.user))


RecommendationId = Annotated[int, Path(ge=1, le=2_147_483_647)]
DECISION_RESPONSES = {
    200: RecommendationOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def decide(request: HttpRequest, recommendation_id: int, status: str) -> dict[str, Any]:
    decide_recommendation(request.user, recommendation_id, status)
    return my_recommendations_out(request.user, recommendation_by_pk(recommendation_id))[0]


@router.post(
    "/me/recommendations/{recommendation_id}/approve",
    response=DECISION_RESPONSES,
    auth=writer,
    summary="Approve a recommendation I received (or show a hidden one again)",
)
def approve_recommendation(
    request: HttpRequest, recommendation_id: RecommendationId
) -> dict[str, Any]:
    return decide(request, recommendation_id, RecommendationStatus.APPROVED)


@router.post(
    "/me/recommendations/{recommendation_id}/decline",
    response=DECISION_RESPONSES,
    auth=writer,
    summary="Decline a recommendation I received",
)
def decline_recommendation(
    request: HttpRequest, recommendation_id: RecommendationId
) -> dict[str, Any]:
    return decide(request, recommendation_id, RecommendationStatus.DECLINED)


@router.post(
    "/me/recommendations/{recommendation_id}/hide",
    response=DECISION_RESPONSES,
    auth=writer,
    summary="Hide an approved recommendation from my profile",
)
def hide_recommendation(
    request: HttpRequest, recommendation_id: RecommendationId
) -> dict[str, Any]:
    return decide(request, recommendation_id, RecommendationStatus.HIDDEN)


@router.get(
    "/{handle}",
    response={200: ProfileOut, 401: ErrorOut, 404: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A profile, as the caller may see it",
)
def profile_detail(request: HttpRequest, handle: str) -> dict[str, Any]:
    profile = profile_or_404(request.user, handle)
    if shows_counsellors_only(profile, profile.sections_visible_to(request.user), request.user):
        record_profile_read(request.user, profile.user_id)
    return serialise(profile, request.user)


# ---------------------------------------------------------------- endorsements


SkillId = Annotated[int, Path(ge=1, le=2_147_483_647)]
ENDORSEMENT_RESPONSES = {200: SkillOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def visible_skill(request: HttpRequest, handle: str, skill_id: int) -> tuple[Profile, Skill]:
    profile = profile_or_404(request.user, handle)
    if "skills" not in profile.sections_visible_to(request.user):
        raise Http404
    return profile, skill_or_404(profile, skill_id)


def skill_now(profile: Profile, skill: Skill, viewer: Any) -> dict[str, Any]:
    return skill_out(skill_line(skill, viewer))


@router.post(
    "/{handle}/skills/{skill_id}/endorsement",
    response=ENDORSEMENT_RESPONSES,
    auth=writer,
    summary="Endorse a skill of a connection (idempotent)",
)
def endorse_skill(request: HttpRequest, handle: str, skill_id: SkillId) -> dict[str, Any]:
    profile, skill = visible_skill(request, handle, skill_id)
    endorse(request.user, skill)
    return skill_now(profile, skill, request.user)


@router.delete(
    "/{handle}/skills/{skill_id}/endorsement",
    response=ENDORSEMENT_RESPONSES,
    auth=writer,
    summary="Withdraw my endorsement of a skill (idempotent)",
)
def withdraw_skill_endorsement(
    request: HttpRequest, handle: str, skill_id: SkillId
) -> dict[str, Any]:
    profile, skill = visible_skill(request, handle, skill_id)
    withdraw_endorsement(request.user, skill)
    return skill_now(profile, skill, request.user)


# ---------------------------------------------------------------- writing a recommendation


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
def recommend(request: HttpRequest, handle: str, payload: RecommendationIn) -> Status:
    profile = profile_or_404(request.user, handle)
    if not payload.confirm_pii and profile.recommendable_by(request.user):
        refusal = pii_refusal({"relationship": payload.relationship, "text": payload.text})
        if refusal:
            return refusal
    rec = write_recommendation(request.user, profile, payload.relationship, payload.text)
    return Status(201, my_recommendations_out(request.user, recommendation_by_pk(rec.pk))[0])
