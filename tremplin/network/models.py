"""The network: connections and the requests that make them, follows, blocks and mutes.

`Connection` is the relation every "connections" audience reads; `Block` is read by
`tremplin.core.audience` too (a block hides both people from each other everywhere).
The request lifecycle is declared once, in `REQUEST_TRANSITIONS`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle

NOTE_MAX_LENGTH = 300


class ConnectionQuerySet(models.QuerySet):
    def between(self, a: Any, b: Any) -> ConnectionQuerySet:
        low, high = sorted([a.pk, b.pk])
        return self.filter(user_low_id=low, user_high_id=high)

    def involving(self, user: Any) -> ConnectionQuerySet:
        return self.filter(Q(user_low=user) | Q(user_high=user))

    def user_ids_connected_to(self, user: Any) -> models.QuerySet:
        """A subquery of user ids connected to `user` (usable in `__in`)."""
        return (
            self.involving(user)
            .annotate(
                other=Case(When(user_low=user, then=F("user_high_id")), default=F("user_low_id"))
            )
            .values("other")
        )


class Connection(models.Model):
    """One row per connected pair, stored with the smaller id first so a pair exists
    once and `between()` is a single index lookup."""

    user_low = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    user_high = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(fields=["user_low", "user_high"], name="connection_once"),
            models.CheckConstraint(
                condition=Q(user_low__lt=F("user_high")), name="connection_ordered"
            ),
        ]
        indexes = [models.Index(fields=["user_high", "user_low"])]

    def __str__(self) -> str:
        return f"{self.user_low_id} ↔ {self.user_high_id}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IGNORED = "ignored", _("Ignored")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Lifecycle: the only allowed moves. "Ignored" is a pending request the recipient put
# aside: the sender is not told (to them it is still pending), the recipient may still
# accept or decline it, the sender may still withdraw it.
REQUEST_TRANSITIONS = Lifecycle(
    RequestStatus,
    {
        RequestStatus.PENDING: {
            RequestStatus.ACCEPTED,
            RequestStatus.DECLINED,
            RequestStatus.IGNORED,
            RequestStatus.WITHDRAWN,
        },
        RequestStatus.IGNORED: {
            RequestStatus.ACCEPTED,
            RequestStatus.DECLINED,
            RequestStatus.WITHDRAWN,
        },
        RequestStatus.ACCEPTED: set(),
        RequestStatus.DECLINED: set(),
        RequestStatus.WITHDRAWN: set(),
    },
)
# Still waiting for an answer (as far as the sender knows).
OPEN_STATUSES = (RequestStatus.PENDING, RequestStatus.IGNORED)


class ConnectionRequestQuerySet(models.QuerySet):
    def open(self) -> ConnectionRequestQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def received_by(self, user: Any) -> ConnectionRequestQuerySet:
        """Requests waiting for `user`'s answer (ignored ones are put aside)."""
        return self.filter(to_user=user, status=RequestStatus.PENDING)

    def answerable_by(self, user: Any) -> ConnectionRequestQuerySet:
        """Requests `user` may still accept or decline (pending or put aside)."""
        return self.open().filter(to_user=user)

    def sent_by(self, user: Any) -> ConnectionRequestQuerySet:
        """Requests `user` sent that are still open (ignored looks pending to them)."""
        return self.open().filter(from_user=user)

    def for_display(self) -> ConnectionRequestQuerySet:
        """Eager loading for lists of requests: both people and their profiles."""
        return self.select_related("from_user__profile", "to_user__profile")


class ConnectionRequest(models.Model):
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_sent"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_received"
    )
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus, default=RequestStatus.PENDING
    )
    created = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = ConnectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        constraints = [
            models.UniqueConstraint(
                fields=["from_user", "to_user"],
                condition=Q(status__in=["pending", "ignored"]),
                name="one_open_request_per_pair",
            ),
            models.CheckConstraint(
                condition=~Q(from_user=F("to_user")), name="request_not_to_self"
            ),
        ]
        indexes = [
            # Received list, and the rate limit / sent list.
            models.Index(fields=["to_user", "status", "created"]),
            models.Index(fields=["from_user", "created"]),
        ]

    def __str__(self) -> str:
        return f"{self.from_user_id} → {self.to_user_id} ({self.status})"

    def status_for(self, user: Any) -> str:
        """The status as `user` may know it: an ignored request looks pending to its
        sender."""
        if self.status == RequestStatus.IGNORED and user.pk == self.from_user_id:
            return RequestStatus.PENDING
        return self.status


class Hashtag(models.Model):
    name = models.CharField(_("hashtag"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("hashtag")
        verbose_name_plural = _("hashtags")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(name=Lower("name")), name="hashtag_lowercase")
        ]

    def __str__(self) -> str:
        return f"#{self.name}"


class FollowQuerySet(models.QuerySet):
    def for_display(self) -> FollowQuerySet:
        """Eager loading for one's own list of every kind of follow (My network)."""
        return self.select_related("user__profile", "organization", "hashtag")


class Follow(models.Model):
    """Following without connecting: exactly one of a person, an organisation or a
    hashtag."""

    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
    )
    hashtag = models.ForeignKey(
        Hashtag, on_delete=models.CASCADE, null=True, blank=True, related_name="followers"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, organization__isnull=True, hashtag__isnull=True)
                    | Q(user__isnull=True, organization__isnull=False, hashtag__isnull=True)
                    | Q(user__isnull=True, organization__isnull=True, hashtag__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.CheckConstraint(condition=~Q(user=F("follower")), name="follow_not_self"),
            models.UniqueConstraint(
                fields=["follower", "user"],
                condition=Q(user__isnull=False),
                name="follow_user_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "organization"],
                condition=Q(organization__isnull=False),
                name="follow_org_once",
            ),
            models.UniqueConstraint(
                fields=["follower", "hashtag"],
                condition=Q(hashtag__isnull=False),
                name="follow_hashtag_once",
            ),
        ]

    def __str__(self) -> str:
        target = self.user_id or self.organization_id or self.hashtag_id
        return f"{self.follower_id} follows {target}"


class BlockQuerySet(models.QuerySet):
    def between_either_way(self, a: Any, b: Any) -> BlockQuerySet:
        return self.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a))

    def ids_either_way(self, user: Any) -> models.QuerySet:
        """A subquery (for `__in`) of the members in a block relation with `user`, either
        way. `user` is a member or their id."""
        return (
            self.filter(blocker=user)
            .values("blocked")
            .union(self.filter(blocked=user).values("blocker"))
        )

    def for_display(self) -> BlockQuerySet:
        """One's own block list: the people blocked, by name (newest first)."""
        return self.select_related("blocked__profile").order_by("-created")


class Block(models.Model):
    """`blocker` and `blocked` no longer see each other anywhere (see core.audience)."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]
        indexes = [models.Index(fields=["blocked", "blocker"])]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class MuteQuerySet(models.QuerySet):
    def for_display(self) -> MuteQuerySet:
        """One's own mute list: the people muted, by name (newest first)."""
        return self.select_related("muted__profile").order_by("-created")


class Mute(models.Model):
    """`muter` stops seeing `muted`'s posts in the feed; nothing else changes and
    `muted` is not told."""

    muter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes_made"
    )
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = MuteQuerySet.as_manager()

    class Meta:
        verbose_name = _("mute")
        verbose_name_plural = _("mutes")
        constraints = [
            models.UniqueConstraint(fields=["muter", "muted"], name="mute_once"),
            models.CheckConstraint(condition=~Q(muter=F("muted")), name="mute_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.muter_id} mutes {self.muted_id}"
