"""Live events to members' open tabs, through the channel layer.

Every live push is a task (`send_to_user` inside it) scheduled after commit with
`schedule_push`. Where the task runs depends on the channel layer:

- Redis (`REDIS_URL` set: production, several servers): the push goes through the task
  queue like every other side effect, and any worker reaches any server's websockets.
- In memory (one process, the SQLite try-out): only the web process holds websockets,
  and `make run`'s worker is another process that could not reach them, so the push
  runs right away in the process whose transaction committed. Durable work (emails,
  fan-out) still goes through the queue.
"""

from __future__ import annotations

import asyncio
import threading

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

from tremplin.core.consumers import user_group

# The task queue of live pushes (a worker polls it often: see Procfile).
LIVE_QUEUE = "live"


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


def layer_is_process_local() -> bool:
    return isinstance(get_channel_layer(), InMemoryChannelLayer)


def schedule_push(push_task, *args) -> None:
    """Run a push task (call it after commit): queued when the channel layer is shared,
    at once in this process when it is in memory (see the module docstring)."""
    if layer_is_process_local():
        push_task.call(*args)
    else:
        push_task.enqueue(*args)
