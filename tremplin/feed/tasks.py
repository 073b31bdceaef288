"""Feed work done after commit, from the durable queue. Tasks take ids and are
idempotent (the timeline's unique (owner, item) makes a retry a no-op)."""

from __future__ import annotations

from django_tasks import task

from tremplin.core.realtime import send_to_user, send_to_users
from tremplin.feed.models import Item
from tremplin.feed.timeline import LIVE_PUSH_LIMIT, fan_out


@task()
def fan_out_item(item_id: int) -> int:
    """Write a published item into its readers' timelines (one statement), then tell
    the readers' open tabs when there are few enough of them; larger audiences see the
    "new posts" button at the page's next poll. An item posted in a place (a community)
    is pushed to every member's open tabs, in one publish per 5,000 members
    (`send_to_users`): members expect their community live, whatever its size."""
    owners = fan_out(item_id)
    row = Item.objects.filter(pk=item_id).values_list("author_id", "place_kind").first()
    if row is None:
        return len(owners)
    author_id, place_kind = row
    # The author's own page already shows it.
    readers = [owner_id for owner_id in owners if owner_id != author_id]
    payload = {"type": "feed", "item": item_id}
    if place_kind:
        send_to_users(readers, payload)
    elif len(owners) <= LIVE_PUSH_LIMIT:
        for owner_id in readers:
            send_to_user(owner_id, payload)
    return len(owners)
