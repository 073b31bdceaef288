"""The notification centre and preferences in a real browser: axe-clean in French and
English, usable with the keyboard alone, and the unread badge kept current (here by the
polling fallback and by a live event dispatched the way realtime.js does; the end-to-end
websocket part runs once an ASGI live server fixture exists).

Selectors use ids, form actions and data attributes, not texts, except where a test
checks the English text on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.feed.hooks import MENTION, REACTION, REPLY
from tremplin.network.hooks import CONNECTION_ACCEPTED
from tremplin.network.services import connect
from tremplin.notifications import kinds
from tremplin.notifications.models import Notification, Preference
from tremplin.notifications.services import notify

SHOTS = Path("/tmp/shots15/harden")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nadia():
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    omar = UserFactory(email="omar@example.org", name="Omar Haddad")
    lea = UserFactory(email="lea@example.org", name="Léa Gagnon")
    connect(nadia, omar)
    notify(nadia, CONNECTION_ACCEPTED, actor=omar, target=omar.profile)
    read = notify(nadia, MENTION, actor=lea, data={"excerpt": "Merci pour l'atelier"})
    Notification.objects.filter(pk=read.pk).update(read_at=read.created)
    return nadia


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_centre_and_preferences_are_accessible(new_context, assert_accessible, nadia, lang):
    page = sign_in(new_context(), nadia)
    page.goto(f"/{lang}/notifications/")
    expect(page.locator(".notif")).to_have_count(2)
    expect(page.locator(".notif-unread")).to_have_count(1)
    expect(page.locator("[data-notif-badge]")).to_have_text("1")
    assert_accessible(page, f"/{lang}/notifications/")
    page.goto(f"/{lang}/notifications/?filter=unread")
    expect(page.locator(".notif")).to_have_count(1)
    assert_accessible(page, f"/{lang}/notifications/?filter=unread")
    page.goto(f"/{lang}/notifications/preferences/")
    expect(page.locator("fieldset")).to_have_count(len(kinds.all_keys()))
    assert_accessible(page, f"/{lang}/notifications/preferences/")


def test_the_centre_works_with_the_keyboard_alone(new_context, nadia):
    page = sign_in(new_context(bypass_csp=False), nadia)
    page.goto("/en/notifications/")
    row = Notification.objects.get(kind=CONNECTION_ACCEPTED)
    tab_to(page, f"form[action='/en/notifications/{row.pk}/open/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/en/p/omar-haddad/$"))
    row.refresh_from_db()
    assert row.read_at is not None
    expect(page.locator("[data-notif-badge]")).to_be_hidden()

    notify(nadia, REPLY, actor=row.actor)
    page.goto("/en/notifications/")
    tab_to(page, "form[action='/en/notifications/read-all/'] button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".notif-unread")).to_have_count(0)


def test_preferences_are_chosen_with_the_keyboard(new_context, nadia):
    page = sign_in(new_context(bypass_csp=False), nadia)
    page.goto("/en/notifications/preferences/")
    tab_to(page, "input[name='reaction']:checked")
    page.keyboard.press("ArrowDown")  # in-app → email at once
    expect(page.locator("input[name='reaction'][value='email']")).to_be_checked()
    tab_to(page, "form.notif-prefs button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Preference.objects.get(user=nadia, kind=REACTION).delivery == "email"
    expect(page.locator(".messages")).to_be_visible()


def test_the_badge_polls_when_the_live_socket_is_down(new_context, nadia):
    page = sign_in(new_context(bypass_csp=False), nadia)
    page.goto("/en/notifications/")
    expect(page.locator("[data-notif-badge]")).to_have_text("1")
    notify(nadia, MENTION, actor=UserFactory(name="Zoé Roy"))  # committed: a new one
    page.evaluate("document.dispatchEvent(new CustomEvent('tremplin:live-down', {detail: {}}))")
    expect(page.locator("[data-notif-badge]")).to_have_text("2")
    expect(page.locator("[data-notif-live]")).to_have_text("2 unread notifications")
    expect(page.locator("[data-notif-label]")).to_have_text("2 unread notifications")


def test_a_live_event_updates_the_badge_and_is_announced(new_context, nadia):
    page = sign_in(new_context(bypass_csp=False), nadia)
    page.goto("/en/")
    page.evaluate(
        "document.dispatchEvent(new CustomEvent('tremplin:live',"
        " {detail: {type: 'notification', unread: 5}}))"
    )
    badge = page.locator("[data-notif-badge]")
    expect(badge).to_have_text("5")
    expect(badge).to_be_visible()
    live = page.locator("[data-notif-live]")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("5 unread notifications")
    # Another feature's event does not touch the badge.
    page.evaluate(
        "document.dispatchEvent(new CustomEvent('tremplin:live',"
        " {detail: {type: 'message', unread: 9}}))"
    )
    expect(badge).to_have_text("5")


def test_a_notification_pushed_over_the_websocket_updates_the_badge(new_context, nadia):
    """End to end over the real websocket (the browser tests' server is uvicorn): Zoé
    asks Nadia to connect in her own browser, and Nadia's open page counts it at once."""
    page = sign_in(new_context(locale="en-CA", bypass_csp=False), nadia)
    page.goto("/en/")
    expect(page.locator("body[data-live-state='up']")).to_have_count(1)
    expect(page.locator("[data-notif-badge]")).to_have_text("1")

    zoe = UserFactory(email="zoe@example.org", name="Zoé Roy")
    asking = sign_in(new_context(), zoe)
    asking.goto("/fr/p/nadia-tremblay/")
    form = asking.locator("form.connect-form")
    form.locator("summary").click()
    with asking.expect_navigation():
        form.locator("button[type=submit]").click()

    expect(page.locator("[data-notif-badge]")).to_have_text("2")
    expect(page.locator("[data-notif-live]")).to_have_text("2 unread notifications")
    assert page.url.endswith("/en/")  # no reload happened


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_email_link_opens_the_target_through_a_post(new_context, nadia, lang):
    """Issue 15 (9): the email's link is a GET that changes nothing; in a browser its
    page POSTs at once (htmx, on load) and lands on the target, now read."""
    row = Notification.objects.get(kind=CONNECTION_ACCEPTED)
    page = sign_in(new_context(bypass_csp=False), nadia)
    page.goto(f"/{lang}/notifications/{row.pk}/open/")
    expect(page).to_have_url(re.compile(f"/{lang}/p/omar-haddad/$"))
    row.refresh_from_db()
    assert row.read_at is not None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_email_link_page_without_htmx(new_context, assert_accessible, nadia, lang):
    """Without htmx (blocked here), the page shows the notification and its button."""
    row = Notification.objects.get(kind=CONNECTION_ACCEPTED)
    page = sign_in(new_context(), nadia)
    page.route("**/htmx.min.js", lambda route: route.abort())
    page.goto(f"/{lang}/notifications/{row.pk}/open/")
    expect(page.locator("form.actions button[type=submit]")).to_be_visible()
    row.refresh_from_db()
    assert row.read_at is None  # the GET marked nothing
    assert_accessible(page, f"notification open page ({lang})")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"notification-open-{lang}.png"), full_page=True)
    with page.expect_navigation():
        page.locator("form.actions button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/{lang}/p/omar-haddad/$"))
    row.refresh_from_db()
    assert row.read_at is not None
