"""The two reads every thread page makes, compiled once per process
(tremplin.core.compiled) and prepared on PostgreSQL.

On the benchmark's data (10,000 communities, 2,000,000 threads and replies) the thread
query with its `visible_to` rule and six joins took 5.5 ms to plan and 0.8 ms to run,
and building both querysets cost more Python than reading their rows: together about
19 of the page's 41 ms. The querysets are still written here with the ORM and
`Thread.objects.visible_to`; only their compilation is kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery

from tremplin.communities.models import (
    MODERATING_ROLES,
    Membership,
    MembershipStatus,
    PostState,
    Reply,
    Thread,
    ThreadState,
    Vote,
)
from tremplin.core.compiled import CompiledQuery, Input


def _thread_at(variant: tuple[bool], viewer: Any, pk: int) -> QuerySet[Thread]:
    """The thread and, beside it, what its page asks of it: its last reply number
    (`last_number`) and, for a signed-in viewer, their follow-up state (`state_*`),
    whether they voted for its accepted answer and their membership of its community
    (`my_membership`, None when they have none)."""
    (signed_in,) = variant
    rule = Thread.objects.visible_to(viewer if signed_in else AnonymousUser())
    last = Reply.objects.filter(thread=OuterRef("pk")).order_by("-number").values("number")
    extra: dict[str, Any] = {"last_number": Subquery(last[:1])}
    if signed_in:
        state = ThreadState.objects.filter(thread=OuterRef("pk"), user=viewer)
        for name in ("pk", "level", "last_read_number", "last_visit"):
            extra[f"state_{name}"] = Subquery(state.values(name)[:1])
        voted = Vote.objects.filter(reply=OuterRef("accepted_id"), user=viewer)
        extra["accepted_voted"] = Exists(voted)
        # The member's membership of the community, joined (`my_membership`).
        mine = Q(community__memberships__user=viewer)
        rule = rule.annotate(
            my_membership=FilteredRelation("community__memberships", condition=mine)
        ).select_related("my_membership")  # type: ignore[misc]  # (django-stubs misses it)
    return (
        rule.select_related(
            "author__profile",
            "asked_of__profile",
            "community",
            "category",
            "accepted__author__profile",
            "poll",
        )
        .annotate(**extra)
        .filter(pk=pk)
    )


THREAD_AT = CompiledQuery(_thread_at, viewer=Input.user, pk=Input.number)

# What a reply row prints of its author and of the reply it answers (the Jinja2
# fragment `threads/_replies.jinja`, the API's reply schema): nothing else is read.
_PERSON = ("email", "profile__handle", "profile__display_name", "profile__photo")
REPLY_FIELDS = (
    "thread_id",
    "author_id",
    "in_reply_to_id",
    "body",
    "language",
    "state",
    "number",
    "created",
    "edited",
    "vote_count",
    *(f"author__{field}" for field in _PERSON),
    "in_reply_to__body",
    "in_reply_to__state",
    "in_reply_to__number",
    "in_reply_to__author_id",
    *(f"in_reply_to__author__{field}" for field in _PERSON),
)


def _replies(
    variant: tuple[bool, bool],
    viewer: Any,
    thread_id: int,
    community_id: int,
    after: int,
    upto: int,
) -> QuerySet[Reply]:
    """The replies numbered in (after, upto] that the viewer sees of a thread the caller
    found through `Thread.objects.visible_to`: published ones, and pending ones to their
    author and to the community's moderators (`ReplyQuerySet.visible_to`'s states)."""
    signed_in, in_community = variant
    seen = Q(state=PostState.PUBLISHED)
    if signed_in:
        pending = Q(author=viewer)
        if in_community:
            moderates = Membership.objects.filter(
                community_id=community_id,
                user=viewer,
                status=MembershipStatus.ACTIVE,
                role__in=MODERATING_ROLES,
            )
            pending |= Q(Exists(moderates))
        seen |= Q(state=PostState.PENDING) & pending
    rows = Reply.objects.filter(seen, thread_id=thread_id, number__gt=after, number__lte=upto)
    if signed_in:  # whether the viewer voted for it (`voted`)
        rows = rows.annotate(voted=Exists(Vote.objects.filter(reply=OuterRef("pk"), user=viewer)))
    return rows.for_display().only(*REPLY_FIELDS).order_by("number")


REPLIES = CompiledQuery(
    _replies,
    viewer=Input.user,
    thread_id=Input.number,
    community_id=Input.number,
    after=Input.count,
    upto=Input.count,
)
