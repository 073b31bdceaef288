"""What communities tells mentoring (imported by hooks.py): who owns or moderates a
community and who belongs to it, for the mentoring programmes a community runs
(`tremplin.mentoring.community_roles`; mentoring sits below communities and asks here)."""

from __future__ import annotations

from typing import Any

from tremplin.communities.models import Community, Membership
from tremplin.mentoring.community_roles import CommunityRoles, community_roles


def _moderated_ids(user_id: int) -> Any:
    return (
        Membership.objects.moderators()
        .filter(user_id=user_id)
        .values_list("community_id", flat=True)
    )


def _joined_ids(user_id: int) -> Any:
    return (
        Membership.objects.active().filter(user_id=user_id).values_list("community_id", flat=True)
    )


def _moderator_ids(community_id: int) -> Any:
    return (
        Membership.objects.moderators()
        .filter(community_id=community_id)
        .values_list("user_id", flat=True)
    )


def _member_ids(community_id: int) -> Any:
    return (
        Membership.objects.active()
        .filter(community_id=community_id)
        .values_list("user_id", flat=True)
    )


def _moderated(user_id: int) -> list[Any]:
    rows = Community.objects.filter(pk__in=_moderated_ids(user_id), archived__isnull=True)
    return sorted(rows, key=lambda community: community.name.lower())


community_roles.provide(
    CommunityRoles(
        moderated_ids=_moderated_ids,
        joined_ids=_joined_ids,
        moderator_ids=_moderator_ids,
        member_ids=_member_ids,
        moderated=_moderated,
    )
)
