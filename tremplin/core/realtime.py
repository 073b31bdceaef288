"""Live events to members' open tabs, through the channel layer.

Every live push is a small task function (`send_to_user` inside it) that `schedule_push`
runs right after the cause's transaction commits, in the process that committed it:

- the durable record of what happened is the row (a notification, a message); a push
  only tells open tabs to fetch it, so a lost push loses nothing: tabs poll when their
  socket drops and read the rows on reconnect;
- through the database task queue, a push waited for the worker's next poll and queued
  behind other tasks: 8-11 s at p50 with 1,000 connected clients (bench/README.md);
  in-process it is one Redis publish per recipient;
- with the in-memory layer (one process, the SQLite try-out) only the web process holds
  websockets, and `make run`'s worker is another process that could not reach them.

Emails, fan-outs and everything else that must happen still go through the queue.
"""

from __future__ import annotations

import asyncio
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from tremplin.core.consumers import user_group


def send_to_user(user_id: int, payload: dict) -> None:
    """Push an event to every open tab of one user, on any server (channel layer)."""
    layer = get_channel_layer()
    if layer is None:
        return
    send = async_to_sync(layer.group_send)
    message = {"type": "user.event", "payload": payload}
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        send(user_group(user_id), message)
        return
    # Called from synchronous code in a thread that runs an event loop (a test driving a
    # browser): async_to_sync refuses that thread, so send from another one.
    thread = threading.Thread(target=send, args=(user_group(user_id), message))
    thread.start()
    thread.join()


def push_after_commit(push, *args, **kwargs) -> None:
    """Run `push(*args, **kwargs)` once the current transaction commits, in this process
    (at once outside a transaction; never for a rollback). See the module docstring for
    why not through the task queue."""
    transaction.on_commit(lambda: push(*args, **kwargs))
