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

Profile sections (and "open to work") have one more audience, "recruiters"
(`SectionAudience`): the owner's counsellors (profile scope, as "my counsellors") and
the recruiters and administrators of VERIFIED employers (`Viewer.is_verified_recruiter`),
minus the recruiters the owner keeps it from: those of an employer she names as her
current one (an experience with no end date, by the organisation's name, case folded)
or chooses to hide from. The profiles app provides that last relation (one Q, which
answers both `Viewer.kept_from` for one owner and `recruiter_q` for a queryset), so the
two answers cannot disagree either. The basics section (who finds her at all) and other
models' audiences (posts, events...) keep the five `Audience` choices, and their
`audience_q` never asks whether the viewer recruits (`sections=False`).
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


class SectionAudience(models.TextChoices):
    """The audiences of a profile section: `Audience` plus "recruiters"."""

    PUBLIC = Audience.PUBLIC.value, Audience.PUBLIC.label
    MEMBERS = Audience.MEMBERS.value, Audience.MEMBERS.label
    CONNECTIONS = Audience.CONNECTIONS.value, Audience.CONNECTIONS.label
    COUNSELLORS = Audience.COUNSELLORS.value, Audience.COUNSELLORS.label
    RECRUITERS = "recruiters", _("My counsellors and recruiters of verified employers")
    ONLY_ME = Audience.ONLY_ME.value, Audience.ONLY_ME.label


RECRUITERS = SectionAudience.RECRUITERS.value

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
        return audience in SectionAudience.values
    if asking.blocks_either_way(owner.pk):
        return False
    if audience in (Audience.PUBLIC, Audience.MEMBERS):
        return True
    if audience == Audience.CONNECTIONS:
        return asking.is_connected_to(owner.pk)
    if audience == Audience.COUNSELLORS:
        return asking.counsels(owner.pk, PROFILE_SCOPE)
    if audience == RECRUITERS:
        if asking.counsels(owner.pk, PROFILE_SCOPE):
            return True
        return asking.is_verified_recruiter and not asking.kept_from(owner.pk)
    return False


def audiences_of(viewer, owner) -> set[str]:
    """The audiences that `viewer` belongs to with respect to `owner`; empty when
    either has blocked the other. Each relation is asked once per request (core.viewer)."""
    asking = viewer_of(viewer)
    return {audience for audience in SectionAudience.values if in_audience(asking, owner, audience)}


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


def audience_q(
    viewer, field: str, owner_field: str, *, by_row: bool = False, sections: bool = False
) -> Q:
    """A filter keeping rows whose `field` audience includes `viewer`.

    `owner_field` is the path to the owning user (e.g. "user" on Profile). Owners in a
    block relation with `viewer` (either way) are excluded whatever the audience.
    `sections=True` for a `SectionAudience` field (profile sections, "open to work"):
    only those may say "recruiters", and only they ask whether the viewer recruits (the
    feed's page must not pay for a question its posts cannot raise).
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
    recruiting = NOTHING
    if sections:
        recruiting = Q(**{field: RECRUITERS}) & (
            Q(**{f"{owner_field}__in": asking.relation("clients", PROFILE_SCOPE)})
            | recruiter_q(asking, owner_field)
        )
    return (
        public
        | Q(**{field: Audience.MEMBERS})
        | connected
        | counselled
        | recruiting
        | Q(**{owner_field: asking.id})
    ) & ~blocked_q(asking, owner_field)


def recruiter_q(viewer, owner_field: str) -> Q:
    """Rows whose owner a verified employer's recruiter (`viewer`) may reach as a
    recruiter: none unless the viewer is one; never an owner who keeps it from the
    viewer's employers (her current employer, or one she hides from)."""
    asking = viewer_of(viewer)
    provider = facts.get("kept_from_recruiter_q")
    if provider is None or not asking.is_verified_recruiter:
        return NOTHING
    # Built once per viewer: it reads the employers' names (one query), and a search
    # page applies it to five audiences.
    kept = asking.remember((provider, owner_field), lambda: provider(asking.id, owner_field))
    return ~kept
