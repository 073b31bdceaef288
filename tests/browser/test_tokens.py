"""API tokens in a real browser (issue 15): a counsellor creates a token with two
scopes, gives her password and then her two-factor code again, copies the token, and
revokes it; a member does the same in English (password only: no TOTP). The page is
scanned with axe-core in both languages, with and without a new token shown.

Selectors use names and ids, not button texts, so the test survives translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.factories import PASSWORD, UserFactory, fresh_totp, give_totp
from tremplin.api.models import PersonalAccessToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots15/auth")


def shot(page, name: str) -> None:
    snap(page, f"tokens-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(context, user, lang: str, code: str | None = None):
    page = context.new_page()
    page.goto(f"/{lang}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if code is not None:
        page.wait_for_url(re.compile("2fa/authenticate"))
        page.fill("input[name=code]", code)
        page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile("login|2fa"))
    return page


def fill_new_token(page, name: str) -> None:
    page.fill("input[name=name]", name)
    page.select_option("select[name=days]", "30")
    page.check("input[name=area_messages][value=read]")
    page.check("input[name=area_jobs][value=write]")
    page.locator("form.token-form button[type=submit]").click()


def revoke_the_token(page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("table.tokens form button[type=submit]").first.click()
    expect(page.locator("table.tokens tbody tr")).to_have_count(1)
    expect(page.locator("table.tokens tbody td[colspan]")).to_be_visible()


def test_a_counsellor_creates_a_scoped_token_after_password_and_code_then_revokes_it(
    new_context, assert_accessible
):
    member = UserFactory(email="ines@example.org", name="Inès Gagnon")
    secret = give_totp(member)
    recovery = RecoveryCodes.activate(member).get_unused_codes()[0]
    page = sign_in(new_context(), member, "fr", code=recovery)  # the TOTP code comes later

    page.goto("/fr/security/tokens/")
    assert_accessible(page, "tokens page (fr)")
    shot(page, "tokens-fr-empty")
    fill_new_token(page, "Mon tableur")

    page.wait_for_url(re.compile("/fr/accounts/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile("/fr/accounts/2fa/reauthenticate/"))
    page.fill("input[name=code]", fresh_totp(secret))
    page.locator("main form button[type=submit]").first.click()

    new_token = page.locator("#new-token")
    expect(new_token).to_have_value(re.compile(r"^trp_"))
    expect(page.locator("table.tokens")).to_contain_text("Mon tableur")
    expect(page.locator("table.tokens")).to_contain_text("Messages : lecture seule")
    assert_accessible(page, "tokens page with a new token (fr)")
    shot(page, "tokens-fr-created")
    made = PersonalAccessToken.objects.get(user=member)
    assert made.scopes == ["messages:read", "jobs:read", "jobs:write"]

    page.goto("/fr/security/tokens/")
    revoke_the_token(page)
    shot(page, "tokens-fr-revoked")
    made.refresh_from_db()
    assert made.revoked_at is not None


def test_a_member_creates_a_token_in_english_after_her_password(new_context, assert_accessible):
    member = UserFactory(email="maya@example.org", name="Maya Roy", language="en")
    page = sign_in(new_context(locale="en-CA"), member, "en")

    page.goto("/en/security/tokens/")
    page.fill("input[name=name]", "x" * 0)
    page.locator("form.token-form button[type=submit]").click()  # nothing chosen
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page, "tokens page with errors (en)")
    shot(page, "tokens-en-errors")

    fill_new_token(page, "My sheet")
    page.wait_for_url(re.compile("/en/accounts/reauthenticate/"))
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()

    expect(page.locator("#new-token")).to_have_value(re.compile(r"^trp_"))
    expect(page.locator("table.tokens")).to_contain_text(
        "Jobs, job alerts and imports: read and write"
    )
    assert_accessible(page, "tokens page with a new token (en)")
    shot(page, "tokens-en-created")
    revoke_the_token(page)
    shot(page, "tokens-en-revoked")
