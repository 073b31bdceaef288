"""Projects API: search open projects, create one, read and change it, its status, my
projects; members: apply, withdraw, answer an invitation, leave; the lead invites (by
handle), decides on applications, removes, hands the lead to a member. Projects are
addressed by id (digits only).
A project the caller may not see is a 404; refusals are answered by the API's handler
(core.refusals.STATUSES)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema
from ninja.responses import Status

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut, PIIErrorOut, pii_refusal
from tremplin.organizations.models import Organization
from tremplin.projects.api import out
from tremplin.projects.api.schemas import (
    ProjectAnswerIn,
    ProjectApplyIn,
    ProjectIn,
    ProjectInviteIn,
    ProjectLeadIn,
    ProjectMemberOut,
    ProjectMineOut,
    ProjectOut,
    ProjectPatchIn,
    ProjectSearchOut,
    ProjectStatusIn,
    RegionIn,
)
from tremplin.projects.models import MemberStatus, Project
from tremplin.projects.queries import projects as queries
from tremplin.projects.queries.search import Filters, open_projects
from tremplin.projects.services import members as member_services
from tremplin.projects.services import projects as services

router = Router(tags=["projects"])

PROJECT_ID = Path(..., ge=1, le=2_147_483_647)
MEMBER_ID = Path(..., ge=1, le=2_147_483_647)
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ProjectSearchIn(Schema):
    q: str = Query("", max_length=200, pattern=r"^[^\x00]*$")
    skill: str = Query("", max_length=80, pattern=r"^[^\x00]*$")
    region: RegionIn = Query("")  # type: ignore[valid-type]
    remote: bool = Query(False)
    language: str = Query("", pattern=r"^(fr|en)?$")
    max_hours: int | None = Query(None, ge=1, le=60)
    before: int | None = Query(None, ge=1, le=2_147_483_647)


def _out(request: HttpRequest, project: Project) -> dict[str, Any]:
    fresh = queries.project_or_404(request.user, project.pk)
    return out.project_out(fresh, queries.member_row(request.user, fresh))


def _fields(payload: Any, *, partial: bool) -> dict[str, Any]:
    fields = payload.dict(exclude_unset=partial, exclude={"organization", "confirm_pii"})
    fields = {k: v for k, v in fields.items() if v is not None}
    if "skills" in fields:
        fields["skills"] = ", ".join(s.replace(",", " ") for s in fields["skills"])
    return fields


@router.get(
    "",
    response={200: ProjectSearchOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Open projects looking for collaborators, newest first (20 a page)",
)
def search(request: HttpRequest, filters: Query[ProjectSearchIn]) -> dict[str, Any]:
    wanted = Filters(
        q=filters.q,
        skill=filters.skill,
        region=filters.region,
        remote=filters.remote,
        language=filters.language,
        max_hours=filters.max_hours,
    )
    rows, following = open_projects(request.user, wanted, filters.before)
    return {"items": [out.card(p) for p in rows], "next_before": following}


@router.post(
    "",
    response={
        201: ProjectOut,
        422: PIIErrorOut | ErrorOut,
        **{k: v for k, v in WRITE.items() if k != 422},
    },
    auth=writer,
    summary="Create a project (the caller is its lead)",
)
def create(request: HttpRequest, payload: ProjectIn) -> Status:
    if not payload.confirm_pii:
        refused = pii_refusal(
            {"description_fr": payload.description_fr, "description_en": payload.description_en}
        )
        if refused is not None:
            return refused
    organization = None
    if payload.organization:
        organization = Organization.objects.filter(slug=payload.organization).first()
        if organization is None:
            raise Http404
    made = services.create_project(
        request.user, organization=organization, **_fields(payload, partial=False)
    )
    return Status(201, _out(request, made))


@router.get(
    "/mine",
    response={200: ProjectMineOut, 401: ErrorOut},
    auth=signed_in,
    summary="My projects, my applications waiting and my invitations",
)
def mine(request: HttpRequest) -> dict[str, Any]:
    found = queries.mine(request.user)
    return {key: [out.card(m.project) for m in rows] for key, rows in found.items()}


@router.get(
    "/{int:project_id}",
    response={200: ProjectOut, **READ},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A project, as the caller may see it",
)
def detail(request: HttpRequest, project_id: int = PROJECT_ID) -> dict[str, Any]:
    project = queries.project_or_404(request.user, project_id)
    return out.project_out(project, queries.member_row(request.user, project))


@router.patch(
    "/{int:project_id}",
    response={
        200: ProjectOut,
        422: PIIErrorOut | ErrorOut,
        **{k: v for k, v in WRITE.items() if k != 422},
    },
    auth=writer,
    summary="Change a project (its lead)",
)
def update(request: HttpRequest, payload: ProjectPatchIn, project_id: int = PROJECT_ID) -> Any:
    project = queries.project_or_404(request.user, project_id)
    if not payload.confirm_pii:
        refused = pii_refusal(
            {"description_fr": payload.description_fr, "description_en": payload.description_en}
        )
        if refused is not None:
            return refused
    changed = services.update_project(request.user, project, **_fields(payload, partial=True))
    return _out(request, changed)


@router.post(
    "/{int:project_id}/status",
    response={200: ProjectOut, **WRITE},
    auth=writer,
    summary="Move the project's status: open, in progress, closed (its lead)",
)
def status(request: HttpRequest, payload: ProjectStatusIn, project_id: int = PROJECT_ID) -> Any:
    project = queries.project_or_404(request.user, project_id)
    return _out(request, services.set_status(request.user, project, payload.status))


@router.get(
    "/{int:project_id}/members",
    response={200: list[ProjectMemberOut], **READ},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="The active members (applications' messages are the lead's: blank here)",
)
def members(request: HttpRequest, project_id: int = PROJECT_ID) -> list[dict[str, Any]]:
    project = queries.project_or_404(request.user, project_id)
    return [{**out.member(m), "message": ""} for m in queries.members_of(project)]


@router.get(
    "/{int:project_id}/applications",
    response={200: list[ProjectMemberOut], **READ, 403: ErrorOut},
    auth=signed_in,
    summary="Applications and invitations waiting (the lead)",
)
def applications(request: HttpRequest, project_id: int = PROJECT_ID) -> list[dict[str, Any]]:
    project = queries.project_or_404(request.user, project_id)
    services.require_lead(request.user, project)
    rows = [
        *queries.waiting_of(project, MemberStatus.APPLIED),
        *queries.waiting_of(project, MemberStatus.INVITED),
    ]
    return [out.member(m) for m in rows]


@router.post(
    "/{int:project_id}/apply",
    response={201: ProjectMemberOut, **WRITE},
    auth=writer,
    summary="Apply to an open project with a message",
)
def apply(request: HttpRequest, payload: ProjectApplyIn, project_id: int = PROJECT_ID) -> Status:
    project = queries.project_or_404(request.user, project_id)
    return Status(201, out.member(member_services.apply(request.user, project, payload.message)))


@router.post(
    "/{int:project_id}/withdraw",
    response={200: ProjectMemberOut, **WRITE},
    auth=writer,
    summary="Withdraw my application",
)
def withdraw(request: HttpRequest, project_id: int = PROJECT_ID) -> dict[str, Any]:
    project = queries.project_or_404(request.user, project_id)
    return out.member(member_services.withdraw(request.user, project))


@router.post(
    "/{int:project_id}/invitation",
    response={200: ProjectMemberOut, **WRITE},
    auth=writer,
    summary="Accept or decline my invitation",
)
def answer(request: HttpRequest, payload: ProjectAnswerIn, project_id: int = PROJECT_ID) -> Any:
    project = queries.project_or_404(request.user, project_id)
    return out.member(member_services.answer_invitation(request.user, project, payload.accept))


@router.post(
    "/{int:project_id}/leave",
    response={200: ProjectMemberOut, **WRITE},
    auth=writer,
    summary="Leave the project (not its lead)",
    description=(
        "404: no project the caller may see, or the caller is not an active member. "
        "409: the caller leads the project and other members remain (hand the lead "
        "over first: POST /projects/{id}/lead). 403: the caller leads the project "
        "alone (close it instead)."
    ),
)
def leave(request: HttpRequest, project_id: int = PROJECT_ID) -> dict[str, Any]:
    project = queries.project_or_404(request.user, project_id)
    return out.member(member_services.leave(request.user, project))


@router.post(
    "/{int:project_id}/invitations",
    response={201: ProjectMemberOut, **WRITE},
    auth=writer,
    summary="Invite a person by profile address (the lead)",
    description=(
        "404: no project the caller may see, or nobody the caller may see has this "
        "profile address. 403: the caller does not lead the project. 409: the person is "
        "already a member or invited, or is the caller. 422: a team project takes only "
        "its agency's staff. An applicant invited is accepted (201)."
    ),
)
def invite(request: HttpRequest, payload: ProjectInviteIn, project_id: int = PROJECT_ID) -> Status:
    project = queries.project_or_404(request.user, project_id)
    person = queries.person_by_handle(request.user, payload.handle)
    if person is None:
        raise Http404
    return Status(201, out.member(member_services.invite(request.user, project, person)))


@router.post(
    "/{int:project_id}/members/{int:member_id}/decision",
    response={200: ProjectMemberOut, **WRITE},
    auth=writer,
    summary="Accept or decline an application (the lead)",
)
def decide(
    request: HttpRequest,
    payload: ProjectAnswerIn,
    project_id: int = PROJECT_ID,
    member_id: int = MEMBER_ID,
) -> dict[str, Any]:
    project = queries.project_or_404(request.user, project_id)
    return out.member(member_services.decide(request.user, project, member_id, payload.accept))


@router.delete(
    "/{int:project_id}/members/{int:member_id}",
    response={200: ProjectMemberOut, **WRITE},
    auth=writer,
    summary="Remove a member or withdraw an invitation (the lead)",
)
def remove(
    request: HttpRequest, project_id: int = PROJECT_ID, member_id: int = MEMBER_ID
) -> dict[str, Any]:
    project = queries.project_or_404(request.user, project_id)
    return out.member(member_services.remove(request.user, project, member_id))


@router.post(
    "/{int:project_id}/lead",
    response={200: ProjectOut, **WRITE},
    auth=writer,
    summary="Hand the lead to an active member (the lead, who stays a member)",
    description=(
        "Both are notified; the activity log says it. 403: the caller does not lead the "
        "project. 404: no project the caller may see, or `member_id` is not an active "
        "member of this project (an applicant, an invited person, someone who left, "
        "another project's row), with the reason in `detail`. 409: `member_id` is the "
        "caller's own row. 422: the body does not match the schema."
    ),
)
def hand_over(request: HttpRequest, payload: ProjectLeadIn, project_id: int = PROJECT_ID) -> Any:
    project = queries.project_or_404(request.user, project_id)
    member_services.hand_over(request.user, project, payload.member_id)
    return _out(request, project)
