"""The websocket edge: who may connect, and events pushed to one user's open tabs."""

from __future__ import annotations

import os

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings as django_settings
from django.test import Client

from tests.core.websocket import WebsocketClient
from tests.factories import UserFactory
from tremplin.asgi import application
from tremplin.core.realtime import send_to_user, send_to_users

PATH = "/ws/notifications/"
ORIGIN = (b"origin", b"http://localhost")


@pytest.fixture(autouse=True)
def _embedded_layer(settings):
    # The layer without Redis (core.relay_layer). Changing the setting makes channels
    # drop the layers it built (setting_changed).
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "tremplin.core.relay_layer.RelayChannelLayer"}
    }


@pytest.fixture
def member(transactional_db):
    # The websocket runs the session lookup in another thread: the data must be committed.
    return UserFactory(email="zoe@example.org")


def session_cookie(user) -> tuple[bytes, bytes]:
    return _signed_in_pair(user)[2]


HOST = (b"host", b"localhost")


def communicator(*headers) -> WebsocketClient:
    """A socket asked of `localhost` (its Host header, as a browser sends it)."""
    return WebsocketClient(application, PATH, headers=[HOST, *headers])


def opens(origin: bytes, cookie) -> bool:
    """Whether a page at `origin` opens the member's socket."""

    async def scenario():
        ws = communicator((b"origin", origin), cookie)
        connected, _ = await ws.connect()
        await ws.disconnect()
        return connected

    return async_to_sync(scenario)()


def test_an_anonymous_visitor_is_refused(transactional_db):
    async def scenario():
        ws = communicator(ORIGIN)
        connected, code = await ws.connect()
        await ws.disconnect()
        return connected, code

    connected, code = async_to_sync(scenario)()

    assert connected is False
    assert code == 4401


def test_a_signed_in_member_is_greeted(member):
    cookie = session_cookie(member)

    async def scenario():
        ws = communicator(ORIGIN, cookie)
        connected, _ = await ws.connect()
        hello = await ws.receive_json()
        await ws.disconnect()
        return connected, hello

    connected, hello = async_to_sync(scenario)()

    assert connected is True
    assert hello == {"type": "hello"}


def test_a_page_of_another_site_cannot_open_the_socket(member):
    cookie = session_cookie(member)

    assert opens(b"https://evil.example", cookie) is False


@pytest.mark.parametrize(
    "origin",
    [
        b"http://localhost:8081",  # another program on another port of the same host
        b"https://localhost",  # another scheme
        b"null",
        b"http://localhost.evil.example",
    ],
)
def test_a_page_of_another_origin_of_the_same_host_cannot_open_the_socket(member, origin):
    cookie = session_cookie(member)

    assert opens(origin, cookie) is False


def test_a_page_at_the_public_address_opens_the_socket(member, settings):
    """Behind a proxy the Host header may be the proxy's: the public address (SITE_URL)
    is ours too."""
    settings.SITE_URL = "https://tremplin.example"
    settings.ALLOWED_HOSTS = ["tremplin.example", "localhost"]
    cookie = session_cookie(member)

    assert opens(b"https://tremplin.example", cookie) is True


def test_an_event_sent_to_the_member_reaches_every_open_tab(member):
    payload = {"type": "notification", "text": "Nouvelle offre", "count": 3}

    cookie = session_cookie(member)

    async def scenario():
        tabs = [communicator(ORIGIN, cookie), communicator(ORIGIN, cookie)]
        for tab in tabs:
            await tab.connect()
            assert await tab.receive_json() == {"type": "hello"}
        await sync_to_async(send_to_user)(member.pk, payload)
        received = [await tab.receive_json() for tab in tabs]
        for tab in tabs:
            await tab.disconnect()
        return received

    assert async_to_sync(scenario)() == [payload, payload]


def test_an_event_for_someone_else_is_not_delivered(member):
    other = UserFactory(email="other@example.org")

    cookie = session_cookie(member)

    async def scenario():
        ws = communicator(ORIGIN, cookie)
        await ws.connect()
        await ws.receive_json()
        await sync_to_async(send_to_user)(other.pk, {"type": "secret"})
        await sync_to_async(send_to_user)(member.pk, {"type": "mine"})
        first = await ws.receive_json()
        nothing_else = await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()
        return first, nothing_else

    first, nothing_else = async_to_sync(scenario)()

    assert first == {"type": "mine"}
    assert nothing_else is True


def test_a_closed_tab_leaves_the_group(member):
    from channels.layers import get_channel_layer

    cookie = session_cookie(member)

    async def scenario():
        ws = communicator(ORIGIN, cookie)
        await ws.connect()
        await ws.receive_json()
        await ws.disconnect()
        return get_channel_layer().groups.get(f"user-{member.pk}", {})

    assert async_to_sync(scenario)() == {}


def _layers() -> list[str]:
    # The pipelined path exists only on Redis: the PostgreSQL + Redis pass runs it.
    return ["memory", "redis"] if os.environ.get("REDIS_URL") else ["memory"]


@pytest.mark.parametrize("layer", _layers())
def test_one_event_for_many_members_reaches_each_open_tab_and_no_one_else(member, settings, layer):
    if layer == "redis":
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [os.environ["REDIS_URL"]], "prefix": f"t{os.getpid()}"},
            }
        }
    other = UserFactory(email="yves@example.org")
    absent = UserFactory(email="xavier@example.org")
    stranger = UserFactory(email="walter@example.org")
    payload = {"type": "notification", "kind": "job_alert", "added": 1}
    cookies = {user.pk: session_cookie(user) for user in (member, other, stranger)}

    async def scenario():
        tabs = {
            "zoe-1": communicator(ORIGIN, cookies[member.pk]),
            "zoe-2": communicator(ORIGIN, cookies[member.pk]),
            "yves": communicator(ORIGIN, cookies[other.pk]),
            "walter": communicator(ORIGIN, cookies[stranger.pk]),
        }
        for tab in tabs.values():
            await tab.connect()
            assert await tab.receive_json() == {"type": "hello"}
        await sync_to_async(send_to_users)([member.pk, other.pk, absent.pk], payload)
        received = {name: await tabs[name].receive_json() for name in ("zoe-1", "zoe-2", "yves")}
        stranger_got_nothing = await tabs["walter"].receive_nothing(timeout=0.3)
        for tab in tabs.values():
            await tab.disconnect()
        return received, stranger_got_nothing

    received, stranger_got_nothing = async_to_sync(scenario)()

    assert received == {"zoe-1": payload, "zoe-2": payload, "yves": payload}
    assert stranger_got_nothing is True


def _signed_in_pair(member):
    """A browser (test client) signed in as `member`, and its session cookie header."""
    browser = Client()
    browser.force_login(member)
    key = browser.cookies[django_settings.SESSION_COOKIE_NAME].value
    return browser, key, (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={key}".encode())


def _closed_after(action, cookie, other_cookie=None):
    """Opens the session's socket (and another session's), runs `action` (synchronous),
    then says whether each socket was closed with the signed-out code."""

    async def scenario():
        ws = communicator(ORIGIN, cookie)
        assert (await ws.connect())[0]
        await ws.receive_json()  # hello
        other = None
        if other_cookie:
            other = communicator(ORIGIN, other_cookie)
            assert (await other.connect())[0]
            await other.receive_json()
        await sync_to_async(action)()
        closed = await ws.receive_output(timeout=5)
        still_open = None
        if other:
            still_open = await other.receive_nothing(timeout=0.3)
            await other.disconnect()
        return closed, still_open

    return async_to_sync(scenario)()


def test_signing_out_closes_the_sessions_sockets(member):
    browser, _key, cookie = _signed_in_pair(member)
    _other_browser, _other_key, other_cookie = _signed_in_pair(member)

    closed, still_open = _closed_after(
        lambda: browser.post("/fr/accounts/logout/"), cookie, other_cookie
    )

    assert closed == {"type": "websocket.close", "code": 4401}
    assert still_open is True  # the member's other browser stays signed in


def test_revoking_a_session_closes_its_sockets(member):
    from allauth.usersessions.models import UserSession

    _browser, key, cookie = _signed_in_pair(member)
    revoked = UserSession.objects.create(
        user=member, session_key=key, ip="127.0.0.1", user_agent="Firefox"
    )

    closed, _ = _closed_after(revoked.end, cookie)

    assert closed == {"type": "websocket.close", "code": 4401}
