"""Who may see what: the audiences a section or an item can be shown to, and the two
questions every model's `visible_to` asks of them.

`audiences_of(viewer, owner)` answers for one owner (a profile page); `audience_q()`
answers for a whole queryset (search, lists, API) in one SQL filter. Both read the
same relations (connections, active counselling cases, blocks), so they cannot disagree.

A block overrides every audience: when either member has blocked the other, neither
belongs to any audience of the other, not even "public".
"""

from __future__ import annotations

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors who are not signed in")
    MEMBERS = "members", _("Signed-in members")
    CONNECTIONS = "connections", _("My connections")
    COUNSELLORS = "counsellors", _("My counsellors")
    ONLY_ME = "only_me", _("Only me")


def _connected_ids(viewer):
    from tremplin.network.models import Connection

    return Connection.objects.user_ids_connected_to(viewer)


def _client_ids(viewer):
    from tremplin.counselling.models import Case, Scope

    return Case.objects.granting(Scope.PROFILE).filter(counsellor=viewer).values("client_id")


def _blocked_q(viewer, owner_field: str) -> Q:
    """Rows whose owner is in a block relation with `viewer`, either way."""
    from tremplin.network.models import Block

    return Q(**{f"{owner_field}__in": Block.objects.filter(blocker=viewer).values("blocked")}) | Q(
        **{f"{owner_field}__in": Block.objects.filter(blocked=viewer).values("blocker")}
    )


def audiences_of(viewer, owner) -> set[str]:
    """The audiences that `viewer` belongs to with respect to `owner`; empty when
    either has blocked the other."""
    if viewer is None or not viewer.is_authenticated:
        return {Audience.PUBLIC}
    if viewer.pk == owner.pk:
        return set(Audience.values)
    from tremplin.counselling.models import Case, Scope
    from tremplin.network.models import Block, Connection

    if Block.objects.between_either_way(viewer, owner).exists():
        return set()
    found: set[str] = {Audience.PUBLIC, Audience.MEMBERS}

    if Connection.objects.between(viewer, owner).exists():
        found.add(Audience.CONNECTIONS)
    if Case.objects.granting(Scope.PROFILE).filter(counsellor=viewer, client=owner).exists():
        found.add(Audience.COUNSELLORS)
    return found


def _connected_to_row_q(viewer, owner_field: str) -> Q:
    """Rows whose owner is connected to `viewer`, checked row by row: two lookups in the
    (user_low, user_high) unique index per row, instead of building the set of all the
    viewer's connections (5,000 rows for a large network) before filtering."""
    from tremplin.network.models import Connection

    owner = OuterRef(owner_field)
    return Q(
        Exists(
            Connection.objects.filter(
                Q(user_low=viewer, user_high=owner) | Q(user_low=owner, user_high=viewer)
            )
        )
    )


def audience_q(viewer, field: str, owner_field: str, *, by_row: bool = False) -> Q:
    """A filter keeping rows whose `field` audience includes `viewer`.

    `owner_field` is the path to the owning user (e.g. "user" on Profile). Owners in a
    block relation with `viewer` (either way) are excluded whatever the audience.

    `by_row=True` checks "connections" row by row (an EXISTS per row): better when the
    query reads few rows (a page of items by id, a LIMIT over an ordered scan); the
    default builds the viewer's set of connections once (better to filter many rows).
    """
    public = Q(**{field: Audience.PUBLIC})
    if viewer is None or not viewer.is_authenticated:
        return public
    if by_row:
        connected = Q(**{field: Audience.CONNECTIONS}) & _connected_to_row_q(viewer, owner_field)
    else:
        connected = Q(**{field: Audience.CONNECTIONS, f"{owner_field}__in": _connected_ids(viewer)})
    return (
        public
        | Q(**{field: Audience.MEMBERS})
        | connected
        | Q(**{field: Audience.COUNSELLORS, f"{owner_field}__in": _client_ids(viewer)})
        | Q(**{owner_field: viewer})
    ) & ~_blocked_q(viewer, owner_field)
