"""The read path of projects: one project the viewer may see (or 404), the inside of one
they work on (or 404), its members and applications, "my projects", whom a lead may
invite (the person picker's scope "project:<id>") and the person the API's invitation
names by profile handle. Every read goes through `Project.objects.visible_to` or
`worked_on_by` (tremplin.projects.models.project), and every person through
`Profile.objects.visible_to`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.core.reads import visible_or_404
from tremplin.organizations.models import Membership
from tremplin.profiles.models import Profile, ProfileQuerySet
from tremplin.projects.models import Member, MemberStatus, Project, Role
from tremplin.projects.models.project import STAFF_ROLES

LIST_CAP = 200
MAX_ID = 2_147_483_647


def project_or_404(viewer: Any, pk: int) -> Project:
    """A project the viewer may see; an invitation-only or another agency's team
    project is a 404 like a missing one (its existence is not confirmed)."""
    return visible_or_404(Project.objects.visible_to(viewer).for_card(), pk=pk)


def inside_or_404(viewer: Any, pk: int) -> Project:
    """A project whose inside (board, files, discussion, activity) the viewer reads."""
    return visible_or_404(Project.objects.worked_on_by(viewer).for_card(), pk=pk)


def member_row(viewer: Any, project: Project) -> Member | None:
    return project.member_row(viewer)


def members_of(project: Project) -> QuerySet[Member]:
    """The active members, the lead first (shown to whoever sees the project)."""
    return (
        Member.objects.active()
        .filter(project=project)
        .for_display()
        .order_by("-role", "created", "pk")[:LIST_CAP]
    )


def waiting_of(project: Project, status: str) -> QuerySet[Member]:
    """Applications (or invitations) waiting: for the lead's page."""
    return (
        Member.objects.filter(project=project, status=status)
        .for_display()
        .order_by("created", "pk")[:LIST_CAP]
    )


def mine(viewer: Any) -> dict[str, list[Member]]:
    """My projects: those I work on, my applications waiting, my invitations."""
    rows = (
        Member.objects.filter(
            user_id=viewer.pk,
            status__in=(MemberStatus.ACTIVE, MemberStatus.APPLIED, MemberStatus.INVITED),
            project__in=Project.objects.visible_to(viewer).values("pk"),
        )
        .select_related("project__lead__profile")
        .order_by("-project_id")[:LIST_CAP]
    )
    found: dict[str, list[Member]] = {"active": [], "applied": [], "invited": []}
    for row in rows:
        found[row.status].append(row)
    return found


def invitable(viewer: Any, candidates: ProfileQuerySet, project_id: str) -> ProfileQuerySet:
    """The person picker's scope "project:<id>" (registered in hooks.py): the people
    the project's lead may invite, i.e. among the profiles the lead may see (the
    picker's `candidates`), those not already an active member or invited; for a team
    project, only its agency's staff (nobody else could ever see it). Nobody at all for
    anyone who does not lead that project. An applicant stays offered: inviting them
    accepts the application (`services.members.invite`, which checks all this again
    in its transaction)."""
    if not (project_id.isascii() and project_id.isdigit()) or not 0 < int(project_id) <= MAX_ID:
        return candidates.none()
    project = Project.objects.visible_to(viewer).filter(pk=int(project_id)).first()
    if project is None or not leads(viewer, project):
        return candidates.none()
    taken = Member.objects.filter(
        project=project, status__in=(MemberStatus.ACTIVE, MemberStatus.INVITED)
    ).values("user_id")
    found = candidates.exclude(user_id__in=taken)
    if project.is_team:
        staff = Membership.objects.filter(
            organization_id=project.organization_id or 0, role__in=STAFF_ROLES
        ).values("user_id")
        found = found.filter(user_id__in=staff)
    return found


def person_by_handle(viewer: Any, handle: str) -> Any:
    """The member whose profile the viewer may see at this handle, or None (the API's
    invitation names people by handle; the pages choose them with the person picker)."""
    handle = (handle or "").strip().lstrip("@")
    if not handle:
        return None
    profile = (
        Profile.objects.visible_to(viewer).filter(handle=handle).select_related("user").first()
    )
    return profile.user if profile is not None else None


def leads(viewer: Any, project: Project) -> bool:
    row = project.member_row(viewer)
    return row is not None and row.is_active and row.role == Role.LEAD
