"""Network actions, shared by the pages and the API.

Refusals are `NetworkError`s (a `ValidationError` with a `code`): pages show the message,
the API maps the code to a status (see `tremplin.network.api.STATUS_FOR`).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.network.hooks import CONNECTION_ACCEPTED, CONNECTION_REQUEST
from tremplin.network.models import (
    NOTE_MAX_LENGTH,
    REQUEST_TRANSITIONS,
    Block,
    Connection,
    ConnectionRequest,
    Follow,
    Hashtag,
    Mute,
    RequestStatus,
)
from tremplin.notifications.services import notify

# At most this many requests sent in RATE_WINDOW: stops bulk invitations.
RATE_LIMIT = 100
RATE_WINDOW = timedelta(days=7)

# Letters (Latin-1, so French is covered), digits, "-" and "_"; lowercased when stored.
HASHTAG_PATTERN = r"^[0-9a-zA-ZÀ-ÖØ-öø-ÿ][0-9a-zA-ZÀ-ÖØ-öø-ÿ_-]{0,49}$"
HASHTAG_RE = re.compile(HASHTAG_PATTERN)


class NetworkError(ValidationError):
    """A business-rule refusal; `code` says which (self, blocked, connected, pending,
    rate_limited, transition, invalid)."""


# ------------------------------------------------------------------ connections


@transaction.atomic
def connect(a, b) -> Connection:
    """Record that two members are connected (idempotent)."""
    low, high = sorted([a, b], key=lambda u: u.pk)
    connection, _ = Connection.objects.get_or_create(user_low=low, user_high=high)
    return connection


def is_blocked_either_way(a, b) -> bool:
    return Block.objects.between_either_way(a, b).exists()


def are_connected(a, b) -> bool:
    return Connection.objects.between(a, b).exists()


def sent_in_window(user) -> int:
    return ConnectionRequest.objects.filter(
        from_user=user, created__gte=timezone.now() - RATE_WINDOW
    ).count()


def _move(request: ConnectionRequest, status: str) -> ConnectionRequest:
    """The one place a request changes state, along `REQUEST_TRANSITIONS`."""
    if status not in REQUEST_TRANSITIONS[RequestStatus(request.status)]:
        raise NetworkError(_("This request has already been answered."), code="transition")
    request.status = status
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at"])
    return request


@transaction.atomic
def request_connection(sender, recipient, note: str = "") -> ConnectionRequest:
    """Ask `recipient` to connect. If `recipient` already asked `sender`, that request
    is accepted instead (and returned)."""
    note = (note or "").strip()
    if sender.pk == recipient.pk:
        raise NetworkError(_("You cannot connect with yourself."), code="self")
    if len(note) > NOTE_MAX_LENGTH:
        raise NetworkError(
            _("The note is too long: %(max)d characters at most.") % {"max": NOTE_MAX_LENGTH},
            code="invalid",
        )
    if is_blocked_either_way(sender, recipient):
        raise NetworkError(_("You cannot connect with this member."), code="blocked")
    if are_connected(sender, recipient):
        raise NetworkError(_("You are already connected."), code="connected")
    if ConnectionRequest.objects.sent_by(sender).filter(to_user=recipient).exists():
        raise NetworkError(_("Your request is already waiting for an answer."), code="pending")
    theirs = (
        ConnectionRequest.objects.select_for_update()
        .open()
        .filter(from_user=recipient, to_user=sender)
        .first()
    )
    if theirs is not None:
        return accept(sender, theirs)
    if sent_in_window(sender) >= RATE_LIMIT:
        raise NetworkError(
            _(
                "You have sent %(limit)d connection requests in the last 7 days, the most "
                "allowed. Try again in a few days."
            )
            % {"limit": RATE_LIMIT},
            code="rate_limited",
        )
    try:
        with transaction.atomic():
            made = ConnectionRequest.objects.create(from_user=sender, to_user=recipient, note=note)
    except IntegrityError as error:  # the same request sent twice at once
        raise NetworkError(
            _("Your request is already waiting for an answer."), code="pending"
        ) from error
    notify(recipient, CONNECTION_REQUEST, actor=sender, target=made)
    return made


def _answer(user, request: ConnectionRequest, status: str) -> ConnectionRequest:
    if request.to_user_id != user.pk:
        raise PermissionDenied
    return _move(request, status)


@transaction.atomic
def accept(user, request: ConnectionRequest) -> ConnectionRequest:
    _answer(user, request, RequestStatus.ACCEPTED)
    connect(request.from_user, request.to_user)
    # Links to the new connection's profile (shown only while the requester may see it).
    notify(
        request.from_user,
        CONNECTION_ACCEPTED,
        actor=request.to_user,
        target=getattr(request.to_user, "profile", None),
    )
    return request


@transaction.atomic
def decline(user, request: ConnectionRequest) -> ConnectionRequest:
    return _answer(user, request, RequestStatus.DECLINED)


@transaction.atomic
def ignore(user, request: ConnectionRequest) -> ConnectionRequest:
    """Put a request aside; the sender still sees it as pending."""
    return _answer(user, request, RequestStatus.IGNORED)


@transaction.atomic
def withdraw(user, request: ConnectionRequest) -> ConnectionRequest:
    if request.from_user_id != user.pk:
        raise PermissionDenied
    return _move(request, RequestStatus.WITHDRAWN)


@transaction.atomic
def remove_connection(user, other) -> bool:
    deleted, _ = Connection.objects.between(user, other).delete()
    return bool(deleted)


# ------------------------------------------------------------------ follows


def normalise_hashtag(name: str) -> str:
    name = (name or "").strip().lstrip("#").strip().lower()
    if not HASHTAG_RE.match(name):
        raise NetworkError(
            _("A hashtag is one word of letters, digits, - or _ (50 characters at most)."),
            code="invalid",
        )
    return name


def _target(person=None, organization=None, hashtag: str | None = None) -> dict:
    given = [t for t in (person, organization, hashtag) if t is not None]
    if len(given) != 1:
        raise ValueError("follow exactly one person, organisation or hashtag")
    if person is not None:
        return {"user": person}
    if organization is not None:
        return {"organization": organization}
    return {"hashtag__name": normalise_hashtag(hashtag or "")}


@transaction.atomic
def follow(user, *, person=None, organization=None, hashtag: str | None = None) -> Follow:
    target = _target(person, organization, hashtag)
    if person is not None:
        if person.pk == user.pk:
            raise NetworkError(_("You cannot follow yourself."), code="self")
        if is_blocked_either_way(user, person):
            raise NetworkError(_("You cannot follow this member."), code="blocked")
    if "hashtag__name" in target:
        tag, _created = Hashtag.objects.get_or_create(name=target.pop("hashtag__name"))
        target = {"hashtag": tag}
    found, _created = Follow.objects.get_or_create(follower=user, **target)
    return found


@transaction.atomic
def unfollow(user, *, person=None, organization=None, hashtag: str | None = None) -> bool:
    target = _target(person, organization, hashtag)
    deleted, _ = Follow.objects.filter(follower=user, **target).delete()
    return bool(deleted)


def is_following(user, *, person=None, organization=None) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(follower=user, **_target(person, organization)).exists()


# ------------------------------------------------------------------ blocks and mutes


@transaction.atomic
def block(blocker, blocked) -> Block:
    """Block: the two no longer see each other; their connection, open requests (both
    ways) and follows (both ways) end. The blocked member is not told."""
    if blocker.pk == blocked.pk:
        raise NetworkError(_("You cannot block yourself."), code="self")
    found, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    Connection.objects.between(blocker, blocked).delete()
    open_requests = ConnectionRequest.objects.select_for_update().open()
    for request in open_requests.filter(from_user=blocker, to_user=blocked):
        _move(request, RequestStatus.WITHDRAWN)
    for request in open_requests.filter(from_user=blocked, to_user=blocker):
        _move(request, RequestStatus.DECLINED)
    Follow.objects.filter(
        Q(follower=blocker, user=blocked) | Q(follower=blocked, user=blocker)
    ).delete()
    return found


@transaction.atomic
def unblock(blocker, blocked) -> bool:
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


@transaction.atomic
def mute(muter, muted) -> Mute:
    """Mute: `muted`'s posts leave `muter`'s feed. Nothing else changes; no one is told."""
    if muter.pk == muted.pk:
        raise NetworkError(_("You cannot mute yourself."), code="self")
    found, _created = Mute.objects.get_or_create(muter=muter, muted=muted)
    return found


@transaction.atomic
def unmute(muter, muted) -> bool:
    deleted, _ = Mute.objects.filter(muter=muter, muted=muted).delete()
    return bool(deleted)


def muted_ids(user):
    """A subquery of the ids `user` muted, for the feed."""
    return Mute.objects.filter(muter=user).values("muted")


# ------------------------------------------------------------------ the relation, for pages


def relation(viewer, other) -> dict:
    """Everything the profile page's buttons need, in a few indexed lookups."""
    if not viewer.is_authenticated or viewer.pk == other.pk:
        return {}
    sent = ConnectionRequest.objects.sent_by(viewer).filter(to_user=other).first()
    received = ConnectionRequest.objects.received_by(viewer).filter(from_user=other).first()
    return {
        "connected": are_connected(viewer, other),
        "sent": sent,
        "received": received,
        "following": Follow.objects.filter(follower=viewer, user=other).exists(),
        "blocked": Block.objects.filter(blocker=viewer, blocked=other).exists(),
        "muted": Mute.objects.filter(muter=viewer, muted=other).exists(),
    }


# ------------------------------------------------------------------ suggestions

# Each source of candidates is capped, so scoring stays bounded however big the network.
FRIENDS_SAMPLED = 200
CANDIDATES_PER_SOURCE = 200


def _mutual_counts(user) -> dict[int, int]:
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


def suggestions(user, limit: int = 10) -> list[dict]:
    """People the member may know, best first: ranked by mutual connections, then
    shared organisations, then shared skills and interests, then same region, then same
    service language. Never themselves, their connections, people with an open request
    either way, people blocked either way, or profiles they may not see.

    Each entry: {"profile", "mutual", "organizations", "shared", "region", "language"}.
    """
    from tremplin.core.audience import audience_q
    from tremplin.organizations.models import Membership
    from tremplin.profiles.models import Profile, Skill

    if not user.is_authenticated:
        return []
    me = Profile.objects.filter(user=user).first()
    mutual = _mutual_counts(user)
    candidate_ids: set[int] = set(mutual)

    my_orgs = Membership.objects.filter(user=user).values("organization")
    org_counts: dict[int, int] = {}
    for row in (
        Membership.objects.filter(organization__in=my_orgs)
        .exclude(user=user)
        .values("user")
        .annotate(n=Count("organization", distinct=True))
        .order_by("-n")[:CANDIDATES_PER_SOURCE]
    ):
        org_counts[row["user"]] = row["n"]
    candidate_ids |= set(org_counts)

    my_skills = list(Skill.objects.filter(profile__user=user).values_list("name", flat=True))
    skill_counts: dict[int, int] = {}
    if my_skills:
        # Only skills the member may see count: a suggestion must not reveal hidden ones.
        visible_skills = Profile.objects.filter(audience_q(user, "skills_visibility", "user"))
        for match in (
            Skill.objects.filter(name__in=my_skills, profile__in=visible_skills.values("pk"))
            .exclude(profile__user=user)
            .values("profile__user")
            .annotate(n=Count("id"))
            .order_by("-n")[:CANDIDATES_PER_SOURCE]
        ):
            skill_counts[match["profile__user"]] = match["n"]
        candidate_ids |= set(skill_counts)

    # Newcomers with no signal yet still get someone: the most recent members they may
    # see (walks the primary key index backwards, stops after a few rows).
    if len(candidate_ids) < limit:
        candidate_ids |= set(
            Profile.objects.visible_to(user)
            .exclude(user=user)
            .order_by("-pk")
            .values_list("user_id", flat=True)[:50]
        )

    candidate_ids.discard(user.pk)
    if not candidate_ids:
        return []
    ids = list(candidate_ids)
    excluded: set[int] = set()
    excluded |= set(
        Connection.objects.filter(user_low=user, user_high__in=ids).values_list(
            "user_high", flat=True
        )
    )
    excluded |= set(
        Connection.objects.filter(user_high=user, user_low__in=ids).values_list(
            "user_low", flat=True
        )
    )
    for request in (
        ConnectionRequest.objects.open()
        .filter(Q(from_user=user, to_user__in=ids) | Q(to_user=user, from_user__in=ids))
        .values_list("from_user", "to_user")
    ):
        excluded |= set(request)
    # Blocks need no step here: visible_to() below leaves out blocked profiles.
    profiles = (
        Profile.objects.visible_to(user)
        .filter(user_id__in=[i for i in ids if i not in excluded])
        .select_related("user")
    )
    my_interests = {i.casefold() for i in me.interest_list} if me else set()
    interests_shown = (
        set(
            profiles.filter(audience_q(user, "interests_visibility", "user")).values_list(
                "pk", flat=True
            )
        )
        if my_interests
        else set()
    )
    entries = []
    for profile in profiles:
        interests = (
            len(my_interests & {i.casefold() for i in profile.interest_list})
            if profile.pk in interests_shown
            else 0
        )
        entries.append(
            {
                "profile": profile,
                "mutual": mutual.get(profile.user_id, 0),
                "organizations": org_counts.get(profile.user_id, 0),
                "shared": skill_counts.get(profile.user_id, 0) + interests,
                "region": bool(me and me.region and profile.region == me.region),
                "language": bool(me and profile.service_language == me.service_language),
            }
        )
    entries.sort(
        key=lambda e: (
            e["mutual"],
            e["organizations"],
            e["shared"],
            e["region"],
            e["language"],
            e["profile"].pk,
        ),
        reverse=True,
    )
    return entries[:limit]
