"""The per-community digest: by email, daily or weekly (`Membership.digest`), in each
member's language: the new discussion threads, the new questions still without an
answer, the new upcoming events and the new resources since their last digest — only what
the member may see, through the models' `visible_to` rules (a banned, removed or pending
member is no active member and gets nothing). Nothing new: no email.

The work is set-based and safe to run twice (`send_due_digests`, periodic): each round
claims at most `CLAIM_BATCH` due memberships with one UPDATE (rows locked with
SKIP LOCKED on PostgreSQL, so two clocks never claim the same row), moving their
`last_digest` to now, and queues one task per `TASK_BATCH` memberships with each one's
previous `last_digest` (plain values). A 20,000-member community is a few rounds of the
clock; a member's digest is at most `PER_SECTION` items a section.

Unsubscribing is one click (`digest_unsubscribe_url`, `List-Unsubscribe` with one-click
POST, RFC 8058), with a signed token naming the membership, as notifications' emails do.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from tremplin.communities.models import (
    Event,
    Membership,
    MembershipStatus,
    PostState,
    Resource,
    ResourceState,
    Thread,
    ThreadKind,
)
from tremplin.communities.queries import directory_feed
from tremplin.communities.refusals import CommunityRefusal
from tremplin.core import email
from tremplin.feed.models import Item, TimelineEntry

logger = logging.getLogger(__name__)

CHOICES = ("", "daily", "weekly")
PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
# A digest is due a little before its full period, so a clock that runs a minute late
# does not push every member's digest a day further.
SLACK = timedelta(hours=1)
CLAIM_BATCH = 2000
TASK_BATCH = 200
PER_SECTION = 10
UNSUBSCRIBE_SALT = "tremplin.communities.digest.unsubscribe"


class BadToken(Exception):
    """The unsubscribe token is forged, damaged or names no membership."""


# ------------------------------------------------------------------ the choice


@transaction.atomic
def choose(membership: Membership, digest: str) -> Membership:
    """The member's choice for one community: "", "daily" or "weekly"."""
    if digest not in CHOICES:
        raise CommunityRefusal(_("Choose daily, weekly or never."), "invalid", field="digest")
    membership.digest = digest
    membership.save(update_fields=["digest"])
    return membership


def home_feed(membership: Membership, shown: bool) -> Membership:
    """Whether the community's posts reach the member's home feed. Taken out, the rows
    its posts already wrote there go too (they stay on the community's Posts tab); put
    back, its next posts come again."""
    if membership.in_home_feed == shown:
        return membership
    membership.in_home_feed = shown
    with transaction.atomic():
        membership.save(update_fields=["in_home_feed"])
        if not shown:
            placed = Item.objects.filter(
                place_kind=directory_feed.KIND, place_id=membership.community_id
            )
            TimelineEntry.objects.filter(
                owner_id=membership.user_id, item__in=placed.values("pk")
            ).delete()
    return membership


def unsubscribe_token(membership: Membership) -> str:
    return signing.dumps({"m": membership.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_token(token: str) -> Membership:
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadToken from error
    pk = value.get("m") if isinstance(value, dict) else None
    found = (
        Membership.objects.select_related("community", "user").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if found is None:
        raise BadToken
    return found


def digest_unsubscribe_url(membership: Membership) -> str:
    path = reverse(
        "communities:digest_unsubscribe", kwargs={"token": unsubscribe_token(membership)}
    )
    return settings.SITE_URL.rstrip("/") + path


# ------------------------------------------------------------------ what a digest holds


@dataclass
class Digest:
    threads: list[Thread] = field(default_factory=list)
    questions: list[Thread] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.threads or self.questions or self.events or self.resources)


def digest_of(membership: Membership, since: datetime) -> Digest:
    """What is new for this member in this community since `since`, by the rules."""
    user, community = membership.user, membership.community
    if membership.status != MembershipStatus.ACTIVE or not user.is_active:
        return Digest()
    threads = Thread.objects.visible_to(user).filter(
        community=community, state=PostState.PUBLISHED, created__gt=since
    )
    return Digest(
        threads=list(threads.filter(kind=ThreadKind.DISCUSSION).order_by("-created")[:PER_SECTION]),
        questions=list(threads.unanswered().order_by("-created")[:PER_SECTION]),
        events=list(
            Event.objects.visible_to(user)
            .upcoming()
            .filter(community=community, created__gt=since, cancelled__isnull=True)[:PER_SECTION]
        ),
        resources=list(
            Resource.objects.visible_to(user)
            .filter(community=community, state=ResourceState.APPROVED, created__gt=since)
            .order_by("-created")[:PER_SECTION]
        ),
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_digest(membership: Membership, since: datetime) -> bool:
    """Email one member's digest of one community; False when there was nothing new."""
    digest = digest_of(membership, since)
    user = membership.user
    if digest.empty or not user.email:
        return False
    language = str(user.language or settings.LANGUAGE_CODE)
    with translation.override(language):
        community = membership.community
        one_click = digest_unsubscribe_url(membership)
        context = {
            "community": community,
            "community_name": community.name,
            "community_url": _absolute(community.get_absolute_url()),
            "digest": digest,
            "links": {
                "threads": [(t, _absolute(t.get_absolute_url())) for t in digest.threads],
                "questions": [(t, _absolute(t.get_absolute_url())) for t in digest.questions],
                "events": [(e, _absolute(e.get_absolute_url())) for e in digest.events],
                "resources": [(r, _absolute(r.get_absolute_url())) for r in digest.resources],
            },
            "choose_url": _absolute(reverse("communities:digest", args=[community.slug])),
            "unsubscribe_url": one_click,
            "period": membership.digest,
        }
    email.send(user.email, "communities/email/digest", context, language, unsubscribe_url=one_click)
    return True


# ------------------------------------------------------------------ the periodic work


def _due(now: datetime) -> Q:
    due = Q()
    for choice, period in PERIODS.items():
        due |= Q(digest=choice) & (
            Q(last_digest__isnull=True) | Q(last_digest__lte=now - period + SLACK)
        )
    return due


def claim_due(now: datetime | None = None) -> list[tuple[int, str]]:
    """Claim up to CLAIM_BATCH due memberships: [(id, since as ISO 8601)]. Their
    `last_digest` becomes `now` in the same transaction, so a second run finds them no
    longer due."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = (
            Membership.objects.filter(status=MembershipStatus.ACTIVE)
            .filter(_due(now))
            .order_by("pk")
            .values_list("pk", "digest", "last_digest", "joined", "created")
        )
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        claimed = list(rows[:CLAIM_BATCH])
        Membership.objects.filter(pk__in=[row[0] for row in claimed]).update(last_digest=now)
    found = []
    for pk, digest, last, joined, created in claimed:
        since = last or max(joined or created, now - PERIODS[digest])
        found.append((pk, since.isoformat()))
    return found


def send_due_digests() -> int:
    """Periodic (core.hooks): claim what is due and queue its tasks. Returns how many
    memberships were claimed."""
    from tremplin.communities import tasks

    def enqueue(batch: list[list[Any]]) -> None:
        transaction.on_commit(lambda: tasks.send_digests.enqueue(batch))

    claimed = claim_due()
    for start in range(0, len(claimed), TASK_BATCH):
        enqueue([[pk, since] for pk, since in claimed[start : start + TASK_BATCH]])
    return len(claimed)


def send_batch(batch: list[list[Any]]) -> int:
    """The task's work: [[membership id, since]] → emails sent."""
    ids = [int(pk) for pk, _since in batch]
    found = Membership.objects.select_related("community", "user").in_bulk(ids)
    sent = 0
    for pk, since in batch:
        membership = found.get(int(pk))
        when = parse_datetime(str(since))
        if membership is None or when is None:
            continue
        try:
            sent += send_digest(membership, when)
        except Exception:  # one member's failure must not stop the others
            logger.exception("community digest of membership %s failed", pk)
    return sent
