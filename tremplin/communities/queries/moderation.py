"""The read path of the moderation part: the community's moderation log (its moderators
and site moderators, `ModerationAction.objects.visible_to`), the content a moderator may
act on, the removals told to their author, and the viewer's membership for the digest
choice."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404

from tremplin.communities.models import Community, Membership, ModerationAction
from tremplin.communities.services import moderation
from tremplin.core.reads import visible_or_404

LOG_PAGE = 50


def community_or_404(viewer: Any, slug: str) -> Community:
    return visible_or_404(Community.objects.visible_to(viewer), slug=slug)


def moderated_or_404(viewer: Any, slug: str) -> Community:
    """A community whose log the viewer may read (its moderators, site moderators);
    anyone else: 404, as if it were not there."""
    community = community_or_404(viewer, slug)
    if not moderation.may_moderate(viewer, community):
        raise Http404
    return community


def log(viewer: Any, community: Community, action: str = "") -> QuerySet[ModerationAction]:
    rows = (
        ModerationAction.objects.visible_to(viewer)
        .filter(community=community)
        .select_related("actor__profile", "target_user__profile")
        .order_by("-created", "-pk")
    )
    if action in ModerationAction.Action.values:
        rows = rows.filter(action=action)
    return rows


def log_page(viewer: Any, community: Community, action: str, number: Any) -> Page:
    return Paginator(log(viewer, community, action), LOG_PAGE).get_page(number)


def content_or_404(viewer: Any, kind: str, pk: int) -> Any:
    """A thread, reply, event or resource the viewer moderates, else 404."""
    if kind not in moderation.MODELS:
        raise Http404
    obj = visible_or_404(moderation.every(kind), pk=pk)
    if not moderation.may_moderate(viewer, moderation.community_of(obj)):
        raise Http404
    return obj


def my_removals(viewer: Any) -> QuerySet[ModerationAction]:
    """What moderators removed of the viewer's: never who did it (the page shows the
    community, the excerpt, the date and the reason only)."""
    return (
        ModerationAction.objects.told_to(viewer)
        .select_related("community")
        .order_by("-created", "-pk")[:LOG_PAGE]
    )


def membership_or_404(viewer: Any, community: Community) -> Membership:
    """The viewer's active membership (the digest is theirs to choose)."""
    return visible_or_404(Membership.objects.active().filter(user=viewer), community=community)
