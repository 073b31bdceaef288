"""The network: the read path. Connections, requests, follows, one's own block and mute
lists, the relation the profile page's buttons show, and "people you may know"; the
pages (`views.py`) and the API (`api.py`) both read them here.

People are found only through `Profile.objects.visible_to` (a block, either way, hides
them: a 404). One's own lists (blocks, mutes, follows) are the exception: they name the
people in them so that they can be undone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404

from tremplin.accounts.models import User
from tremplin.core.audience import audience_q
from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.network.models import (
    Block,
    BlockQuerySet,
    Connection,
    ConnectionRequest,
    ConnectionRequestQuerySet,
    Follow,
    Mute,
    MuteQuerySet,
)
from tremplin.organizations.models import Membership, Organization
from tremplin.profiles.models import Profile, ProfileQuerySet, Skill
from tremplin.profiles.queries import basics_match

LIST_CAP = 100

# ------------------------------------------------------------------ people


def person_or_404(viewer: Any, handle: str) -> Any:
    """The member behind a profile the viewer may see (themselves included), or 404."""
    return visible_or_404(Profile.objects.visible_to(viewer).for_list(), handle=handle).user


def other_person_or_404(viewer: Any, handle: str) -> Any:
    """The same, but never the viewer: one does not connect with, follow or block
    oneself from a page."""
    person = person_or_404(viewer, handle)
    if person.pk == viewer.pk:
        raise Http404
    return person


def organization_or_404(viewer: Any, slug: str) -> Organization:
    return visible_or_404(Organization.objects.visible_to(viewer), slug=slug)


def connections_of(user: Any, query: str = "") -> ProfileQuerySet:
    """The member's connections whose profiles they may see, by name."""
    found = (
        Profile.objects.visible_to(user)
        .for_list()
        .filter(user__in=Connection.objects.user_ids_connected_to(user))
    )
    if query:
        found = found.filter(basics_match(query))
    return found.order_by("display_name", "pk")


# ------------------------------------------------------------------ requests


def visible_requests(viewer: Any, mine: str) -> ConnectionRequestQuerySet:
    """`mine` is a ConnectionRequest queryset method (received_by, answerable_by,
    sent_by). Asking to connect shows the other person your name and headline even
    where your profile is hidden from them (otherwise a member who shows their profile
    to connections only could never connect); a block hides the request both ways."""
    other = "to_user" if mine == "sent_by" else "from_user"
    return (
        getattr(ConnectionRequest.objects, mine)(viewer)
        .exclude(**{f"{other}__in": Block.objects.ids_either_way(viewer)})
        .for_display()
    )


def request_or_404(viewer: Any, mine: str, pk: int) -> ConnectionRequest:
    """One request the viewer may answer (or withdraw); anyone else's is a 404."""
    return visible_or_404(visible_requests(viewer, mine), pk=pk)


def newest_requests(viewer: Any, mine: str, limit: int) -> list[ConnectionRequest]:
    """The newest requests, each with `person_visible`: whether the viewer may open the
    other person's profile (to link their name), asked in the same query."""
    other = "to_user" if mine == "sent_by" else "from_user"
    shown = Profile.objects.visible_to(viewer).filter(user=OuterRef(other))
    return list(
        visible_requests(viewer, mine)
        .annotate(person_visible=Exists(shown))
        .order_by("-created")[:limit]
    )


def request_by_pk(pk: int) -> ConnectionRequest:
    """A request the caller just made, with both people (to answer with)."""
    return ConnectionRequest.objects.for_display().get(pk=pk)


# ------------------------------------------------------------------ follows


def is_following(user: Any, *, person: Any = None, organization: Any = None) -> bool:
    if not user.is_authenticated:
        return False
    if person is not None:
        return Follow.objects.filter(follower=user, user=person).exists()
    return Follow.objects.filter(follower=user, organization=organization).exists()


@dataclass
class Follows:
    """One's own follows, by kind, each list by name."""

    people: list[Follow]
    organizations: list[Follow]
    hashtags: list[Follow]


def follows_made(user: Any, limit: int = LIST_CAP) -> Follows:
    """What the member follows: people whose profiles they may still see, organisations
    and hashtags, each kind by name and at most `limit` of each, in one query (a window
    numbers each kind's rows)."""
    kind = Case(
        When(user__isnull=False, then=Value("people")),
        When(organization__isnull=False, then=Value("organizations")),
        default=Value("hashtags"),
    )
    name = Coalesce("user__profile__display_name", "organization__name", "hashtag__name")
    visible = Profile.objects.visible_to(user).values("user")
    rows = (
        Follow.objects.filter(follower=user)
        .filter(Q(user__isnull=True) | Q(user__in=visible))
        .annotate(kind=kind, rank=Window(RowNumber(), partition_by=[kind], order_by=name.asc()))
        .filter(rank__lte=limit)
        .for_display()
        .order_by("rank")
    )
    found = Follows([], [], [])
    for follow in rows:
        getattr(found, follow.kind).append(follow)  # type: ignore[attr-defined]
    return found


def followed_profiles(user: Any, limit: int = 500) -> ProfileQuerySet:
    follows = Follow.objects.filter(follower=user)
    return (
        Profile.objects.visible_to(user)
        .filter(user__in=follows.values("user"))
        .order_by("display_name")[:limit]
    )


def followed_organizations(user: Any, limit: int = 500) -> Any:
    follows = Follow.objects.filter(follower=user)
    return Organization.objects.visible_to(user).filter(pk__in=follows.values("organization"))[
        :limit
    ]


def followed_hashtag_names(user: Any, limit: int = 500) -> list[str]:
    return list(
        Follow.objects.filter(follower=user, hashtag__isnull=False)
        .order_by("hashtag__name")
        .values_list("hashtag__name", flat=True)[:limit]
    )


# ------------------------------------------------------------------ one's own lists


def blocks_made(user: Any, limit: int = LIST_CAP) -> BlockQuerySet:
    """The people the member blocked: their names only, so they can be unblocked."""
    return Block.objects.filter(blocker=user).for_display()[:limit]


def mutes_made(user: Any, limit: int = LIST_CAP) -> MuteQuerySet:
    return Mute.objects.filter(muter=user).for_display()[:limit]


def muted_ids(user: Any) -> Any:
    """A subquery of the ids `user` muted."""
    return Mute.objects.filter(muter=user).values("muted")


# What each "undo" finds in one's own list: (model, my side, their side). A blocked
# member is hidden by the block, so undoing starts from the row, not the profile.
OWN_ROWS: dict[str, tuple[Any, str, str]] = {
    "unblock": (Block, "blocker", "blocked"),
    "unmute": (Mute, "muter", "muted"),
    "unfollow": (Follow, "follower", "user"),
}


def listed_person_or_404(user: Any, handle: str, action: str) -> Any:
    """The member at `handle` in one of the user's own lists (see OWN_ROWS), or 404."""
    model, me, them = OWN_ROWS[action]
    row = visible_or_404(
        model.objects.select_related(them), **{me: user, f"{them}__profile__handle": handle}
    )
    return getattr(row, them)


# ------------------------------------------------------------------ the profile page


@dataclass(frozen=True)
class OpenRequest:
    """An open request between the viewer and another member, as its buttons need it."""

    pk: int
    note: str = ""


def _relation_flags(connected: bool, viewer: Any, other: Any) -> QuerySet:
    """The viewer's follow, mute and block of `other`, and (between members who are not
    connected) the open requests between them, as one row."""
    flags: dict[str, Any] = {
        "following": Exists(Follow.objects.filter(follower=viewer, user=other)),
        "muted": Exists(Mute.objects.filter(muter=viewer, muted=other)),
        "blocked": Exists(Block.objects.filter(blocker=viewer, blocked=other)),
    }
    if not connected:
        sent = ConnectionRequest.objects.sent_by(viewer).filter(to_user=other).order_by("pk")
        received = ConnectionRequest.objects.received_by(viewer).filter(from_user=other)
        received = received.order_by("pk")
        flags["sent_pk"] = Subquery(sent.values("pk")[:1])
        flags["received_pk"] = Subquery(received.values("pk")[:1])
        flags["received_note"] = Subquery(received.values("note")[:1])
    return User.objects.filter(pk=other.pk).values(**flags).order_by("pk")[:1]


# Every profile page a member opens asks it: compiled once per process
# (tremplin.core.compiled), as building its five subqueries cost more than running them.
RELATION_FLAGS = CompiledQuery(_relation_flags, viewer=Input.user, other=Input.user)


def relation(viewer: Any, other: Any) -> dict[str, Any]:
    """Everything the profile page's buttons need, in one query beside what the viewer's
    relations know (connected: core.viewer, asked once per request): the open requests
    between the two (none to look for between connections), and the viewer's follow,
    mute and block of `other`."""
    if not viewer.is_authenticated or viewer.pk == other.pk:
        return {}
    connected = viewer_of(viewer).is_connected_to(other.pk)
    found = RELATION_FLAGS.run(connected, viewer=viewer, other=other)
    row: dict[str, Any] = found[0] if found else {}
    return {
        "connected": connected,
        "sent": OpenRequest(row["sent_pk"]) if row.get("sent_pk") else None,
        "received": (
            OpenRequest(row["received_pk"], row["received_note"])
            if row.get("received_pk")
            else None
        ),
        "following": bool(row.get("following")),
        "muted": bool(row.get("muted")),
        "blocked": bool(row.get("blocked")),
    }


# ------------------------------------------------------------------ suggestions

# Each source of candidates is capped, so scoring stays bounded however big the network.
FRIENDS_SAMPLED = 200
CANDIDATES_PER_SOURCE = 200
NEWCOMERS_SAMPLED = 50


@dataclass
class Shared:
    """What the member shares with each candidate, by user id."""

    mutual: dict[int, int]
    organizations: dict[int, int]
    skills: dict[int, int]


def _mutual_counts(user: Any) -> dict[int, int]:
    """Friends of friends (from my most recent FRIENDS_SAMPLED connections), with the
    number of connections we share, best first."""
    friends = list(
        Connection.objects.user_ids_connected_to(user)
        .order_by("-created")
        .values_list("other", flat=True)[:FRIENDS_SAMPLED]
    )
    if not friends:
        return {}
    counts: dict[int, int] = {}
    sides = (("user_low", "user_high"), ("user_high", "user_low"))
    for mine, theirs in sides:
        rows = (
            Connection.objects.filter(**{f"{mine}__in": friends})
            .exclude(**{theirs: user})
            .values(theirs)
            .annotate(n=Count("id"))
            .order_by("-n")[:CANDIDATES_PER_SOURCE]
        )
        for row in rows:
            counts[row[theirs]] = counts.get(row[theirs], 0) + row["n"]
    return counts


def _organization_counts(user: Any) -> dict[int, int]:
    """Members of my organisations (the viewer's, known already), with how many we
    share."""
    my_orgs = sorted(viewer_of(user).organization_ids())
    if not my_orgs:
        return {}
    rows = (
        Membership.objects.filter(organization__in=my_orgs)
        .exclude(user=user)
        .values("user")
        .annotate(n=Count("organization", distinct=True))
        .order_by("-n")[:CANDIDATES_PER_SOURCE]
    )
    return {row["user"]: row["n"] for row in rows}


def _skill_counts(user: Any) -> dict[int, int]:
    """Members with my skills, counting only skills I may see: a suggestion must not
    reveal hidden ones."""
    my_skills = Skill.objects.filter(profile__user=user).values("name")
    visible_skills = Profile.objects.filter(
        audience_q(user, "skills_visibility", "user", sections=True)
    )
    rows = (
        Skill.objects.filter(name__in=my_skills, profile__in=visible_skills.values("pk"))
        .exclude(profile__user=user)
        .values("profile__user")
        .annotate(n=Count("id"))
        .order_by("-n")[:CANDIDATES_PER_SOURCE]
    )
    return {row["profile__user"]: row["n"] for row in rows}


def _newcomers(user: Any) -> set[int]:
    """The most recent members the member may see (walks the primary key index
    backwards, stops after a few rows): so a newcomer with no signal gets someone."""
    return set(
        Profile.objects.visible_to(user)
        .exclude(user=user)
        .order_by("-pk")
        .values_list("user_id", flat=True)[:NEWCOMERS_SAMPLED]
    )


def _already_related(user: Any) -> Q:
    """Profiles of the member's connections and of people with an open request either
    way: subqueries of the candidates' own query, no round trip of their own."""
    requests = ConnectionRequest.objects.open()
    return (
        Q(user__in=Connection.objects.user_ids_connected_to(user).values("other"))
        | Q(user__in=requests.filter(from_user=user).values("to_user"))
        | Q(user__in=requests.filter(to_user=user).values("from_user"))
    )


def _entry(profile: Profile, me: Profile | None, shared: Shared, interests: int) -> dict:
    return {
        "profile": profile,
        "mutual": shared.mutual.get(profile.user_id, 0),
        "organizations": shared.organizations.get(profile.user_id, 0),
        "shared": shared.skills.get(profile.user_id, 0) + interests,
        "region": bool(me and me.region and profile.region == me.region),
        "language": bool(me and profile.service_language == me.service_language),
    }


def _rank(entry: dict) -> tuple:
    return (
        entry["mutual"],
        entry["organizations"],
        entry["shared"],
        entry["region"],
        entry["language"],
        entry["profile"].pk,
    )


def _score(user: Any, profiles: ProfileQuerySet, shared: Shared) -> list[dict]:
    """One entry per candidate profile, with shared interests counted only where the
    candidate's interests are visible to the member."""
    me = Profile.objects.filter(user=user).first()
    my_interests = {i.casefold() for i in me.interest_list} if me else set()
    interests_shown: set[int] = set()
    if my_interests:
        interests_shown = set(
            profiles.filter(
                audience_q(user, "interests_visibility", "user", sections=True)
            ).values_list("pk", flat=True)
        )
    entries = []
    for profile in profiles:
        interests = 0
        if profile.pk in interests_shown:
            interests = len(my_interests & {i.casefold() for i in profile.interest_list})
        entries.append(_entry(profile, me, shared, interests))
    return entries


def suggestions(user: Any, limit: int = 10) -> list[dict]:
    """People the member may know, best first: ranked by mutual connections, then
    shared organisations, then shared skills and interests, then same region, then same
    service language. Never themselves, their connections, people with an open request
    either way, people blocked either way, members hidden from search, or profiles they
    may not see. A fixed number
    of queries whatever the network's size.

    Each entry: {"profile", "mutual", "organizations", "shared", "region", "language"}.
    """
    if not user.is_authenticated:
        return []
    shared = Shared(_mutual_counts(user), _organization_counts(user), _skill_counts(user))
    candidate_ids = set(shared.mutual) | set(shared.organizations) | set(shared.skills)
    if len(candidate_ids) < limit:
        candidate_ids |= _newcomers(user)
    candidate_ids.discard(user.pk)
    if not candidate_ids:
        return []
    # Blocks need no step here: visible_to() leaves out blocked profiles.
    profiles = (
        Profile.objects.visible_to(user)
        .findable(user)
        .filter(user_id__in=sorted(candidate_ids))
        .exclude(_already_related(user))
        .for_list()
    )
    entries = _score(user, profiles, shared)
    entries.sort(key=_rank, reverse=True)
    return entries[:limit]
