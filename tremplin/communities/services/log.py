"""The community's moderation log: every moderator action is written here, in the same
transaction as the action (visible to the community's moderators only,
`ModerationAction.objects.visible_to`)."""

from __future__ import annotations

from typing import Any

from tremplin.communities.models import Community, ModerationAction


def log_action(
    community: Community,
    actor: Any,
    action: str,
    *,
    target_user: Any = None,
    target: str = "",
    excerpt: str = "",
    reason: str = "",
) -> ModerationAction:
    return ModerationAction.objects.create(
        community=community,
        actor=actor,
        action=action,
        target_user=target_user,
        target=target[:40],
        excerpt=" ".join(excerpt.split())[:200],
        reason=reason,
    )
