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
from django.db.models import Q
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
    from tremplin.counselling.models import Case

    return Case.objects.active().filter(counsellor=viewer).values("client_id")


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
    from tremplin.counselling.models import Case
    from tremplin.network.models import Block, Connection

    if Block.objects.between_either_way(viewer, owner).exists():
        return set()
    found: set[str] = {Audience.PUBLIC, Audience.MEMBERS}

    if Connection.objects.between(viewer, owner).exists():
        found.add(Audience.CONNECTIONS)
    if Case.objects.active().filter(counsellor=viewer, client=owner).exists():
        found.add(Audience.COUNSELLORS)
    return found


def audience_q(viewer, field: str, owner_field: str) -> Q:
    """A filter keeping rows whose `field` audience includes `viewer`.

    `owner_field` is the path to the owning user (e.g. "user" on Profile). Owners in a
    block relation with `viewer` (either way) are excluded whatever the audience.
    """
    public = Q(**{field: Audience.PUBLIC})
    if viewer is None or not viewer.is_authenticated:
        return public
    return (
        public
        | Q(**{field: Audience.MEMBERS})
        | Q(**{field: Audience.CONNECTIONS, f"{owner_field}__in": _connected_ids(viewer)})
        | Q(**{field: Audience.COUNSELLORS, f"{owner_field}__in": _client_ids(viewer)})
        | Q(**{owner_field: viewer})
    ) & ~_blocked_q(viewer, owner_field)
