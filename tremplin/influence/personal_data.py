"""The influence app keeps no table of its own: an author's analytics are computed from
the feed's views and reactions and the network's follows (erased by those apps). The
archive gives the member the totals their analytics page is built from."""

from __future__ import annotations

from typing import Any

from tremplin.feed.models import ItemView, Reaction
from tremplin.network.models import Follow


def export(user: Any) -> dict[str, Any]:
    return {
        "views_of_my_items": ItemView.objects.filter(item__author=user).count(),
        "reactions_to_my_items": Reaction.objects.filter(item__author=user).count(),
        "followers": Follow.objects.filter(user=user).count(),
    }
