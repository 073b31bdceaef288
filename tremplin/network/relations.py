"""The network's relations, as the viewer asks them (tremplin.core.viewer): blocks either
way, mutes, and connections. Registered from hooks.py; these are the only definitions of
"blocked either way" and "connected" that rules outside this app use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from tremplin.network.models import Block, Connection, Mute


def blocked(user_id: int) -> set[int]:
    """Members in a block relation with `user_id`, either way (one query)."""
    rows = Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list(
        "blocker_id", "blocked_id"
    )
    return {other for pair in rows for other in pair if other != user_id}


def blocked_q(user_id: int, owner_field: str) -> Q:
    """Rows whose owner is in a block relation with `user_id`, either way: two indexed
    subqueries, no round trip of their own."""
    return Q(
        **{f"{owner_field}__in": Block.objects.filter(blocker_id=user_id).values("blocked")}
    ) | Q(**{f"{owner_field}__in": Block.objects.filter(blocked_id=user_id).values("blocker")})


def muted(user_id: int) -> QuerySet:
    return Mute.objects.filter(muter_id=user_id).values_list("muted", flat=True)


def connections(user_id: int) -> QuerySet:
    """A subquery of the ids connected to `user_id` (for `__in`)."""
    return Connection.objects.user_ids_connected_to(user_id).values_list("other", flat=True)


def connected_among(user_id: int, ids: Iterable[int]) -> set[int]:
    ids = list(ids)
    rows = Connection.objects.filter(
        Q(user_low_id=user_id, user_high_id__in=ids) | Q(user_high_id=user_id, user_low_id__in=ids)
    ).values_list("user_low_id", "user_high_id")
    return {other for pair in rows for other in pair if other != user_id}


def connected_row_q(user_id: int, owner_field: str) -> Q:
    """Rows whose owner is connected to `user_id`, checked row by row: two lookups in the
    (user_low, user_high) unique index per row, instead of building the set of all the
    viewer's connections (5,000 rows for a large network) before filtering."""
    owner = OuterRef(owner_field)
    return Q(
        Exists(
            Connection.objects.filter(
                Q(user_low_id=user_id, user_high=owner) | Q(user_low=owner, user_high_id=user_id)
            )
        )
    )
