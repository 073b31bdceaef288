"""Feed work done after commit, from the durable queue. Tasks take ids and are
idempotent (the timeline's unique (owner, item) makes a retry a no-op)."""

from __future__ import annotations

from django_tasks import task

from tremplin.core.realtime import send_to_user
from tremplin.feed.models import Item
from tremplin.feed.timeline import LIVE_PUSH_LIMIT, fan_out


@task()
def fan_out_item(item_id: int) -> int:
    """Write a published item into its readers' timelines (one statement), then tell
    the readers' open tabs when there are few enough of them; larger audiences see the
    "new posts" button at the page's next poll."""
    owners = fan_out(item_id)
    author_id = Item.objects.filter(pk=item_id).values_list("author_id", flat=True).first()
    if len(owners) <= LIVE_PUSH_LIMIT:
        for owner_id in owners:
            if owner_id != author_id:  # the author's page already shows it
                send_to_user(owner_id, {"type": "feed", "item": item_id})
    return len(owners)
