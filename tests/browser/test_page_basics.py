"""Guards for the browser tests themselves, and the strict Content-Security-Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import format_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_accessibility_scanner_reports_violations(new_context, axe):
    """If axe-core were not injected or reported nothing, every scan would pass."""
    page = new_context().new_page()
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    violations = axe.run(page).response["violations"]
    found = {v["id"] for v in violations}
    assert {"image-alt", "label", "html-has-lang"} <= found, format_violations(violations)


@pytest.mark.parametrize(
    "path",
    ["/", "/fr/", "/en/accounts/signup/", "/fr/accounts/login/", "/en/people/"],
)
def test_pages_load_their_scripts_and_styles_under_the_strict_csp(new_context, path):
    context = new_context(bypass_csp=False)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    response = page.goto(path)
    page.wait_for_load_state("load")
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert not problems, problems
    sheets = page.evaluate("[...document.styleSheets].map(s => s.cssRules.length)")
    assert sheets and all(n > 10 for n in sheets)  # the stylesheet loaded and applies
    if path != "/":  # the language chooser needs no script
        assert page.evaluate("typeof window.htmx") == "object"


def test_people_search_updates_its_results_while_typing_under_the_strict_csp(new_context):
    from tests.factories import UserFactory
    from tremplin.core.audience import Audience
    from tremplin.profiles.models import Profile

    for email, name in [("ana@example.org", "Ana Lopez"), ("ben@example.org", "Ben Tremblay")]:
        UserFactory(email=email, name=name)
    Profile.objects.update(basics_visibility=Audience.PUBLIC)

    page = new_context(bypass_csp=False).new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto("/fr/people/")
    assert page.locator(".result").count() == 2

    page.fill("#q", "Tremblay")  # no submit: htmx fetches the fragment after a pause
    expect(page.locator(".result")).to_have_count(1)  # polls without eval (strict CSP)

    assert page.locator(".result").inner_text().startswith("Ben Tremblay")
    assert page.locator("#search-count").inner_text().strip() == "1 personne trouvée"
    assert page.url.endswith("/fr/people/?q=Tremblay")  # the address follows (hx-push-url)
    assert not problems, problems


def test_people_search_keeps_those_open_to_collaborate_by_keyboard(new_context, assert_accessible):
    from tests.factories import UserFactory
    from tremplin.core.audience import Audience
    from tremplin.profiles.models import Profile

    ana = UserFactory(email="ana@example.org", name="Ana Lopez")
    UserFactory(email="ben@example.org", name="Ben Tremblay")
    Profile.objects.update(basics_visibility=Audience.PUBLIC)
    Profile.objects.filter(user=ana).update(open_to_collaborate=True)

    page = new_context(bypass_csp=False).new_page()
    page.goto("/en/people/")
    expect(page.locator(".result")).to_have_count(2)
    page.locator("#q").focus()
    page.keyboard.press("Tab")  # to the checkbox, then tick it: htmx follows the change
    expect(page.locator("#collaborate")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator(".result")).to_have_count(1)
    assert page.locator(".result").inner_text().startswith("Ana Lopez")
    assert "Open to collaborate" in page.locator(".result").inner_text()
    assert "collaborate=on" in page.url
    assert_accessible(page, "people search, open to collaborate (en)")
    page.goto("/fr/people/?collaborate=on")
    expect(page.locator(".result")).to_have_count(1)
    assert "Ouvert·e à collaborer" in page.locator(".result").inner_text()
    assert_accessible(page, "people search, open to collaborate (fr)")


def test_the_browsable_api_docs_render_under_the_strict_csp(new_context):
    page = new_context(bypass_csp=False).new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    assert page.locator(".swagger-ui .opblock").count() >= 8  # every operation is listed
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_deleting_a_profile_item_asks_first_and_cancelling_keeps_it(new_context):
    from datetime import date

    from tests.factories import PASSWORD, UserFactory
    from tremplin.profiles.models import Experience

    user = UserFactory(email="del@example.org", name="Dora Leblanc")
    Experience.objects.create(
        profile=user.profile,
        title="Soudeuse",
        organization_name="Acier Nord",
        start=date(2020, 1, 1),
    )
    page = new_context(bypass_csp=False).new_page()
    page.goto("/fr/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile("login"))
    page.goto("/fr/p/dora-leblanc/")

    messages: list[str] = []
    page.once("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    page.get_by_role("button", name="Supprimer Soudeuse — Acier Nord").click()
    assert messages == ["Supprimer cet élément pour de bon?"]
    assert Experience.objects.filter(profile=user.profile).count() == 1

    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Supprimer Soudeuse — Acier Nord").click()
    expect(page.locator(".messages")).to_contain_text("Supprimé")
    page.wait_for_load_state("networkidle")  # the server thread is done with the database
    assert Experience.objects.filter(profile=user.profile).count() == 0


def test_a_password_can_be_shown_and_hidden_again_from_the_keyboard(new_context, assert_accessible):
    page = new_context().new_page()
    page.goto("/fr/accounts/login/")
    field = page.locator("#id_password")
    field.fill("ma phrase de passe")
    button = page.get_by_role("button", name="Afficher le mot de passe")
    expect(button).to_be_visible()

    button.focus()
    page.keyboard.press("Enter")
    expect(field).to_have_attribute("type", "text")
    expect(page.get_by_role("button", name="Masquer le mot de passe")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_accessible(page, "login, password shown")
    page.keyboard.press("Enter")
    expect(field).to_have_attribute("type", "password")
    expect(field).to_have_value("ma phrase de passe")
