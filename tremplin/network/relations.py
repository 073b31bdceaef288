"""The network's relations, as the viewer asks them (tremplin.core.viewer): blocks either
way, mutes, and connections. Registered from hooks.py; these are the only definitions of
"blocked either way" and "connected" that rules outside this app use."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from tremplin.core.compiled import LIST_CAPACITY, CompiledQuery, Input
from tremplin.network.models import Block, Connection, Mute


def _blocked_query(variant: Any, user_id: int) -> QuerySet:
    return Block.objects.filter(Q(blocker_id=user_id) | Q(blocked_id=user_id)).values_list(
        "blocker_id", "blocked_id"
    )


# Most pages ask these two of their viewer (a profile page both): compiled once per
# process (tremplin.core.compiled), as building them cost more than running them.
BLOCKED = CompiledQuery(_blocked_query, user_id=Input.number)


def blocked(user_id: int) -> set[int]:
    """Members in a block relation with `user_id`, either way (one query)."""
    rows = BLOCKED.run(user_id=user_id)
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


def _connected_query(size: int | None, user_id: int, ids: list[int]) -> QuerySet:
    among = ids if size is None else ids[:size]
    return Connection.objects.filter(
        Q(user_low_id=user_id, user_high_id__in=among)
        | Q(user_high_id=user_id, user_low_id__in=among)
    ).values_list("user_low_id", "user_high_id")


CONNECTED_AMONG = CompiledQuery(_connected_query, user_id=Input.number, ids=Input.numbers)


def connected_among(user_id: int, ids: Iterable[int]) -> set[int]:
    ids = list(dict.fromkeys(ids))
    if not ids:
        return set()
    rows: Iterable[tuple[int, int]]
    if len(ids) <= LIST_CAPACITY:  # a profile page asks one; a page of names, a few
        rows = CONNECTED_AMONG.run(len(ids), user_id=user_id, ids=ids)
    else:
        rows = _connected_query(None, user_id, ids)
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
