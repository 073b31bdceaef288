"""Reporting and moderation in a real browser: a member reports a post from its card
with the keyboard, a moderator removes it with a reason from the queue, and the author
finds the notification and the notice. Every page is axe-clean in French and English;
screenshots go to /tmp/shots15/moderation/ for people to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import UserFactory, give_totp
from tremplin.core.audience import Audience
from tremplin.feed.models import Item
from tremplin.feed.services import publish_post
from tremplin.moderation.models import Decision, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots15/moderation")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


@pytest.fixture
def world():
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    omar = UserFactory(email="omar@example.org", name="Omar Haddad")
    mod = UserFactory(email="mod@example.org", name="Maude Modératrice", is_moderator=True)
    secret = give_totp(mod)
    post = publish_post(
        nadia, "Envoyez 50 $ pour réserver votre entrevue !", audience=Audience.MEMBERS
    )
    return nadia, omar, mod, secret, post


def report_with_keyboard(page, post, lang: str, assert_accessible) -> None:
    page.goto(f"/{lang}/feed/items/{post.pk}/")
    link = f"a[href^='/{lang}/report/post/{post.pk}/']"
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page, f"/{lang}/report/post/ (form)")
    shot(page, f"report-form-{lang}")
    page.check("input[name=reason][value=scam]")
    page.fill("textarea[name=note]", "Il demande de l'argent pour une entrevue.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()


def test_a_report_a_removal_and_the_authors_notice(new_context, assert_accessible, world):
    nadia, omar, mod, secret, post = world

    # Omar reports the post from its page, with the keyboard only; a second try in
    # English shows the refusal on the form, his note kept.
    reporting = sign_in(new_context(bypass_csp=False), omar)
    report_with_keyboard(reporting, post, "fr", assert_accessible)
    assert Report.objects.get().reason == "scam"
    reporting.goto(f"/en/report/post/{post.pk}/")
    assert_accessible(reporting, "/en/report/post/ (form)")
    shot(reporting, "report-form-en")
    reporting.check("input[name=reason][value=spam]")
    reporting.fill("textarea[name=note]", "Again")
    reporting.locator("main form button[type=submit]").click()
    expect(reporting.locator(".error-summary")).to_contain_text("already reported")
    expect(reporting.locator("textarea[name=note]")).to_have_value("Again")
    assert_accessible(reporting, "/en/report/post/ (refused)")
    shot(reporting, "report-refused-en")
    for lang in ("fr", "en"):
        reporting.goto(f"/{lang}/reports/mine/")
        assert_accessible(reporting, f"/{lang}/reports/mine/")
        shot(reporting, f"my-reports-{lang}")

    # The moderator sees it in the queue and removes it with a reason.
    moderating = sign_in(new_context(), mod, secret)
    for lang in ("en", "fr"):
        moderating.goto(f"/{lang}/moderation/")
        expect(moderating.locator(".moderation-queue li")).to_have_count(1)
        assert "Omar" not in moderating.content()
        assert_accessible(moderating, f"/{lang}/moderation/")
        shot(moderating, f"queue-{lang}")
        moderating.goto(f"/{lang}/moderation/post/{post.pk}/")
        assert_accessible(moderating, f"/{lang}/moderation/post/")
        shot(moderating, f"entry-{lang}")
    moderating.check("input[name=action][value=remove]")
    moderating.locator("main form button[type=submit]").click()
    expect(moderating.locator(".errorlist")).to_be_visible()  # a reason is required
    assert_accessible(moderating, "/fr/moderation/post/ (refused)")
    moderating.check("input[name=action][value=remove]")
    moderating.fill("textarea[name=reason]", "Les frais pour une entrevue sont une arnaque.")
    with moderating.expect_navigation():
        moderating.locator("main form button[type=submit]").click()
    expect(moderating).to_have_url(re.compile("/fr/moderation/$"))
    expect(moderating.locator(".moderation-queue")).to_have_count(0)
    assert not Item.objects.filter(pk=post.pk).exists()
    for lang in ("fr", "en"):
        moderating.goto(f"/{lang}/moderation/log/")
        expect(moderating.locator(".moderation-log tbody tr")).to_have_count(1)
        assert_accessible(moderating, f"/{lang}/moderation/log/")
        shot(moderating, f"log-{lang}")

    # Nadia finds the notification and opens the notice.
    author = sign_in(new_context(bypass_csp=False), nadia)
    decision = Decision.objects.get()
    for lang, sentence in (
        ("fr", "Un modérateur a retiré une de vos publications."),
        ("en", "A moderator removed one of your posts."),
    ):
        author.goto(f"/{lang}/notifications/")
        expect(author.locator(".notif").first).to_contain_text(sentence)
        assert_accessible(author, f"/{lang}/notifications/ (removed)")
        shot(author, f"notification-{lang}")
        author.goto(f"/{lang}/moderation/notices/{decision.pk}/")
        expect(author.locator("blockquote")).to_contain_text("arnaque")
        assert "Omar" not in author.content()
        assert_accessible(author, f"/{lang}/moderation/notices/")
        shot(author, f"notice-{lang}")
