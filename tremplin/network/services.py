"""Network actions, shared by the pages and the API (reads are in `queries.py`).

Refusals are `NetworkError`s (`tremplin.core.refusals`): pages show the message, the
API's global handler answers with the status of its code ("blocked" is a 404 here: a
block hides the member).

"Blocked either way" and "connected" are asked here of the database, inside the write's
transaction, rather than of the viewer (`core.viewer`, which may remember what a request
read earlier): these are the writes that change those relations, so the check must see
the rows as they are now.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.refusals import Refusal
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


class NetworkError(Refusal):
    """A business-rule refusal; `code` says which (self, blocked, connected, pending,
    rate_limited, transition, invalid)."""

    area = "network"


# ------------------------------------------------------------------ connections


@transaction.atomic
def connect(a: Any, b: Any) -> Connection:
    """Record that two members are connected (idempotent)."""
    low, high = sorted([a, b], key=lambda u: u.pk)
    connection, _ = Connection.objects.get_or_create(user_low=low, user_high=high)
    return connection


def is_blocked_either_way(a: Any, b: Any) -> bool:
    return Block.objects.between_either_way(a, b).exists()


def are_connected(a: Any, b: Any) -> bool:
    return Connection.objects.between(a, b).exists()


def sent_in_window(user: Any) -> int:
    return ConnectionRequest.objects.filter(
        from_user=user, created__gte=timezone.now() - RATE_WINDOW
    ).count()


def _move(request: ConnectionRequest, status: str) -> ConnectionRequest:
    """The one place a request changes state, along `REQUEST_TRANSITIONS`."""
    REQUEST_TRANSITIONS.check(
        request.status, status, NetworkError, str(_("This request has already been answered."))
    )
    request.status = status
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at"])
    return request


@transaction.atomic
def request_connection(sender: Any, recipient: Any, note: str = "") -> ConnectionRequest:
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


def _answer(user: Any, request: ConnectionRequest, status: str) -> ConnectionRequest:
    if request.to_user_id != user.pk:
        raise PermissionDenied
    return _move(request, status)


@transaction.atomic
def accept(user: Any, request: ConnectionRequest) -> ConnectionRequest:
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
def decline(user: Any, request: ConnectionRequest) -> ConnectionRequest:
    return _answer(user, request, RequestStatus.DECLINED)


@transaction.atomic
def ignore(user: Any, request: ConnectionRequest) -> ConnectionRequest:
    """Put a request aside; the sender still sees it as pending."""
    return _answer(user, request, RequestStatus.IGNORED)


@transaction.atomic
def withdraw(user: Any, request: ConnectionRequest) -> ConnectionRequest:
    if request.from_user_id != user.pk:
        raise PermissionDenied
    return _move(request, RequestStatus.WITHDRAWN)


@transaction.atomic
def remove_connection(user: Any, other: Any) -> bool:
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


def _target(person: Any = None, organization: Any = None, hashtag: str | None = None) -> dict:
    given = [t for t in (person, organization, hashtag) if t is not None]
    if len(given) != 1:
        raise ValueError("follow exactly one person, organisation or hashtag")
    if person is not None:
        return {"user": person}
    if organization is not None:
        return {"organization": organization}
    return {"hashtag__name": normalise_hashtag(hashtag or "")}


@transaction.atomic
def follow(
    user: Any, *, person: Any = None, organization: Any = None, hashtag: str | None = None
) -> Follow:
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
def unfollow(
    user: Any, *, person: Any = None, organization: Any = None, hashtag: str | None = None
) -> bool:
    target = _target(person, organization, hashtag)
    deleted, _ = Follow.objects.filter(follower=user, **target).delete()
    return bool(deleted)


# ------------------------------------------------------------------ blocks and mutes


@transaction.atomic
def block(blocker: Any, blocked: Any) -> Block:
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
def unblock(blocker: Any, blocked: Any) -> bool:
    deleted, _ = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    return bool(deleted)


@transaction.atomic
def mute(muter: Any, muted: Any) -> Mute:
    """Mute: `muted`'s posts leave `muter`'s feed. Nothing else changes; no one is told."""
    if muter.pk == muted.pk:
        raise NetworkError(_("You cannot mute yourself."), code="self")
    found, _created = Mute.objects.get_or_create(muter=muter, muted=muted)
    return found


@transaction.atomic
def unmute(muter: Any, muted: Any) -> bool:
    deleted, _ = Mute.objects.filter(muter=muter, muted=muted).delete()
    return bool(deleted)
