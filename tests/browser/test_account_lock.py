"""Issue 15 (6): the "it was not me" link of an email change, in a real browser: the
page explains and asks, its button locks the account, the done page says what happened
and what to do; axe-clean in French and English, with the keyboard alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory
from tremplin.accounts.mail import lock_token
from tremplin.accounts.models import User
from tremplin.accounts.services import note_address_left

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots15/harden")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_old_address_locks_the_account(new_context, assert_accessible, lang):
    zoe = UserFactory(email="zoe.new@example.org", name="Zoé Tremblay")
    change = note_address_left(zoe, "zoe@example.org", "zoe.new@example.org")
    page = new_context().new_page()
    page.goto(f"/{lang}/security/not-me/{lock_token(change)}/")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, f"lock page ({lang})")
    shot(page, f"lock-ask-{lang}")
    assert User.objects.get(pk=zoe.pk).email == "zoe.new@example.org"  # a GET locks nothing

    button = page.locator("main form button[type=submit]")
    for _ in range(40):  # the keyboard alone reaches the button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('main form button')"):
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(button).to_have_count(0)
    assert_accessible(page, f"locked page ({lang})")
    shot(page, f"lock-done-{lang}")
    zoe = User.objects.get(pk=zoe.pk)
    assert zoe.email == "zoe@example.org" and not zoe.has_usable_password()

    page.goto(f"/{lang}/security/not-me/{lock_token(change)}/")
    assert_accessible(page, f"used link ({lang})")
    shot(page, f"lock-used-{lang}")
