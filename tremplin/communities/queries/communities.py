"""The read path of the communities part: a community the viewer may see (or 404), its
members, its join requests, invitations and bans (moderators), and "my communities".
Every read goes through the models' rules: `Community.objects.visible_to` (the page),
`Membership.objects.visible_to` (the rows), `Invitation.objects.visible_to`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from tremplin.communities.models import (
    Community,
    Invitation,
    Membership,
    MembershipStatus,
    Role,
)
from tremplin.core.reads import visible_or_404
from tremplin.profiles.models import Profile

MEMBERS_PAGE = 50
TAB_MEMBERS = 24
LIST_CAP = 200
NEW_DAYS = 14

# Owners first, then moderators, then members; the earliest first within each.
ROLE_ORDER = Case(
    When(role=Role.OWNER, then=Value(0)),
    When(role=Role.MODERATOR, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def community_or_404(viewer: Any, slug: str) -> Community:
    """The community whose page the viewer may see; anything else is a 404 (a secret
    community's existence is never confirmed)."""
    found = Community.objects.visible_to(viewer).select_related("organization")
    return visible_or_404(found, slug=slug)


def community_by_pk_or_404(viewer: Any, pk: int) -> Community:
    found = Community.objects.visible_to(viewer).select_related("organization")
    return visible_or_404(found, pk=pk)


def membership_of(viewer: Any, community: Community) -> Membership | None:
    """The viewer's own membership row (any status), or None."""
    return community.membership_of(viewer)


def moderated_or_404(viewer: Any, slug: str) -> Community:
    """A community the viewer moderates (its management pages), else 404."""
    return visible_or_404(
        Community.objects.moderated_by(viewer).select_related("organization"), slug=slug
    )


def _members(viewer: Any, community: Community, moderates: bool) -> QuerySet[Membership]:
    """Active members, owners and moderators first. Others see only the members whose
    profile they may see (the rest are counted, not named); moderators see everyone."""
    rows = Membership.objects.visible_to(viewer).filter(
        community=community, status=MembershipStatus.ACTIVE
    )
    if not moderates:
        rows = rows.filter(user__profile__in=Profile.objects.visible_to(viewer).values("pk"))
    return (
        rows.select_related("user__profile")
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "joined", "pk")
    )


def _flag_new(rows: list[Membership]) -> list[Membership]:
    """The "new member" flag moderators see: joined in the last NEW_DAYS days."""
    since = timezone.now() - timedelta(days=NEW_DAYS)
    for row in rows:
        row.is_new = row.joined is not None and row.joined > since  # type: ignore[attr-defined]
    return rows


def members_page(viewer: Any, community: Community, number: Any) -> Page:
    """One page of the active members (50 a page); nothing when the viewer may not read
    the community's content (the rows' own rule)."""
    moderates = community.is_moderated_by(viewer)
    paginator = Paginator(
        _members(viewer, community, moderates), MEMBERS_PAGE, allow_empty_first_page=True
    )
    page = paginator.get_page(number)
    page.object_list = _flag_new(list(page.object_list))
    return page


def members_tab(community: Any, viewer: Any) -> dict[str, Any]:
    """The "Members" tab: the first members and, for moderators, the banned ones."""
    moderates = community.is_moderated_by(viewer)
    members = _flag_new(list(_members(viewer, community, moderates)[:TAB_MEMBERS]))
    banned = list(banned_of(viewer, community)[:LIST_CAP]) if moderates else []
    return {"members": members, "moderates": moderates, "banned": banned}


def member_or_404(viewer: Any, community: Community, pk: Any) -> Membership:
    """One membership row of the community, as its rule lets the viewer see it."""
    found = Membership.objects.visible_to(viewer).filter(community=community)
    return visible_or_404(found.select_related("user__profile", "community"), pk=pk)


def requests_of(viewer: Any, community: Community) -> QuerySet[Membership]:
    """Join requests waiting, oldest first (moderators: the rule shows them no other)."""
    return (
        Membership.objects.visible_to(viewer)
        .filter(community=community, status=MembershipStatus.PENDING)
        .exclude(user=viewer)
        .select_related("user__profile")
        .order_by("created", "pk")[:LIST_CAP]
    )


def banned_of(viewer: Any, community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.visible_to(viewer)
        .filter(community=community, status=MembershipStatus.BANNED)
        .exclude(user=viewer)
        .select_related("user__profile")
        .order_by("-pk")
    )


def invitations_of(viewer: Any, community: Community) -> dict[str, Any]:
    """The usable links, and the people invited who have not answered."""
    mine = Invitation.objects.visible_to(viewer).filter(community=community)
    links = list(mine.usable().filter(invitee__isnull=True).order_by("-created")[:LIST_CAP])
    people = list(
        Membership.objects.visible_to(viewer)
        .filter(community=community, status=MembershipStatus.INVITED)
        .select_related("user__profile")
        .order_by("-created")[:LIST_CAP]
    )
    person_links = {
        i.invitee_id: i
        for i in mine.filter(invitee__in=[m.user_id for m in people], revoked__isnull=True)
    }
    for person in people:
        person.invitation = person_links.get(person.user_id)  # type: ignore[attr-defined]
    return {"links": links, "people": people}


def invitation_or_404(viewer: Any, community: Community, pk: Any) -> Invitation:
    found = Invitation.objects.visible_to(viewer).filter(community=community)
    return visible_or_404(found.select_related("community"), pk=pk)


def mine(user: Any) -> dict[str, list[Membership]]:
    """My communities: those I am in, my requests waiting, my invitations."""
    rows = (
        Membership.objects.filter(
            user=user,
            status__in=(
                MembershipStatus.ACTIVE,
                MembershipStatus.PENDING,
                MembershipStatus.INVITED,
            ),
        )
        .select_related("community__organization", "invited_by__profile")
        .order_by("-community__last_activity", "pk")[:LIST_CAP]
    )
    found: dict[str, list[Membership]] = {"active": [], "pending": [], "invited": []}
    for row in rows:
        found[row.status].append(row)
    return found


def not_yet_in(viewer: Any, candidates: Any, slug: str) -> Any:
    """The person picker's scope "community:<slug>" (registered in hooks_communities):
    people a moderator of the community may invite, i.e. not already a member, invited
    or banned; nobody at all for anyone who does not moderate it."""
    community = Community.objects.moderated_by(viewer).filter(slug=slug).first()
    if community is None:
        return candidates.none()
    taken = Membership.objects.filter(
        community=community,
        status__in=(MembershipStatus.ACTIVE, MembershipStatus.INVITED, MembershipStatus.BANNED),
    ).values("user_id")
    return candidates.exclude(user_id__in=taken)


def person_or_none(viewer: Any, handle: str) -> Any:
    """A member of Tremplin whose profile the viewer may see (to invite them), or None."""
    found = Profile.objects.visible_to(viewer).select_related("user").filter(handle=handle).first()
    return found.user if found is not None else None


def invited_or_404(user: Any, **community: Any) -> Membership:
    """My invitation to a community (found through my own row: a secret community's
    page is not mine to see before I accept)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = Membership.objects.filter(user=user, status=MembershipStatus.INVITED)
    lookup = {f"community__{key}": value for key, value in community.items()}
    return visible_or_404(found.select_related("community"), **lookup)
