"""Community moderation in a real browser: a member reports a reply in a private
community, the community's moderator (not a site moderator) removes it with a reason
from the queue, the author reads the notice; the community's log, the direct removal
form, "what was removed of mine" and the digest choice are axe-clean in French and
English. Screenshots go to /tmp/shots16/moderation/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.communities.moderation_world import make_world, stand_in_links
from tremplin.communities.models import ModerationAction, PostState, Reply
from tremplin.moderation.models import Decision, Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots16/moderation")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_reply_reported_removed_by_the_community_moderator_and_the_notice(
    new_context, assert_accessible, monkeypatch
):
    stand_in_links(monkeypatch)
    w = make_world()

    # The owner reports Mel's reply (back to the directory afterwards).
    reporting = sign_in(new_context(bypass_csp=False), w.owner)
    reporting.goto(f"/fr/report/reply/{w.reply.pk}/?next=/fr/communities/")
    assert_accessible(reporting, "/fr/report/reply/")
    reporting.check("input[name=reason][value=harassment]")
    reporting.fill("textarea[name=note]", "Propos blessants envers un membre.")
    with reporting.expect_navigation():
        reporting.locator("main form button[type=submit]").click()
    assert Report.objects.get().scope == f"community:{w.private.pk}"

    # Mo, the community's moderator, finds it in his queue and removes it with a reason.
    moderating = sign_in(new_context(bypass_csp=False), w.mod, lang="en")
    moderating.goto("/en/moderation/")
    expect(moderating.locator(".moderation-queue li")).to_have_count(1)
    moderating.goto(f"/en/moderation/reply/{w.reply.pk}/")
    moderating.check("input[name=action][value=remove]")
    moderating.fill("textarea[name=reason]", "Les attaques personnelles sont interdites.")
    with moderating.expect_navigation():
        moderating.locator("main form button[type=submit]").click()
    assert Reply.objects.get(pk=w.reply.pk).state == PostState.REMOVED
    assert ModerationAction.objects.get().actor == w.mod

    # The community's log, filtered, in both languages.
    for lang in ("en", "fr"):
        moderating.goto(f"/{lang}/communities/{w.private.slug}/moderation/")
        expect(moderating.locator(".moderation-log tbody tr")).to_have_count(1)
        expect(moderating.locator(".moderation-log")).to_contain_text("attaques personnelles")
        assert_accessible(moderating, f"/{lang}/communities/<slug>/moderation/")
        shot(moderating, f"log-{lang}")
    moderating.select_option("#log-action", "ban")
    with moderating.expect_navigation():
        moderating.locator("main form.filters button").click()
    expect(moderating.locator(".moderation-log")).to_have_count(0)

    # The direct removal form: a reason is required; the thread goes.
    for lang in ("fr", "en"):
        moderating.goto(f"/{lang}/communities/moderation/thread/{w.thread.pk}/remove/")
        assert_accessible(moderating, f"/{lang}/communities/moderation/thread/remove/")
        shot(moderating, f"remove-{lang}")
    moderating.fill("textarea[name=reason]", "   ")  # blank: the browser lets it through
    moderating.locator("main form button[type=submit]").click()
    expect(moderating.locator(".has-error").first).to_be_visible()
    assert_accessible(moderating, "/en/communities/moderation/thread/remove/ (refused)")
    moderating.fill("textarea[name=reason]", "Off topic here.")
    with moderating.expect_navigation():
        moderating.locator("main form button[type=submit]").click()
    expect(moderating).to_have_url(re.compile(f"/communities/{w.private.slug}/moderation/$"))

    # Mel reads the notices: what was removed and why, never who.
    author = sign_in(new_context(bypass_csp=False), w.mel)
    decision = Decision.objects.get()
    author.goto(f"/fr/moderation/notices/{decision.pk}/")
    expect(author.locator("blockquote")).to_contain_text("attaques personnelles")
    for lang in ("fr", "en"):
        author.goto(f"/{lang}/communities/moderation/removed/")
        expect(author.locator("main")).to_contain_text("Off topic here.")
        assert "Mo Moderator" not in author.content()
        assert_accessible(author, f"/{lang}/communities/moderation/removed/")
        shot(author, f"my-removals-{lang}")
        author.goto(f"/{lang}/communities/{w.private.slug}/digest/")
        assert_accessible(author, f"/{lang}/communities/<slug>/digest/")
        shot(author, f"digest-{lang}")
    author.check("input[name=digest][value=daily]")
    with author.expect_navigation():
        author.locator("main form button[type=submit]").click()
    expect(author.locator("input[name=digest][value=daily]")).to_be_checked()
