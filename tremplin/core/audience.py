"""Who may see what: the audiences a section or an item can be shown to, and the two
questions every model's `visible_to` asks of them.

`audiences_of(viewer, owner)` answers for one owner (a profile page); `audience_q()`
answers for a whole queryset (search, lists, API) in one SQL filter. Both read the
same relations (connections, active counselling cases, blocks), so they cannot disagree:
the apps that own those relations provide them to `core.viewer` (network: blocks and
connections; counselling: the clients who granted the profile scope), and both answers
read them there.

A block overrides every audience: when either member has blocked the other, neither
belongs to any audience of the other, not even "public".
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tremplin.core.viewer import facts, viewer_of


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors who are not signed in")
    MEMBERS = "members", _("Signed-in members")
    CONNECTIONS = "connections", _("My connections")
    COUNSELLORS = "counsellors", _("My counsellors")
    ONLY_ME = "only_me", _("Only me")


# The consent scope under which a counsellor sees a client's "my counsellors" sections
# (counselling.Scope.PROFILE).
PROFILE_SCOPE = "profile"

NOTHING = Q(pk__in=[])


def in_audience(viewer: Any, owner: Any, audience: str) -> bool:
    """Whether `viewer` belongs to `audience` with respect to `owner` (the answer of
    `audience in audiences_of(viewer, owner)`), asking only the relation that audience
    needs: a section shown to members asks nothing but the blocks, one shown to
    connections asks the connection, one shown to "my counsellors" the consent."""
    asking = viewer_of(viewer)
    if not asking.is_authenticated:
        return audience == Audience.PUBLIC
    if asking.id == owner.pk:
        return audience in Audience.values
    if asking.blocks_either_way(owner.pk):
        return False
    if audience in (Audience.PUBLIC, Audience.MEMBERS):
        return True
    if audience == Audience.CONNECTIONS:
        return asking.is_connected_to(owner.pk)
    if audience == Audience.COUNSELLORS:
        return asking.counsels(owner.pk, PROFILE_SCOPE)
    return False


def audiences_of(viewer, owner) -> set[str]:
    """The audiences that `viewer` belongs to with respect to `owner`; empty when
    either has blocked the other. Each relation is asked once per request (core.viewer)."""
    asking = viewer_of(viewer)
    return {audience for audience in Audience.values if in_audience(asking, owner, audience)}


def blocked_q(viewer, owner_field: str) -> Q:
    """Rows whose owner is in a block relation with `viewer`, either way (SQL only)."""
    asking = viewer_of(viewer)
    provider = facts.get("blocked_q")
    if provider is None or asking.id is None:
        return NOTHING
    return provider(asking.id, owner_field)


def connected_q(viewer, owner_field: str, *, by_row: bool = False) -> Q:
    """Rows whose owner is connected to `viewer`. `by_row=True` checks row by row (an
    EXISTS per row): better when the query reads few rows (a page of items by id, a LIMIT
    over an ordered scan); the default builds the viewer's set of connections once
    (better to filter many rows)."""
    asking = viewer_of(viewer)
    if asking.id is None:
        return NOTHING
    if by_row:
        provider = facts.get("connected_row_q")
        return provider(asking.id, owner_field) if provider is not None else NOTHING
    return Q(**{f"{owner_field}__in": asking.relation("connections")})


def audience_q(viewer, field: str, owner_field: str, *, by_row: bool = False) -> Q:
    """A filter keeping rows whose `field` audience includes `viewer`.

    `owner_field` is the path to the owning user (e.g. "user" on Profile). Owners in a
    block relation with `viewer` (either way) are excluded whatever the audience.
    """
    public = Q(**{field: Audience.PUBLIC})
    asking = viewer_of(viewer)
    if not asking.is_authenticated:
        return public
    connected = Q(**{field: Audience.CONNECTIONS}) & connected_q(asking, owner_field, by_row=by_row)
    counselled = Q(
        **{
            field: Audience.COUNSELLORS,
            f"{owner_field}__in": asking.relation("clients", PROFILE_SCOPE),
        }
    )
    return (
        public
        | Q(**{field: Audience.MEMBERS})
        | connected
        | counselled
        | Q(**{owner_field: asking.id})
    ) & ~blocked_q(asking, owner_field)
