"""What members are told about their membership: join requests (to the moderators), a
request's answer, an invitation, a removal or a ban (with the reason), a new role.

Each is a notification written in the cause's transaction (`notify`), its sentence in
the reader's language (hooks_communities.py). The data holds the community's name in the
recipient's language, so a notification about a community they can no longer see (a ban
from a private one) still says which, with no link. A removal or a ban is also emailed
(`tasks_communities.tell_member`, after commit, from the log row's id): the community
and the reason, never the moderator. Sentences of these kinds name no moderator."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import translation

from tremplin.communities.models import Community, Membership, ModerationAction
from tremplin.notifications.services import notify

JOIN_REQUEST = "community_join_request"
REQUEST_ANSWERED = "community_request_answered"
INVITED = "community_invitation"
REMOVED = "community_removed"
ROLE_CHANGED = "community_role"
# How many moderators a join request reaches at most (the owner first).
MODERATORS_TOLD = 20


def name_for(community: Community, user: Any) -> str:
    """The community's name in the recipient's language."""
    with translation.override(getattr(user, "language", "") or "fr"):
        return community.name


def join_requested(membership: Membership) -> None:
    community = membership.community
    moderators = (
        Membership.objects.moderators()
        .filter(community=community)
        .select_related("user")
        .order_by("role", "pk")[:MODERATORS_TOLD]
    )
    for moderator in moderators:
        notify(
            moderator.user,
            JOIN_REQUEST,
            actor=membership.user,
            target=community,
            group_key=f"community-requests:{community.pk}",
            data={"community": name_for(community, moderator.user)},
        )


def request_answered(membership: Membership, approved: bool) -> None:
    notify(
        membership.user,
        REQUEST_ANSWERED,
        target=membership.community,
        data={
            "community": name_for(membership.community, membership.user),
            "approved": approved,
        },
    )


def invited(membership: Membership, by: Any) -> None:
    notify(
        membership.user,
        INVITED,
        actor=by,
        data={"community": name_for(membership.community, membership.user)},
    )


def removed(membership: Membership, action: ModerationAction) -> None:
    """Told in the app and by email: the community, what happened and the reason."""
    notify(
        membership.user,
        REMOVED,
        target=membership.community,
        data={
            "community": name_for(membership.community, membership.user),
            "what": action.action,
            "excerpt": action.reason,
        },
    )
    from tremplin.communities.tasks_communities import tell_member

    transaction.on_commit(partial(tell_member.enqueue, action.pk))


def role_changed(membership: Membership) -> None:
    notify(
        membership.user,
        ROLE_CHANGED,
        target=membership.community,
        data={
            "community": name_for(membership.community, membership.user),
            "role": membership.role,
        },
    )
