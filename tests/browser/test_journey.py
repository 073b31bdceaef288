"""The journey from the issue, in a real browser, with axe-core on every page.

A visitor picks French on the language chooser, signs up, verifies the address from the
e-mail, turns on two-factor authentication (TOTP, with recovery codes), completes the
profile with a photo, hides the "About" section, and a second member then sees the basics
but not the hidden section. The first member switches to English from the header. Every
page on the way is scanned, in both languages.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from PIL import Image

from tests.browser.conftest import format_violations
from tests.factories import PASSWORD, UserFactory, fresh_totp
from tremplin.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "amina.diallo@example.org"
NAME = "Amina Diallo"
SECRET_PASSWORD = "Tremplin-journey-2026!"
HEADLINE = "Soudeuse certifiée, 8 ans d'expérience"
CITY = "Sudbury"
ABOUT = "Passionnée par la fabrication métallique et le travail d'équipe."
SKILLS = "Soudage MIG, Lecture de plans, Sécurité au travail"


class A11y:
    """Collects axe-core violations page by page, so one run lists all of them."""

    def __init__(self, axe, artifacts):
        self.axe = axe
        self.artifacts = artifacts
        self.scanned: list[str] = []
        self.failures: dict[str, list[dict]] = {}

    def scan(self, page, label: str, screenshot: bool = False) -> None:
        page.wait_for_load_state("load")
        results = self.axe.run(page, options={"resultTypes": ["violations"]})
        assert results.response["testEngine"]["name"] == "axe-core"
        self.scanned.append(f"{label} {page.url}")
        if results.response["violations"]:
            self.failures[f"{label} ({page.url})"] = results.response["violations"]
        (self.artifacts / f"{label}.html").write_text(page.content())
        if screenshot:
            page.screenshot(path=str(self.artifacts / f"{label}.png"), full_page=True)

    def assert_clean(self) -> None:
        report = "\n".join(
            f"{where}:\n{format_violations(violations)}"
            for where, violations in self.failures.items()
        )
        assert not self.failures, "axe-core found violations:\n" + report


@pytest.fixture
def a11y(axe, artifacts):
    return A11y(axe, artifacts)


def main_form(page):
    """The page's own form (the header has forms too: language switch, sign out)."""
    return page.locator("main form:has(button[type=submit])").first


def submit(page):
    with page.expect_navigation():
        main_form(page).locator("button[type=submit]").first.click()


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def last_link_in_mail(to: str) -> str:
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no e-mail to {to} in {[m.to for m in mail.outbox]}"
    match = re.search(r"https?://\S+/accounts/confirm-email/\S+/", messages[-1].body)
    assert match, messages[-1].body
    return match.group(0)


def make_png(path) -> str:
    Image.new("RGB", (240, 240), (11, 92, 173)).save(path, "PNG")
    return str(path)


def check_skip_link(page) -> str:
    """Keyboard: the first Tab from the top lands on a visible 'skip' link, which moves
    focus to the main content."""
    page.locator("body").focus()
    page.evaluate("window.scrollTo(0, 0)")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.get_attribute("href") == "#main"
    assert focused.get_attribute("class") == "skip-link"
    box = focused.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert box["width"] > 20 and box["height"] > 10
    assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"]
    assert focused.is_visible()
    text = focused.inner_text()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    return text


def test_sign_up_in_french_protect_profile_and_switch_to_english(
    new_context, live_server, a11y, artifacts, tmp_path, settings
):
    # Account emails are built by a task, from the site's address (SITE_URL), not from
    # the request's host: here the site is the live server.
    settings.SITE_URL = live_server.url
    # --- the language chooser: Français and English with equal prominence -----------
    amina = new_context()
    page = amina.new_page()
    page.goto("/")
    a11y.scan(page, "01-chooser", screenshot=True)
    french = page.get_by_role("button", name="Français", exact=True)
    english = page.get_by_role("button", name="English", exact=True)
    assert french.get_attribute("lang") == "fr" and english.get_attribute("lang") == "en"
    fr_box, en_box = french.bounding_box(), english.bounding_box()
    assert (round(fr_box["width"]), round(fr_box["height"])) == (
        round(en_box["width"]),
        round(en_box["height"]),
    )
    style = "e => [getComputedStyle(e).fontSize, getComputedStyle(e).backgroundColor]"
    assert french.evaluate(style) == english.evaluate(style)
    with page.expect_navigation():
        french.click()
    assert page.url == f"{live_server.url}/fr/"
    assert html_lang(page) == "fr"
    a11y.scan(page, "02-home-fr", screenshot=True)
    assert check_skip_link(page) != "Skip to main content"  # translated

    # --- sign up --------------------------------------------------------------------
    page.goto("/fr/accounts/signup/")
    assert html_lang(page) == "fr"
    a11y.scan(page, "03-signup-fr", screenshot=True)
    form = main_form(page)
    form.locator("[name=name]").fill(NAME)
    form.locator("[name=email]").fill(EMAIL)
    form.locator("[name=password1]").fill(SECRET_PASSWORD)
    form.locator("[name=password2]").fill(SECRET_PASSWORD)
    submit(page)
    assert "/fr/accounts/confirm-email/" in page.url
    a11y.scan(page, "04-verification-sent-fr", screenshot=True)
    user = User.objects.get(email=EMAIL)
    assert user.language == "fr"
    assert user.profile.display_name == NAME
    handle = user.profile.handle

    # --- verify the address from the e-mail -----------------------------------------
    link = last_link_in_mail(EMAIL)
    assert link.startswith(f"{live_server.url}/fr/")
    page.goto(link)
    a11y.scan(page, "05-verify-email-fr", screenshot=True)
    submit(page)
    assert user.emailaddress_set.get(email=EMAIL).verified

    # --- two-factor authentication: TOTP, then the recovery codes --------------------
    page.goto("/fr/accounts/2fa/")
    a11y.scan(page, "06-mfa-index-fr")
    with page.expect_navigation():
        page.locator("main a[href$='/accounts/2fa/totp/activate/']").click()
    if "/accounts/reauthenticate/" in page.url:  # signed in by the e-mail link, not a password
        a11y.scan(page, "07-reauthenticate-fr", screenshot=True)
        main_form(page).locator("[name=password]").fill(SECRET_PASSWORD)
        submit(page)
    assert "/fr/accounts/2fa/totp/activate/" in page.url
    a11y.scan(page, "07-mfa-activate-fr", screenshot=True)
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    main_form(page).locator("[name=code]").fill(fresh_totp(secret))
    submit(page)
    assert "/fr/accounts/2fa/recovery-codes/" in page.url
    a11y.scan(page, "08-recovery-codes-fr", screenshot=True)
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    assert user.authenticator_set.filter(type="totp").exists()

    # --- complete the profile ---------------------------------------------------------
    page.goto("/fr/profile/edit/")
    a11y.scan(page, "09-profile-edit-fr", screenshot=True)
    form = main_form(page)
    form.locator("[name=headline]").fill(HEADLINE)
    form.locator("[name=city]").fill(CITY)
    form.locator("[name=region]").select_option("ON")
    form.locator("[name=about]").fill(ABOUT)
    form.locator("[name=skills_text]").fill(SKILLS)
    submit(page)
    assert page.locator(".errorlist").count() == 0, page.locator("main").inner_text()
    user.profile.refresh_from_db()
    assert user.profile.headline == HEADLINE

    page.goto("/fr/profile/photo/")
    a11y.scan(page, "10-photo-fr")
    main_form(page).locator("[name=photo]").set_input_files(make_png(tmp_path / "me.png"))
    submit(page)
    user.profile.refresh_from_db()
    assert user.profile.photo
    page.goto("/fr/profile/photo/")
    a11y.scan(page, "11-photo-uploaded-fr", screenshot=True)

    # --- hide a section: "About" for me only ----------------------------------------
    page.goto("/fr/profile/privacy/")
    a11y.scan(page, "12-privacy-fr", screenshot=True)
    main_form(page).locator("[name=about_visibility]").select_option("only_me")
    submit(page)
    user.profile.refresh_from_db()
    assert user.profile.about_visibility == "only_me"

    page.goto(f"/fr/p/{handle}/")
    a11y.scan(page, "13-own-profile-fr", screenshot=True)
    assert ABOUT in page.locator("main").inner_text()  # the owner still sees it
    page.goto("/fr/people/")
    a11y.scan(page, "14-people-fr")
    page.goto("/fr/organisations/")
    a11y.scan(page, "15-organisations-fr")

    # --- another member sees the basics, not the hidden section -----------------------
    bruno = UserFactory(email="bruno.tremblay@example.org", name="Bruno Tremblay")
    other = new_context().new_page()
    other.goto("/fr/accounts/login/")
    a11y.scan(other, "16-login-fr", screenshot=True)
    main_form(other).locator("[name=login]").fill(bruno.email)
    main_form(other).locator("[name=password]").fill(PASSWORD)
    submit(other)
    assert "/accounts/login/" not in other.url
    other.goto(f"/fr/p/{handle}/")
    a11y.scan(other, "17-profile-seen-by-member-fr", screenshot=True)
    seen = other.locator("main").inner_text()
    assert NAME in seen and HEADLINE in seen and CITY in seen
    assert other.locator(f"img[src$='/p/{handle}/photo.jpg']").count() == 1
    assert "Soudage MIG" in seen  # skills stay visible to members
    assert ABOUT not in seen
    assert other.locator("#about-h").count() == 0
    other.goto("/fr/people/?q=Diallo")
    a11y.scan(other, "18-people-search-fr")

    # --- the first member switches to English from the header -------------------------
    page.goto(f"/fr/p/{handle}/")
    with page.expect_navigation():
        page.locator("header .language-switch button[value=en]").click()
    assert page.url == f"{live_server.url}/en/p/{handle}/"
    assert html_lang(page) == "en"
    assert page.locator("header .language-switch button").inner_text() == "Français"
    user.refresh_from_db()
    assert user.language == "en"
    a11y.scan(page, "19-own-profile-en", screenshot=True)
    assert check_skip_link(page) == "Skip to main content"
    for path, label in [
        ("/en/", "20-home-en"),
        ("/en/accounts/2fa/", "21-mfa-index-en"),
        ("/en/accounts/2fa/recovery-codes/", "22-recovery-codes-en"),
        ("/en/profile/edit/", "23-profile-edit-en"),
        ("/en/profile/photo/", "24-photo-en"),
        ("/en/profile/privacy/", "25-privacy-en"),
        ("/en/people/", "26-people-en"),
        ("/en/organisations/", "27-organisations-en"),
        ("/en/security/", "28-security-en"),
    ]:
        page.goto(path)
        assert html_lang(page) == "en", path
        a11y.scan(page, label, screenshot=label in {"23-profile-edit-en", "25-privacy-en"})

    # --- signing in again asks for the second factor (a recovery code works) ---------
    again = new_context().new_page()
    again.goto("/en/accounts/login/")
    a11y.scan(again, "29-login-en")
    main_form(again).locator("[name=login]").fill(EMAIL)
    main_form(again).locator("[name=password]").fill(SECRET_PASSWORD)
    submit(again)
    assert "/accounts/2fa/authenticate/" in again.url
    a11y.scan(again, "30-mfa-authenticate-en", screenshot=True)
    main_form(again).locator("[name=code]").fill(codes[0])
    submit(again)
    assert "/accounts/" not in again.url, again.url
    assert html_lang(again) == "en"  # the member's language now drives the site

    # --- English pages of the sign-up path, as a new visitor -------------------------
    visitor = new_context().new_page()
    visitor.goto("/")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="English", exact=True).click()
    assert visitor.url == f"{live_server.url}/en/"
    assert html_lang(visitor) == "en"
    a11y.scan(visitor, "31-home-en")
    visitor.goto("/en/accounts/signup/")
    a11y.scan(visitor, "32-signup-en")
    form = main_form(visitor)
    form.locator("[name=name]").fill("Chris Lee")
    form.locator("[name=email]").fill("chris.lee@example.org")
    form.locator("[name=password1]").fill(SECRET_PASSWORD)
    form.locator("[name=password2]").fill("not the same password")
    submit(visitor)
    assert "/en/accounts/signup/" in visitor.url
    assert visitor.locator("[aria-invalid=true]").count() >= 1
    assert visitor.locator("[name=name]").input_value() == "Chris Lee"  # nothing is lost
    a11y.scan(visitor, "33-signup-errors-en", screenshot=True)
    assert visitor.locator("[name=password1]").input_value() == ""  # never sent back
    visitor.locator("[name=password1]").fill(SECRET_PASSWORD)
    visitor.locator("[name=password2]").fill(SECRET_PASSWORD)
    submit(visitor)
    assert "/en/accounts/confirm-email/" in visitor.url
    a11y.scan(visitor, "34-verification-sent-en")
    visitor.goto(last_link_in_mail("chris.lee@example.org"))
    a11y.scan(visitor, "35-verify-email-en")
    submit(visitor)
    visitor.goto("/en/accounts/2fa/totp/activate/")
    a11y.scan(visitor, "36-mfa-activate-en")

    print(f"axe-core scanned {len(a11y.scanned)} pages")
    a11y.assert_clean()
