"""Live events to members' open tabs, through the channel layer.

Every live push is a small task function (`send_to_user` inside it) that `schedule_push`
runs right after the cause's transaction commits, in the process that committed it:

- the durable record of what happened is the row (a notification, a message); a push
  only tells open tabs to fetch it, so a lost push loses nothing: tabs poll when their
  socket drops and read the rows on reconnect;
- through the database task queue, a push waited for the worker's next poll and queued
  behind other tasks: 8-11 s at p50 with 1,000 connected clients (bench/README.md);
  in-process it is one Redis publish per recipient;
- without Redis (the SQLite try-out) the layer is `core.relay_layer`: an event raised in
  `make run`'s worker or clock process is relayed over a Unix socket to the web process,
  which holds the websockets (under a millisecond on loopback).

Emails, fan-outs and everything else that must happen still go through the queue.
"""

from __future__ import annotations

import asyncio
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from tremplin.core.consumers import session_group, user_group
from tremplin.core.relay_layer import RelayChannelLayer


def send_to_user(user_id: int, payload: dict) -> None:
    """Push an event to every open tab of one user, on any server (channel layer)."""
    layer = get_channel_layer()
    if layer is None:
        return
    message = {"type": "user.event", "payload": payload}

    async def publish() -> None:
        await layer.group_send(user_group(user_id), message)

    _run(publish)


def close_session_sockets(session_key: str) -> None:
    """Close the open sockets of one session (it was signed out or revoked), on any
    server."""
    layer = get_channel_layer()
    if layer is None or not session_key:
        return

    async def publish() -> None:
        await layer.group_send(session_group(session_key), {"type": "session.ended"})

    _run(publish)


def send_to_users(user_ids: list[int], payload: dict) -> None:
    """Push the same event to every open tab of many users (a job alert's 10,000). On
    the Redis pub/sub layer the publishes go in one script call per Redis server (per
    5,000 users), where `group_send` takes the shard's lock and awaits a round trip for
    each (330 ms for 10,000, bench/README.md)."""
    layer = get_channel_layer()
    if layer is None or not user_ids:
        return
    message = {"type": "user.event", "payload": payload}
    groups = [user_group(uid) for uid in user_ids]

    async def publish() -> None:
        if isinstance(layer, RelayChannelLayer):  # one relayed frame, not one per member
            await layer.group_send_many(groups, message)
        elif not await _publish_pipelined(layer, groups, message):
            await asyncio.gather(*(layer.group_send(group, message) for group in groups))

    _run(publish)


async def _publish_pipelined(layer, groups: list[str], message: dict) -> bool:
    """Publish through channels_redis's pub/sub shards, many per call; False when the
    layer is another kind (or a channels_redis whose internals moved: `group_send` is
    then used, slower but the same effect)."""
    try:
        from channels_redis.pubsub import RedisPubSubChannelLayer
    except ImportError:  # pragma: no cover - channels_redis is a dependency
        return False
    if not isinstance(layer, RedisPubSubChannelLayer):
        return False
    loop_layer = layer._get_layer()
    if not all(
        hasattr(loop_layer, name) for name in ("_get_group_channel_name", "_get_shard")
    ):  # pragma: no cover - guards a channels_redis upgrade
        return False
    data = layer.serialize(message)
    by_shard: dict = {}
    for group in groups:
        channel = loop_layer._get_group_channel_name(group)
        by_shard.setdefault(loop_layer._get_shard(channel), []).append(channel)
    for shard, channels in by_shard.items():
        async with shard._lock:
            shard._ensure_redis()
            for start in range(0, len(channels), PUBLISH_CHUNK):
                chunk = channels[start : start + PUBLISH_CHUNK]
                await shard._redis.eval(_PUBLISH_EACH, 0, data, *chunk)
    return True


# One command publishes one message to many channels: a pipeline of 10,000 PUBLISH
# commands spent 100-190 ms packing them in Python; this is one command and one reply.
# Chunked so that one call never holds the Redis server for long.
_PUBLISH_EACH = """
for i = 2, #ARGV do redis.call('PUBLISH', ARGV[i], ARGV[1]) end
return #ARGV - 1
"""
PUBLISH_CHUNK = 5_000


def _run(coroutine_function) -> None:
    """Run an async function from synchronous code, also in a thread that already runs
    an event loop (a test driving a browser), where async_to_sync refuses to."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(coroutine_function)()
        return
    thread = threading.Thread(target=async_to_sync(coroutine_function))
    thread.start()
    thread.join()


def push_after_commit(push, *args, **kwargs) -> None:
    """Run `push(*args, **kwargs)` once the current transaction commits, in this process
    (at once outside a transaction; never for a rollback). See the module docstring for
    why not through the task queue."""
    transaction.on_commit(lambda: push(*args, **kwargs))
