"""The read path of projects: one project the viewer may see (or 404), the inside of one
they work on (or 404), its members and applications, "my projects", and the person a
lead invites by profile handle. Every read goes through `Project.objects.visible_to` or
`worked_on_by` (tremplin.projects.models.project)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.core.reads import visible_or_404
from tremplin.profiles.models import Profile
from tremplin.projects.models import Member, MemberStatus, Project, Role

LIST_CAP = 200


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


def person_by_handle(viewer: Any, handle: str) -> Any:
    """The member whose profile the viewer may see at this handle, or None (the
    person picker will replace typing a handle)."""
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
