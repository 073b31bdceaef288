"""Programmes over the API: the list, creating and moving one, enrolling with the intake,
one enrolment, leaving, invitations, and my mentor profile. Thin adapters over the same
`queries` and `services` as the pages; anything the caller may not see is a 404, and a
refusal is answered by the API's handler from `tremplin.core.refusals.STATUSES`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal, cast

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, StrictBool, StrictInt, field_validator

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import HANDLE_PATTERN, TEXT, ErrorOut, StrictSchema
from tremplin.mentoring import queries as mentorship_queries
from tremplin.mentoring.models import Enrolment, MentorProfile, Programme
from tremplin.mentoring.queries import programmes as queries
from tremplin.mentoring.queries.coordinators import community_run_by
from tremplin.mentoring.services import programmes as services
from tremplin.mentoring.services.mentorships import MentoringError

router = Router()

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ID = Path(..., ge=1, le=2_147_483_647)
Side = Literal["mentor", "mentee"]
Policy = Literal["members", "clients", "community", "invitation"]
Word = Field(max_length=60, pattern=TEXT)


def whole_number(value: Any) -> Any:
    """JSON Schema's `integer` includes 12.0: take it as 12 (12.5, "12" and true are still
    refused by StrictInt), as the feed's schemas do."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class MentoringQuestionIn(StrictSchema):
    fr: str = Field("", max_length=300, pattern=TEXT)
    en: str = Field("", max_length=300, pattern=TEXT)


def _exactly_one_owner(schema: dict[str, Any]) -> None:
    """The document says what the endpoint refuses (422): both owners, or neither; and
    what every strict schema says (no NUL in a text)."""
    strict = StrictSchema.model_config.get("json_schema_extra")
    if callable(strict):
        cast(Callable[[dict[str, Any]], None], strict)(schema)
    schema["oneOf"] = [{"required": ["agency"]}, {"required": ["community"]}]


class MentoringProgrammeIn(StrictSchema):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_owner)

    # Exactly one of the two (a present field is never null).
    agency: str = Field(
        None,  # type: ignore[assignment]
        min_length=1,
        max_length=80,
        description="The address of the agency that runs it (its staff create it).",
    )
    community: str = Field(
        None,  # type: ignore[assignment]
        min_length=1,
        max_length=80,
        description=(
            "Or the address of the community that runs it (its owners and moderators "
            "create it): exactly one of agency and community, else 422."
        ),
    )
    name_fr: str = Field(..., max_length=150, pattern=TEXT)
    name_en: str = Field(..., max_length=150, pattern=TEXT)
    purpose_fr: str = Field("", max_length=3000, pattern=TEXT)
    purpose_en: str = Field("", max_length=3000, pattern=TEXT)
    starts_on: date = Field(..., description="From 2000 to 2100 (else 422).")
    ends_on: date
    mentor_policy: Policy | None = Field(
        None,
        description=(
            "An agency's programme: members (the default), clients or invitation; a "
            "community's: community (the default) or invitation."
        ),
    )
    mentee_policy: Policy | None = Field(
        None, description="As mentor_policy; an agency's programme: clients by default."
    )
    mentor_questions: list[MentoringQuestionIn] = Field(default_factory=list, max_length=5)
    mentee_questions: list[MentoringQuestionIn] = Field(default_factory=list, max_length=5)
    capacity: StrictInt = Field(20, ge=1, le=5000)
    months: StrictInt = Field(6, ge=1, le=24)

    _whole = field_validator("capacity", "months", mode="before")(whole_number)


class MentoringProgrammeOut(Schema):
    id: int
    agency: str | None = Field(description="The address of the agency that runs it, or null.")
    community: str | None = Field(description="The address of the community that runs it, or null.")
    name: str = Field(description="In the caller's language (or the other one).")
    name_fr: str
    name_en: str
    purpose: str
    starts_on: date
    ends_on: date
    status: str = Field(description="draft, open, running or closed")
    mentor_policy: str
    mentee_policy: str
    mentor_questions: list[str] = Field(description="In the caller's language.")
    mentee_questions: list[str]
    capacity: int
    months: int
    coordinator: bool = Field(description="Whether the caller coordinates it.")


class MentoringStateIn(StrictSchema):
    status: Literal["draft", "open", "running", "closed"]


class MentoringEnrolIn(StrictSchema):
    side: Side
    answers: list[str] = Field(default_factory=list, max_length=5)
    goals: str = Field("", max_length=1000, pattern=TEXT)
    wanted_skills: list[str] = Field(default_factory=list, max_length=15)
    sectors: list[str] = Field(default_factory=list, max_length=15)
    languages: list[Literal["fr", "en"]] = Field(default_factory=list, max_length=2)
    region: str = Field("", max_length=2, pattern=r"^([A-Z]{2})?$")
    online: StrictBool = True


class MentoringEnrolmentOut(Schema):
    id: int
    programme: int
    side: str
    status: str
    person: str = Field(description="The enrolled member's name.")
    intake: list[list[str]] = Field(description="[question, answer] pairs.")
    goals: str
    wanted_skills: list[str]
    sectors: list[str]
    languages: list[str]
    region: str
    online: bool


class MentoringInviteIn(StrictSchema):
    who: str = Field(..., min_length=1, max_length=60, pattern=HANDLE_PATTERN)
    side: Side


class MentoringOfferIO(StrictSchema):
    offer: str = Field("", max_length=1000, pattern=TEXT)
    skills: list[str] = Field(default_factory=list, max_length=15)
    sectors: list[str] = Field(default_factory=list, max_length=15)
    trades: list[str] = Field(default_factory=list, max_length=15)
    languages: list[Literal["fr", "en"]] = Field(default_factory=list, max_length=2)
    region: str = Field("", max_length=2, pattern=r"^([A-Z]{2})?$")
    in_person: StrictBool = True
    online: StrictBool = True
    max_mentees: StrictInt = Field(2, ge=0, le=20)
    paused: StrictBool = False

    _whole = field_validator("max_mentees", mode="before")(whole_number)


def programme_out(p: Programme, viewer: Any) -> dict[str, Any]:
    return {
        "id": p.pk,
        "agency": p.agency.slug if p.agency is not None else None,
        "community": p.community.slug if p.community is not None else None,
        "name": p.name,
        "name_fr": p.name_fr,
        "name_en": p.name_en,
        "purpose": p.purpose,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "status": p.status,
        "mentor_policy": p.mentor_policy,
        "mentee_policy": p.mentee_policy,
        "mentor_questions": p.questions("mentor"),
        "mentee_questions": p.questions("mentee"),
        "capacity": p.capacity,
        "months": p.months,
        "coordinator": p.is_coordinator(viewer),
    }


def enrolment_out(e: Enrolment) -> dict[str, Any]:
    return {
        "id": e.pk,
        "programme": e.programme_id,
        "side": e.side,
        "status": e.status,
        "person": e.user.display_name,
        "intake": [[q, a] for q, a in e.intake()],
        "goals": e.goals,
        "wanted_skills": e.wanted_skills,
        "sectors": e.sectors,
        "languages": e.languages,
        "region": e.region,
        "online": e.online,
    }


@router.get(
    "/programmes",
    response={200: list[MentoringProgrammeOut], 401: ErrorOut},
    auth=signed_in,
    summary="Programmes I may see (newest first)",
)
def programme_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [programme_out(p, request.user) for p in queries.programme_list(request.user)]


@router.post(
    "/programmes",
    response={201: MentoringProgrammeOut, **WRITE},
    auth=writer,
    summary=(
        "Create a programme (an agency's staff, or a community's owners and moderators; "
        "it starts as a draft)"
    ),
)
def programme_create(request: HttpRequest, payload: MentoringProgrammeIn) -> Status:
    if (payload.agency is None) == (payload.community is None):
        raise MentoringError(
            _("Say who runs the programme: an agency or a community."), code="invalid"
        )
    community = payload.community is not None
    default = ("community", "community") if community else ("members", "clients")
    data = services.ProgrammeData(
        **payload.dict(
            exclude={
                "agency",
                "community",
                "mentor_questions",
                "mentee_questions",
                "mentor_policy",
                "mentee_policy",
            }
        ),
        mentor_policy=payload.mentor_policy or default[0],
        mentee_policy=payload.mentee_policy or default[1],
        mentor_questions=[(q.fr, q.en) for q in payload.mentor_questions],
        mentee_questions=[(q.fr, q.en) for q in payload.mentee_questions],
    )
    if payload.community is not None:
        run_by = community_run_by(request.user, payload.community)
        if run_by is None:
            raise Http404
        made = services.create_community_programme(request.user, run_by, data)
    else:
        agency = queries.staff_agency(request.user, payload.agency or "")
        if agency is None:
            raise Http404
        made = services.create_programme(request.user, agency, data)
    return Status(201, programme_out(queries.programme_or_404(request.user, made.pk), request.user))


@router.get(
    "/programmes/{programme_id}",
    response={200: MentoringProgrammeOut, **READ},
    auth=signed_in,
    summary="One programme",
)
def programme_detail(request: HttpRequest, programme_id: int = ID) -> dict[str, Any]:
    return programme_out(queries.programme_or_404(request.user, programme_id), request.user)


@router.post(
    "/programmes/{programme_id}/state",
    response={200: MentoringProgrammeOut, **WRITE},
    auth=writer,
    summary="Open, start or close a programme (its coordinators)",
)
def programme_state(
    request: HttpRequest, payload: MentoringStateIn, programme_id: int = ID
) -> dict[str, Any]:
    programme = queries.coordinated_or_404(request.user, programme_id)
    moved = services.move_programme(request.user, programme, payload.status)
    return programme_out(queries.programme_or_404(request.user, moved.pk), request.user)


@router.post(
    "/programmes/{programme_id}/enrolments",
    response={201: MentoringEnrolmentOut, **WRITE},
    auth=writer,
    summary="Join a programme on one side with my intake answers",
)
def enrol(request: HttpRequest, payload: MentoringEnrolIn, programme_id: int = ID) -> Status:
    programme = queries.programme_or_404(request.user, programme_id)
    intake = services.Intake(**payload.dict(exclude={"side"}))
    made = services.enrol(request.user, programme, payload.side, intake)
    return Status(201, enrolment_out(queries.enrolment_or_404(request.user, made.pk)))


@router.get(
    "/programmes/{programme_id}/enrolments",
    response={200: list[MentoringEnrolmentOut], **READ},
    auth=signed_in,
    summary="The enrolled members with their intake (the programme's coordinators)",
)
def roster(request: HttpRequest, programme_id: int = ID) -> list[dict[str, Any]]:
    programme = queries.coordinated_or_404(request.user, programme_id)
    rows = queries.roster(request.user, programme, "mentor")
    rows += queries.roster(request.user, programme, "mentee")
    return [enrolment_out(e) for e in rows]


@router.get(
    "/enrolments/{enrolment_id}",
    response={200: MentoringEnrolmentOut, **READ},
    auth=signed_in,
    summary="One enrolment (the person, the coordinators, a matched mentor)",
)
def enrolment_detail(request: HttpRequest, enrolment_id: int = ID) -> dict[str, Any]:
    return enrolment_out(queries.enrolment_or_404(request.user, enrolment_id))


@router.post(
    "/enrolments/{enrolment_id}/leave",
    response={200: MentoringEnrolmentOut, **WRITE},
    auth=writer,
    summary="Leave a programme",
)
def enrolment_leave(request: HttpRequest, enrolment_id: int = ID) -> dict[str, Any]:
    found = queries.enrolment_or_404(request.user, enrolment_id)
    services.leave(request.user, found)
    return enrolment_out(queries.enrolment_or_404(request.user, enrolment_id))


@router.post(
    "/programmes/{programme_id}/invitations",
    response={201: MentoringEnrolmentOut, **WRITE},
    auth=writer,
    summary="Invite a member to join on one side (the programme's coordinators)",
)
def invite(request: HttpRequest, payload: MentoringInviteIn, programme_id: int = ID) -> Status:
    programme = queries.coordinated_or_404(request.user, programme_id)
    who = mentorship_queries.member_or_none(request.user, payload.who.strip())
    if who is None:
        raise Http404
    made = services.invite(request.user, programme, who, payload.side)
    return Status(201, enrolment_out(queries.enrolment_or_404(request.user, made.pk)))


def offer_out(found: MentorProfile | None) -> dict[str, Any]:
    if found is None:
        return {
            name: spec.get_default(call_default_factory=True)
            for name, spec in MentoringOfferIO.model_fields.items()
        }
    return {name: getattr(found, name) for name in MentoringOfferIO.model_fields}


@router.get(
    "/mentor-profile",
    response={200: MentoringOfferIO, 401: ErrorOut},
    auth=signed_in,
    summary="My mentor profile (defaults when I have none)",
)
def mentor_profile(request: HttpRequest) -> dict[str, Any]:
    return offer_out(queries.mentor_profile_of(request.user))


@router.put(
    "/mentor-profile",
    response={200: MentoringOfferIO, **WRITE},
    auth=writer,
    summary="Save my mentor profile",
)
def mentor_profile_save(request: HttpRequest, payload: MentoringOfferIO) -> dict[str, Any]:
    saved = services.save_mentor_profile(request.user, services.Offer(**payload.dict()))
    return offer_out(saved)
