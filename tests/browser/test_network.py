"""Two members connect in a real browser: one asks from the other's profile page with a
note, the other accepts on "My network"; both then see each other as connections. The
network page is scanned with axe-core.

Selectors use form actions and ids, not button texts, so the test survives translation.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import format_violations
from tests.factories import PASSWORD, UserFactory, fresh_totp
from tremplin.network.models import ConnectionRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Nous étions ensemble à l'atelier CV de mardi."


def sign_in(context, user, secret=None, lang="fr"):
    """Sign in through the login form (every browser test's first step); `secret`: the
    member's TOTP secret, for roles that must use two-factor authentication."""
    page = context.new_page()
    page.goto(f"/{lang}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if secret is not None:
        page.wait_for_url(re.compile("2fa/authenticate"))
        page.fill("input[name=code]", fresh_totp(secret))
        page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile("login|2fa"))
    return page


def test_a_request_with_a_note_from_the_profile_then_accepted_on_my_network(new_context, axe):
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    omar = UserFactory(email="omar@example.org", name="Omar Haddad")

    # Nadia asks Omar from his profile page, with a note.
    asking = sign_in(new_context(bypass_csp=False), nadia)
    asking.goto("/fr/p/omar-haddad/")
    form = asking.locator("form.connect-form")
    form.locator("summary").click()
    asking.fill("#connect-note", NOTE)
    with asking.expect_navigation():
        form.locator("button[type=submit]").click()
    assert asking.url.endswith("/fr/p/omar-haddad/")
    expect(asking.locator(".messages")).to_be_visible()
    request = ConnectionRequest.objects.get()
    assert request.note == NOTE
    expect(
        asking.locator(f"form[action='/fr/network/requests/{request.pk}/withdraw/']")
    ).to_have_count(1)

    # Omar finds it on "My network" (from the main navigation) and accepts.
    answering = sign_in(new_context(), omar)
    answering.locator("nav a[href='/fr/network/']").click()
    expect(answering).to_have_url(re.compile("/fr/network/$"))
    invitation = answering.locator(".request-received")
    expect(invitation).to_contain_text("Nadia Tremblay")
    expect(invitation).to_contain_text(NOTE)

    results = axe.run(answering, options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert results.response["testEngine"]["name"] == "axe-core"
    assert not violations, "axe-core on /fr/network/:\n" + format_violations(violations)

    with answering.expect_navigation():
        invitation.locator(
            f"form[action='/fr/network/requests/{request.pk}/accept/'] button"
        ).click()
    expect(answering.locator(".request-received")).to_have_count(0)
    expect(answering.locator(".connection a[href='/fr/p/nadia-tremblay/']")).to_have_count(1)

    # Nadia sees Omar among her connections, and his profile says so.
    asking.goto("/fr/network/")
    expect(asking.locator(".connection a[href='/fr/p/omar-haddad/']")).to_have_count(1)
    asking.goto("/fr/p/omar-haddad/")
    expect(asking.locator("form[action='/fr/network/people/omar-haddad/remove/']")).to_have_count(1)

    # The connections search narrows the list while typing (htmx) under the strict CSP.
    asking.goto("/fr/network/")
    asking.fill("#id_q", "zzz")
    expect(asking.locator(".connection")).to_have_count(0)
    asking.fill("#id_q", "Omar")
    expect(asking.locator(".connection")).to_have_count(1)

    results = axe.run(asking, options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, "axe-core on /fr/network/ (with a connection):\n" + format_violations(
        violations
    )
