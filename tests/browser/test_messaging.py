"""Two members in a real browser: one sends, the other's open conversation shows it.

Run twice (`TRANSPORTS`): over the websocket (the ASGI live server of conftest.py; the
page stops polling once the socket is up) and through the polling fallback (the pages
get no WebSocket at all, as in a browser or network that refuses them, so
messaging.js polls the updates fragment).

The inbox, message requests, conversation and new-conversation pages are scanned with
axe-core in French and English. Selectors use ids and form actions, not button texts.
"""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.messaging import services
from tremplin.network.services import connect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRANSPORTS = ["websocket", "polling"]
NO_WEBSOCKET = "delete window.WebSocket;"


def quietly(make):
    """Build data in the test thread, where Playwright's event loop runs: live pushes
    (async_to_sync) cannot run here, and no page is open yet to receive them anyway."""
    with override_settings(CHANNEL_LAYERS={}):
        return make()


@pytest.fixture
def pair(live_server):
    def make():
        nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
        omar = UserFactory(email="omar@example.org", name="Omar Haddad")
        connect(nadia, omar)
        conversation, _m = services.start_conversation(nadia, [omar], "Bonjour Omar")
        return nadia, omar, conversation

    return quietly(make)


def open_as(new_context, user, transport):
    context = new_context(bypass_csp=False)
    if transport == "polling":
        context.add_init_script(NO_WEBSOCKET)
    page = sign_in(context, user)
    settle(page)
    return page


def settle(page):
    """Let the page's own requests (read receipts, first poll) finish first."""
    page.wait_for_load_state("networkidle")


def send(page) -> None:
    """Click "send" (htmx) and expect the server to accept it."""
    with page.expect_response(lambda r: r.url.endswith("/send/")) as answer:
        page.locator("#send-form button[type=submit]").click()
    assert answer.value.status == 200


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_message_sent_by_one_appears_on_the_others_open_page(new_context, pair, transport):
    nadia, omar, conversation = pair
    url = f"/fr/messages/{conversation.pk}/"

    reading = open_as(new_context, nadia, transport)
    reading.goto(url)
    settle(reading)
    expect(reading.locator("#messages li")).to_have_count(1)
    log = reading.locator("[data-conversation]")
    if transport == "polling":
        expect(log).to_have_attribute("data-polling", "on")
    else:
        expect(reading.locator("body")).to_have_attribute("data-live-state", "up")
        expect(log).to_have_attribute("data-polling", "off")

    writing = open_as(new_context, omar, transport)
    writing.goto(url)
    settle(writing)
    writing.fill("#send-form textarea", "Salut **Nadia**, à demain")
    send(writing)
    # htmx: no reload; the writer's own list gets the message and the form is emptied.
    expect(writing.locator("#messages li")).to_have_count(2)
    expect(writing.locator("#send-form textarea")).to_have_value("")
    assert writing.url.endswith(url)

    arrived = reading.locator("#messages li").nth(1)
    expect(arrived).to_contain_text("Salut Nadia, à demain")
    expect(arrived.locator("strong", has_text="Nadia")).to_have_count(1)
    # Nadia's page was open and visible: the message is read, and Omar is told.
    expect(writing.locator("#seen-by")).to_contain_text("Nadia Tremblay")
    if transport == "websocket":
        expect(log).to_have_attribute("data-polling", "off")  # it came over the socket


@pytest.mark.parametrize("language", ["fr", "en"])
def test_messaging_pages_have_no_axe_violations(new_context, pair, assert_accessible, language):
    nadia, omar, conversation = pair

    def make():
        stranger = UserFactory(email="sami@example.org", name="Sami Stranger")
        request, _m = services.start_conversation(stranger, [nadia], "Bonjour, *on se connaît*?")
        group, _m = services.start_conversation(nadia, [omar], "Groupe", name="Atelier CV")
        return request, group

    request, group = quietly(make)
    page = sign_in(new_context(), nadia)
    for path in (
        "messages/",
        "messages/requests/",
        f"messages/{conversation.pk}/",
        f"messages/{request.pk}/",
        f"messages/{group.pk}/",
        "messages/new/",
        "messages/search/?q=Bonjour",
    ):
        page.goto(f"/{language}/{path}")
        settle(page)
        expect(page).to_have_url(re.compile(re.escape(path.split("?")[0])))
        assert_accessible(page, f"/{language}/{path}")
    # The form with errors (and the PII warning) too.
    page.goto(f"/{language}/messages/new/")
    page.fill("#id_to", "personne-inconnue")
    page.fill("#id_body", "Appelle-moi au 613-555-0199")
    page.locator("#new-conversation button[type=submit]").click()
    expect(page.locator(".pii-warning")).to_have_count(1)
    assert_accessible(page, f"/{language}/messages/new/ (errors)")
