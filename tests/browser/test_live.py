"""The browser tests' server is ASGI (uvicorn), so a signed-in page opens its websocket,
as in production; and it closes it again when the server side refuses visitors."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_signed_in_page_opens_its_live_socket_under_the_strict_csp(new_context):
    member = UserFactory(email="lina@example.org", name="Lina Bouchard")
    page = sign_in(new_context(bypass_csp=False), member)
    expect(page.locator("body")).to_have_attribute("data-live-state", "up")


def test_a_visitor_page_has_no_live_socket(new_context):
    page = new_context().new_page()
    page.goto("/fr/")
    expect(page.locator("body")).not_to_have_attribute("data-live", "/ws/notifications/")
