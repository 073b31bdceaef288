"""What the network app holds about a member: connections, connection requests (with
the notes they wrote), follows, blocks and mutes. All of it goes with the account."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tremplin.core.personal_data import plain_rows, when
from tremplin.network.models import Block, Connection, ConnectionRequest, Follow, Mute


def _name(user: Any) -> str:
    return user.display_name if user is not None else ""


def export(user: Any) -> dict[str, Any]:
    connections = Connection.objects.filter(Q(user_low=user) | Q(user_high=user)).select_related(
        "user_low__profile", "user_high__profile"
    )
    requests = ConnectionRequest.objects.filter(Q(from_user=user) | Q(to_user=user)).select_related(
        "from_user__profile", "to_user__profile"
    )
    return {
        "connections": [
            {
                "with": _name(c.user_high if c.user_low_id == user.pk else c.user_low),
                "since": when(c.created),
            }
            for c in connections
        ],
        "requests": [
            {
                "from": _name(r.from_user),
                "to": _name(r.to_user),
                "note": r.note if r.from_user_id == user.pk else "",
                "status": r.status_for(user),
                "created": when(r.created),
            }
            for r in requests
        ],
        "following": plain_rows(Follow.objects.filter(follower=user), exclude=("follower",)),
        "followers": Follow.objects.filter(user=user).count(),
        "blocked": [
            _name(b.blocked)
            for b in Block.objects.filter(blocker=user).select_related("blocked__profile")
        ],
        "muted": [
            _name(m.muted) for m in Mute.objects.filter(muter=user).select_related("muted__profile")
        ],
    }


def erase(user: Any) -> int:
    changed = 0
    for queryset in (
        Connection.objects.filter(Q(user_low=user) | Q(user_high=user)),
        ConnectionRequest.objects.filter(Q(from_user=user) | Q(to_user=user)),
        Follow.objects.filter(Q(follower=user) | Q(user=user)),
        Block.objects.filter(Q(blocker=user) | Q(blocked=user)),
        Mute.objects.filter(Q(muter=user) | Q(muted=user)),
    ):
        deleted, _by_model = queryset.delete()
        changed += deleted
    return changed
