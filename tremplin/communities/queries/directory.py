"""The read path of communities: every list a page or the API shows, and every "one
object the viewer may see, or 404", through the models' `visible_to` rules. Each part's
reads live in its own module of `reads/` and are re-exported here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.communities.models import Community

DIRECTORY_PAGE = 24


def directory(viewer: Any) -> QuerySet[Community]:
    """The directory's first page: listed communities (and the viewer's secret ones),
    largest first."""
    return (
        Community.objects.visible_to(viewer)
        .select_related("organization")
        .order_by("-member_count", "pk")[:DIRECTORY_PAGE]
    )
