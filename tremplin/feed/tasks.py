"""Feed work done after commit. Tasks take ids and are idempotent (the timeline's unique
(owner, item) makes a retry a no-op).

An item posted in a place (a community) is fanned out right after its transaction
commits, in the process that committed it (`fan_out_now`, as `core.realtime` pushes):
through the durable queue it waited for the worker's next poll and behind other tasks
(2.4-4.5 s to the last of 20,000 rows, bench/README.md). The durable task
`fan_out_item`, enqueued in the post's own transaction, is the catch-up: it runs a
little later, writes whatever a crash left out (ON CONFLICT DO NOTHING), tells only
the readers it wrote for, then trims. Items with no place go through the task only.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from functools import partial

from django.db import connections, transaction
from django.utils import timezone
from django_tasks import task

from tremplin.core.realtime import send_to_user, send_to_users
from tremplin.feed.models import Item
from tremplin.feed.timeline import LIVE_PUSH_LIMIT, fan_out, trim_for_item
from tremplin.network.models import Mute

logger = logging.getLogger(__name__)

# The catch-up task of an item fanned out in-process runs this long after the post:
# long enough not to race the in-process statement, short enough that a crash between
# the post's commit and its fan-out costs its readers only a few seconds.
CATCH_UP_AFTER = timedelta(seconds=10)


def schedule_fan_out(item: Item) -> None:
    """Inside the publishing transaction: fan the item out once it commits. For an item
    in a place, in this process right after the commit (`fan_out_now`, on a thread of
    its own) and the durable task later as the catch-up; otherwise the task. The task is
    enqueued in this very transaction when the backend can defer (the database queue:
    the post and its fan-out commit together, so a crash after the commit loses
    nothing); a backend that runs tasks at once (tests, the try-out) runs it on commit,
    which is already in this process."""
    item_id = item.pk
    if not fan_out_item.get_backend().supports_defer:
        transaction.on_commit(partial(fan_out_item.enqueue, item_id))
        return
    later = None
    if item.place_kind:
        transaction.on_commit(partial(run_beside, item_id), robust=True)
        later = timezone.now() + CATCH_UP_AFTER
    fan_out_item.using(run_after=later).enqueue(item_id)


@task()
def fan_out_item(item_id: int) -> int:
    """Write a published item into its readers' timelines (one statement, committed),
    tell the open tabs of the readers written now, then trim (its own transaction)."""
    written = _write_and_tell(item_id)
    trim_for_item(item_id)
    return written


# The in-process fan-outs run beside the requests, not in them: the poster's answer
# does not wait for 20,000 rows (it did, 0.8-2.5 s). Two at a time per process; more
# wait their turn here, and a process that stops leaves them to the catch-up task.
_FAN_OUTS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="fan-out")


def run_beside(item_id: int) -> Future[None]:
    """Run `fan_out_now` on a thread of `_FAN_OUTS`, with a database connection of its
    own, given back after."""

    def run() -> None:
        try:
            fan_out_now(item_id)
        finally:
            connections.close_all()

    return _FAN_OUTS.submit(run)


def fan_out_now(item_id: int) -> None:
    """The in-process fan-out of an item posted in a place, run after its commit
    (`run_beside`). A failure is logged and left to the catch-up task."""
    try:
        _write_and_tell(item_id)
    except Exception:
        logger.exception("fan-out of item %s failed; the catch-up task will retry", item_id)


def _write_and_tell(item_id: int) -> int:
    """Fan the item out; push a "feed" event to the open tabs of the readers just
    written, except the author (their page shows it) and those who muted the author
    (the rows stay, hidden when read, so an unmute brings them back). An item posted in
    a place goes to every member's tabs in one publish per 5,000 (`send_to_users`):
    members expect their community live, whatever its size; other items only to
    audiences of up to LIVE_PUSH_LIMIT (larger ones see "new posts" at the next poll)."""
    owners = fan_out(item_id)
    row = Item.objects.filter(pk=item_id).values_list("author_id", "place_kind").first()
    if row is None or not owners:
        return len(owners)
    author_id, place_kind = row
    muters = set(Mute.objects.filter(muted_id=author_id).values_list("muter_id", flat=True))
    readers = [uid for uid in owners if uid != author_id and uid not in muters]
    if not readers:
        return len(owners)
    payload = {"type": "feed", "item": item_id}
    if place_kind:
        send_to_users(readers, payload)
    elif len(owners) <= LIVE_PUSH_LIMIT:
        for owner_id in readers:
            send_to_user(owner_id, payload)
    return len(owners)
