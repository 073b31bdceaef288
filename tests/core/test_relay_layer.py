"""Live events without Redis: an event raised in another process of the machine (`make
run`'s worker) reaches the websockets the web process holds (core.relay_layer)."""

from __future__ import annotations

import asyncio
import json
import runpy
import socket
import sys
import tempfile
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings as django_settings

from tests.core.test_realtime import ORIGIN, communicator, session_cookie
from tests.factories import UserFactory
from tremplin.core.relay_layer import RelayChannelLayer

BACKEND = "tremplin.core.relay_layer.RelayChannelLayer"

# What the worker does: build the layer the settings name, publish, exit.
PUBLISHER = """
import asyncio, json, sys
from django.utils.module_loading import import_string
config, group, message = json.loads(sys.argv[1])
layer = import_string(config["BACKEND"])(**config.get("CONFIG", {}))
asyncio.run(layer.group_send(group, message))
"""


@pytest.fixture
def member(transactional_db):
    return UserFactory(email="zoe@example.org")


@pytest.fixture
def directory():
    # Short: a Unix socket's address holds 107 bytes, and pytest's tmp_path can be long.
    with tempfile.TemporaryDirectory(prefix="tl-") as name:
        yield Path(name)


def embedded_layer(monkeypatch) -> dict:
    """The channel layer the settings choose without REDIS_URL, as `make run` has it."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    return runpy.run_path(str(django_settings.BASE_DIR / "tremplin" / "settings.py"))[
        "CHANNEL_LAYERS"
    ]["default"]


def test_an_event_raised_in_another_process_reaches_an_open_tab(
    member, settings, monkeypatch, directory
):
    layer = {**embedded_layer(monkeypatch), "CONFIG": {"directory": str(directory)}}
    settings.CHANNEL_LAYERS = {"default": layer}
    payload = {"type": "notification", "kind": "job_alert", "added": 1}
    cookie = session_cookie(member)

    async def scenario():
        ws = communicator(ORIGIN, cookie)
        assert (await ws.connect())[0]
        assert await ws.receive_json() == {"type": "hello"}
        event = {"type": "user.event", "payload": payload}
        argument = json.dumps([layer, f"user-{member.pk}", event])
        worker = await asyncio.create_subprocess_exec(sys.executable, "-c", PUBLISHER, argument)
        assert await worker.wait() == 0
        received = await ws.receive_json(timeout=5)
        await ws.disconnect()
        return received

    assert async_to_sync(scenario)() == payload


def test_another_process_reaches_many_members_and_one_tab(directory):
    web, worker = (
        RelayChannelLayer(directory=str(directory)),
        RelayChannelLayer(directory=str(directory)),
    )
    message = {"type": "user.event", "payload": {"added": 1}}

    async def scenario():
        tabs = {}
        for group in ("user-1", "user-2", "user-3"):
            tabs[group] = await web.new_channel()
            await web.group_add(group, tabs[group])
        await worker.group_send_many([f"user-{n}" for n in range(1, 5_001)], message)
        got = {group: await asyncio.wait_for(web.receive(tab), 5) for group, tab in tabs.items()}
        await worker.send(tabs["user-2"], {"type": "user.event", "payload": {"one": 1}})
        got["one tab"] = await asyncio.wait_for(web.receive(tabs["user-2"]), 5)
        web._stop()
        return got

    assert async_to_sync(scenario)() == {
        "user-1": message,
        "user-2": message,
        "user-3": message,
        "one tab": {"type": "user.event", "payload": {"one": 1}},
    }


def test_a_dead_process_socket_is_removed_and_the_event_still_sent(directory):
    dead = directory / "dead.sock"
    left = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    left.bind(str(dead))  # bound, then the process died: nothing listens
    left.close()
    worker = RelayChannelLayer(directory=str(directory))

    async_to_sync(worker.group_send)("user-1", {"type": "user.event", "payload": {}})

    assert not dead.exists()


def test_a_layer_replaced_by_a_settings_change_stops_listening(settings, directory):
    """Or its socket, its event loop gone, would hold every later sender to its timeout."""
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": BACKEND, "CONFIG": {"directory": str(directory)}}
    }
    async_to_sync(get_channel_layer().new_channel)()
    assert [path.suffix for path in directory.iterdir()] == [".sock"]

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

    assert list(directory.glob("*.sock")) == []
