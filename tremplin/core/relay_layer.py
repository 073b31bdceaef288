"""The channel layer without Redis: in memory, plus a loopback relay between the
processes of one installation on one machine.

`make run` is three processes (web, worker, clock) and only the web process holds
websockets. With channels' in-memory layer, an event raised in the worker (a job alert's
fan-out, a session revoked by a task) was published into the worker's own memory and
reached no one: the badge of an open page stayed where it was until the next event
raised by the web process itself.

Here each process that holds sockets (it creates a channel: a consumer started) listens
on a Unix socket `<directory>/<token>.sock` (`var/live/` by default); a `group_send` in
any process delivers to its own sockets as the in-memory layer does, then writes the
same event to every other socket file in the directory. The receiving process delivers
it to its own sockets only (never relays on), so an event crosses at most one hop and
cannot loop.

Why this shape rather than a table in the database that the web process polls: no
query every few milliseconds against SQLite's single writer, no delay of a poll
interval (a relay costs well under a millisecond on loopback), and nothing to clean up
when no one listens. The directory is created 0700 and Unix sockets need write access
to connect: only the installation's own user can inject events.

What it is not: a shared layer for several machines (that is Redis, REDIS_URL), nor a
durable one. As with Redis pub/sub, an event published while the web process restarts
is lost; that loses only a notice, since pages read the rows (realtime.py).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import secrets
import socket
import tempfile
import time
import weakref
from collections.abc import Iterable
from copy import deepcopy
from pathlib import Path
from typing import Any

import msgpack
from channels.layers import InMemoryChannelLayer
from django.conf import settings
from django.core.signals import setting_changed

logger = logging.getLogger(__name__)

SUFFIX = ".sock"
# A Unix socket's address holds at most 107 bytes on Linux.
MAX_ADDRESS = 107
# Groups per frame: a job alert's 10,000 members go as a few frames on one connection.
GROUPS_PER_FRAME = 2_000
MAX_FRAME = 4 * 1024 * 1024


# The layers listening in this process (a server has one; tests replace theirs).
_listening: weakref.WeakSet[RelayChannelLayer] = weakref.WeakSet()


def _stop_replaced_layers(setting: str, **kwargs: Any) -> None:
    """Channels drops the layers it built when CHANNEL_LAYERS changes (tests); a dropped
    layer must stop listening: its socket, its event loop gone, would take connections
    that no one reads, and each sender would wait for its timeout."""
    if setting == "CHANNEL_LAYERS":
        for layer in list(_listening):
            layer._stop()


setting_changed.connect(_stop_replaced_layers)


def pack(frame: dict[str, Any]) -> bytes:
    body = msgpack.packb(frame, use_bin_type=True)
    return len(body).to_bytes(4, "big") + body


def default_directory() -> Path:
    """`var/live` (under TREMPLIN_VAR_DIR). A test process has its own: parallel test
    workers, and a `make run` of the same checkout, must never pass events to it."""
    if settings.TESTING:
        return Path(tempfile.gettempdir()) / f"tremplin-live-{os.getpid()}"
    return Path(settings.VAR_DIR) / "live"


class RelayChannelLayer(InMemoryChannelLayer):
    def __init__(self, directory: str = "", timeout: float = 2.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.directory: Path | None = Path(directory) if directory else default_directory()
        self.timeout = timeout
        # This instance's name: its socket file, and the mark of its specific channels.
        self.token = secrets.token_hex(6)
        self.path: Path | None = None
        self._server: asyncio.Server | None = None
        self._server_loop: asyncio.AbstractEventLoop | None = None

    # ------------------------------------------------------------------ sending

    async def group_send(self, group: str, message: dict) -> None:
        await self.group_send_many([group], message)

    async def group_send_many(self, groups: list[str], message: dict) -> None:
        """One event to many groups: delivered here, then relayed in a few frames."""
        assert isinstance(message, dict), "message is not a dict"
        for group in groups:
            self.require_valid_group_name(group)
        self._deliver_here(groups, message)
        frames = [
            pack({"groups": groups[start : start + GROUPS_PER_FRAME], "message": message})
            for start in range(0, len(groups), GROUPS_PER_FRAME)
        ]
        await self._relay(b"".join(frames))

    async def send(self, channel: str, message: dict) -> None:
        """A specific channel of another process (its name carries that process's
        token) is relayed; every other channel is this process's, as in memory."""
        if "!" not in channel or self._is_ours(channel):
            await super().send(channel, message)
            return
        self.require_valid_channel_name(channel)
        await self._relay(pack({"channel": channel, "message": message}))

    async def new_channel(self, prefix: str = "specific.") -> str:
        # A process creates channels when a consumer starts: from then on it listens.
        await self._listen()
        return f"{prefix}relay{self.token}!{secrets.token_hex(6)}"

    def _is_ours(self, channel: str) -> bool:
        return f"relay{self.token}!" in channel

    def _deliver_here(self, groups: Iterable[str], message: dict) -> None:
        """The in-memory layer's group_send for many groups at once (its own cleans
        the expired messages once per group)."""
        self._clean_expired()
        expires = time.time() + self.expiry
        for group in groups:
            for channel in list(self.groups.get(group, {})):
                queue = self.channels.setdefault(
                    channel, asyncio.Queue(maxsize=self.get_capacity(channel))
                )
                with contextlib.suppress(asyncio.QueueFull):  # as in memory: dropped
                    queue.put_nowait((expires, deepcopy(message)))

    def _peers(self) -> list[Path]:
        if self.directory is None:
            return []
        try:
            entries = list(os.scandir(self.directory))
        except FileNotFoundError:
            return []
        return [
            Path(entry.path)
            for entry in entries
            if entry.name.endswith(SUFFIX) and Path(entry.path) != self.path
        ]

    async def _relay(self, data: bytes) -> None:
        peers = self._peers()
        if peers:
            await asyncio.gather(*(self._send_to(peer, data) for peer in peers))

    async def _send_to(self, peer: Path, data: bytes) -> None:
        try:
            async with asyncio.timeout(self.timeout):
                _reader, writer = await asyncio.open_unix_connection(str(peer))
                writer.write(data)
                await writer.drain()
                writer.close()
                await writer.wait_closed()
        except (ConnectionRefusedError, FileNotFoundError):
            # No one listens there any more (a process killed before removing it).
            with contextlib.suppress(FileNotFoundError):
                peer.unlink()
        except (OSError, TimeoutError):
            logger.warning("live events: %s did not take an event", peer.name, exc_info=True)

    # ------------------------------------------------------------------ listening

    async def _listen(self) -> None:
        loop = asyncio.get_running_loop()
        if self._server_loop is loop or self.directory is None:
            return
        # A new event loop (a server holds one; tests start one per scenario): the
        # previous loop's server goes, a new one listens at the same address.
        self._stop()
        path = self.directory / f"{self.token}{SUFFIX}"
        if len(os.fsencode(path)) > MAX_ADDRESS:
            logger.warning("live events stay in this process: %s is too long a path", path)
            self.directory = None
            return
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):  # made by an older release, or another umask
            self.directory.chmod(0o700)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # Bound and listening before it has its name: a sender never meets a file that
        # refuses connections and takes it for a dead process's.
        new = path.with_suffix(".new")
        with contextlib.suppress(FileNotFoundError):
            new.unlink()
        sock.bind(str(new))
        sock.listen(64)
        new.rename(path)
        self._server = await asyncio.start_unix_server(self._serve, sock=sock)
        self._server_loop = loop
        if self.path is None:
            atexit.register(self._stop)
        self.path = path
        _listening.add(self)

    def _stop(self) -> None:
        if self._server is not None:
            self._server.close()  # closes the socket, also when its loop has ended
        self._server = self._server_loop = None
        _listening.discard(self)
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            with contextlib.suppress(OSError):  # the last one out (a test's own directory)
                self.path.parent.rmdir()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                size = int.from_bytes(await reader.readexactly(4), "big")
                if size > MAX_FRAME:
                    raise ValueError(f"a frame of {size} bytes")
                frame = msgpack.unpackb(await reader.readexactly(size), raw=False)
                self._take(frame)
        except asyncio.IncompleteReadError:
            pass  # the sender is done
        except (ValueError, TypeError, KeyError, msgpack.UnpackException):
            logger.warning("live events: a malformed frame was dropped", exc_info=True)
        finally:
            writer.close()

    def _take(self, frame: dict[str, Any]) -> None:
        """Deliver a relayed event to this process's sockets only (never relay on)."""
        message = frame["message"]
        if not isinstance(message, dict):
            raise TypeError("an event is a dict")
        if "channel" in frame:
            channel = frame["channel"]
            if self._is_ours(channel):  # every process got it; one holds the channel
                queue = self.channels.setdefault(
                    channel, asyncio.Queue(maxsize=self.get_capacity(channel))
                )
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait((time.time() + self.expiry, message))
            return
        groups = frame["groups"]
        for group in groups:
            self.require_valid_group_name(group)
        self._deliver_here(groups, message)
