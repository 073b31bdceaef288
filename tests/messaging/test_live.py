"""Live delivery: a message sent through the API reaches every open tab of every
participant over the websocket, and nobody else's."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client

from tests.core.test_realtime import ORIGIN, communicator, session_cookie
from tests.factories import UserFactory
from tremplin.api.services import create_token
from tremplin.messaging import services
from tremplin.network.services import connect


@pytest.fixture(autouse=True)
def _in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


@pytest.fixture
def trio(transactional_db):
    # The websocket looks the session up in another thread: rows must be committed.
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    omar = UserFactory(email="omar@example.org", name="Omar Haddad")
    zoe = UserFactory(email="zoe@example.org", name="Zoé Outsider")
    connect(nadia, omar)
    conversation, _m = services.start_conversation(nadia, [omar], "Bonjour")
    return nadia, omar, zoe, conversation


async def next_message_event(tab, tries: int = 5) -> dict:
    """The next "message" event (a notification event may come first)."""
    for _ in range(tries):
        event = await tab.receive_json()
        if event["type"] == "message":
            return event
    raise AssertionError("no message event")


def test_a_message_sent_over_the_api_reaches_the_other_participant_and_not_an_outsider(trio):
    nadia, omar, zoe, conversation = trio
    _t, raw = create_token(nadia, "live", can_write=True)

    def send() -> int:
        response = Client().post(
            f"/api/v1/messages/conversations/{conversation.pk}/messages",
            json.dumps({"body": "En direct"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 201, response.content
        return response.json()["id"]

    cookies = {user.pk: session_cookie(user) for user in (nadia, omar, zoe)}

    async def scenario():
        omar_tabs = [communicator(ORIGIN, cookies[omar.pk]) for _ in range(2)]
        nadia_tab = communicator(ORIGIN, cookies[nadia.pk])
        zoe_tab = communicator(ORIGIN, cookies[zoe.pk])
        for tab in [*omar_tabs, nadia_tab, zoe_tab]:
            assert (await tab.connect())[0]
            assert await tab.receive_json() == {"type": "hello"}
        message_id = await sync_to_async(send)()
        received = [await next_message_event(tab) for tab in omar_tabs]
        own = await next_message_event(nadia_tab)
        nothing_for_zoe = await zoe_tab.receive_nothing(timeout=0.3)
        for tab in [*omar_tabs, nadia_tab, zoe_tab]:
            await tab.disconnect()
        return message_id, received, own, nothing_for_zoe

    message_id, received, own, nothing_for_zoe = async_to_sync(scenario)()

    expected = {
        "type": "message",
        "event": "new",
        "conversation": conversation.pk,
        "message": message_id,
        "mine": False,
        "unread_conversations": 1,
    }
    assert received == [expected, expected]
    assert own == {**expected, "mine": True, "unread_conversations": 0}
    assert nothing_for_zoe is True
    assert "En direct" not in json.dumps(received)  # ids only: the page fetches the text


def test_the_updates_fragment_shows_what_the_event_announced(trio):
    nadia, omar, _zoe, conversation = trio
    last = conversation.last_message_id
    services.send_message(nadia, conversation, "Nouveau *message*")
    client = Client()
    client.force_login(omar)
    fragment = client.get(f"/fr/messages/{conversation.pk}/updates/", {"after": last})
    assert fragment.status_code == 200
    assert b"Nouveau <em>message</em>" in fragment.content
    assert b"<html" not in fragment.content
    assert (
        client.get(
            f"/fr/messages/{conversation.pk}/updates/",
            {"after": conversation.messages.latest("pk").pk},
        ).content.count(b"<li")
        == 0
    )
