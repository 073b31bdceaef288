"""The communities' answers to the feed's places (`tremplin.feed.places`): who may read
a community's posts (THE content rule, `Community.objects.readable_by`), who receives
them in their home timeline (its active members), their names and links on cards,
where a member may post; and the community's "Posts" tab."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tremplin.communities.models import Community, Membership, MembershipStatus, Visibility
from tremplin.communities.queries.directory import community_url
from tremplin.feed import queries as feed_queries
from tremplin.feed.models import Item
from tremplin.feed.places import Choice

KIND = "community"
CHOICES = 50  # "Post to": the member's most active communities


def readable_q(viewer: Any) -> Q:
    """Items (on `Item`) whose community's content the viewer may read: one index probe
    per row (an EXISTS on the community's primary key under `readable_by`)."""
    return Q(Exists(Community.objects.readable_by(viewer).filter(pk=OuterRef("place_id"))))


def is_readable(viewer: Any, place_id: int) -> bool:
    community = Community.objects.filter(pk=place_id).first()
    return community is not None and community.is_readable_by(viewer)


def recipients(place_id: int) -> tuple[str, list[Any]]:
    """The community's active members who keep its posts in their home feed, as SQL for
    the fan-out's one INSERT ... SELECT (the index `community_members` serves it)."""
    members = Membership.objects.filter(
        community_id=place_id, status=MembershipStatus.ACTIVE, in_home_feed=True
    ).values("user_id")
    sql, params = members.query.sql_with_params()
    return sql, list(params)


def labels(ids: list[int]) -> dict[int, tuple[str, str]]:
    found = Community.objects.filter(pk__in=ids).only("pk", "slug", "name_fr", "name_en")
    return {c.pk: (c.name, posts_url(c)) for c in found}


def posts_url(community: Community) -> str:
    return reverse("communities:posts", args=[community.slug])


def choices(user: Any) -> list[Choice]:
    """Where the member may post: communities they are an active member of, not muted
    in, not archived (the rules, slow mode and pre-approval are checked on posting)."""
    rows = (
        Membership.objects.filter(
            user=user, status=MembershipStatus.ACTIVE, community__archived__isnull=True
        )
        .exclude(muted_until__gt=timezone.now())
        .select_related("community")
        .only(
            "community__slug",
            "community__name_fr",
            "community__name_en",
            "community__visibility",
        )
        .order_by("-community__last_activity", "community_id")[:CHOICES]
    )
    return [
        Choice(
            key=f"{KIND}:{m.community.slug}",
            label=m.community.name,
            public=m.community.visibility == Visibility.PUBLIC,
        )
        for m in rows
    ]


# ------------------------------------------------------------------ the "Posts" tab


def community_or_404(viewer: Any, slug: str) -> Community:
    """A community whose page the viewer may see (secret ones: members only), or 404."""
    found = Community.objects.visible_to(viewer).select_related("organization").filter(slug=slug)
    community = found.first()
    if community is None:
        raise Http404
    return community


def community_items(viewer: Any, community: Community) -> Any:
    """The community's posts the viewer may read (none when they may not read its
    content: `Item.visible_to` asks `readable_by`)."""
    return Item.objects.visible_to(viewer).filter(place_kind=KIND, place_id=community.pk)


def posts_page(viewer: Any, community: Community, cursor: str | None = None) -> Any:
    """A page of the community's posts, newest first, decorated as cards."""
    return feed_queries.item_page(viewer, community_items(viewer, community), cursor)


def posts_tab(community: Community, viewer: Any, cursor: str | None = None) -> dict[str, Any]:
    """The "Posts" tab's context (tabs.Tab.context; the posts page adds `cursor`)."""
    membership = community.membership_of(viewer)
    return {
        "posts": posts_page(viewer, community, cursor),
        "posts_url": posts_url(community),
        "community_url": community_url(community),
        "may_post": membership is not None and membership.is_active,
        "place_key": f"{KIND}:{community.slug}",
    }
