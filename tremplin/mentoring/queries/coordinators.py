"""Who coordinates a programme, who may, and whom a coordinator may choose in the person
picker (the scopes registered in hooks.py, so the page's field, its suggestions and the
server's check narrow the same way).

- "programme-coordinator:<id>": staff of the programme's agency (admins, counsellors),
  or owners and moderators of its community, not yet coordinators;
- "programme-invite:<id>": the people a coordinator may invite: anyone they may see for
  an agency's programme, the community's active members for a community's one.
Both keep nobody for a viewer who does not coordinate that programme (deny by default).
"""

from __future__ import annotations

from typing import Any

from tremplin.mentoring.community_roles import community_roles
from tremplin.mentoring.models import Programme
from tremplin.organizations.models import Membership, Role
from tremplin.profiles.models import Profile

COORDINATOR_SCOPE = "programme-coordinator"
INVITE_SCOPE = "programme-invite"


def coordinators_of(programme: Programme) -> list[Profile]:
    """The coordinators' profiles, by name (their page and the API list them)."""
    return list(
        Profile.objects.filter(user__coordinated_programmes=programme)
        .select_related("user")
        .order_by("display_name", "pk")
    )


def eligible_ids(programme: Programme) -> Any:
    """User ids of the people who may coordinate it (a subquery)."""
    if programme.agency_id is None:
        return community_roles.moderator_ids(programme.community_id)
    return Membership.objects.filter(
        organization_id=programme.agency_id, role__in=(Role.ADMIN, Role.COUNSELLOR)
    ).values("user_id")


def _coordinated(viewer: Any, argument: str) -> Programme | None:
    if not argument.isdigit() or viewer is None or not viewer.is_authenticated:
        return None
    return Programme.objects.filter(pk=int(argument), coordinators=viewer).first()


def coordinator_candidates(viewer: Any, candidates: Any, argument: str) -> Any:
    programme = _coordinated(viewer, argument)
    if programme is None:
        return candidates.none()
    taken = Programme.coordinators.through.objects.filter(programme=programme).values("user_id")
    return candidates.filter(user_id__in=eligible_ids(programme)).exclude(user_id__in=taken)


def invite_candidates(viewer: Any, candidates: Any, argument: str) -> Any:
    programme = _coordinated(viewer, argument)
    if programme is None:
        return candidates.none()
    if programme.community_id is not None:
        return candidates.filter(user_id__in=community_roles.member_ids(programme.community_id))
    return candidates


def run_by_me(user: Any) -> list[Any]:
    """The communities `user` owns or moderates (where they may create a programme)."""
    return community_roles.moderated(user)


def community_run_by(user: Any, slug: str) -> Any:
    return next((c for c in run_by_me(user) if c.slug == slug), None)
