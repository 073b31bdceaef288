"""The threads journey: alice starts a thread with a named poll, bob votes and replies,
alice quotes bob's reply; alice asks a question, bob answers, alice accepts it. axe-core
finds nothing on the threads list, the new-thread form and the thread page, in French
and in English; screenshots go to /tmp/shots16/threads/.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.communities.threads_world import join, make_community
from tests.factories import UserFactory
from tremplin.communities.models import Category, Reply, Role, Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots16/threads")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_discuss_quote_vote_ask_and_accept(new_context, assert_accessible):
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    bob = UserFactory(email="bob@example.org", name="Bob Roy")
    community = make_community("metiers-sante", "public")
    Category.objects.create(community=community, name_fr="Emplois", name_en="Jobs", slug="jobs")
    join(community, alice)
    join(community, bob, Role.OWNER)

    # Alice starts a thread with a named poll.
    page = sign_in(new_context(bypass_csp=False), alice)
    page.goto(f"/fr/communities/{community.slug}/threads/")
    assert_accessible(page, "discussions (vide)")
    page.goto(f"/fr/communities/{community.slug}/threads/new/")
    assert_accessible(page, "nouvelle discussion")
    shot(page, "new-thread-fr")
    form = page.locator(f"form[action='/fr/communities/{community.slug}/threads/new/']")
    form.locator("[name=title]").fill("Ateliers de janvier")
    form.locator("[name=body]").fill("Lequel **préférez**-vous ?")
    form.locator("[name=tags]").fill("ateliers")
    form.locator("details summary").click()
    form.locator("[name=poll-add_poll]").check()
    form.locator("[name=poll-question]").fill("Quel atelier ?")
    form.locator("[name=poll-options]").fill("CV\nEntrevue")
    form.locator("[name=poll-anonymous]").uncheck()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    thread = Thread.objects.get(title="Ateliers de janvier")
    expect(page.locator("main h1")).to_have_text("Ateliers de janvier")

    # Bob votes and replies, in English.
    other = sign_in(new_context(bypass_csp=False), bob, lang="en")
    other.goto(f"/en/communities/threads/{thread.pk}/")
    other.locator("#poll input[name=option]").first.check()
    with other.expect_navigation():
        other.locator(f"form[action='/en/communities/threads/{thread.pk}/poll/'] button").click()
    expect(other.locator("#poll")).to_contain_text("Bob Roy")
    other.locator("[name=body]").fill("The CV workshop, please.")
    with other.expect_navigation():
        other.locator(f"form[action='/en/communities/threads/{thread.pk}/reply/'] button").click()
    assert_accessible(other, "thread (poll voted, one reply)")

    # Alice quotes Bob's reply.
    page.goto(f"/fr/communities/threads/{thread.pk}/")
    with page.expect_navigation():
        page.locator("#reply-1 a[href*='quote=1']").click()
    expect(page.locator("[name=body]")).to_have_value(
        "@bob-roy (#1):\n> The CV workshop, please.\n\n"
    )
    page.locator("[name=body]").press("Control+End")
    page.locator("[name=body]").type("Entendu !")
    with page.expect_navigation():
        page.locator(f"form[action='/fr/communities/threads/{thread.pk}/reply/'] button").click()
    expect(page.locator("#reply-2 blockquote")).to_contain_text("The CV workshop, please.")
    assert Reply.objects.get(thread=thread, number=2).in_reply_to.number == 1
    assert_accessible(page, "discussion (citation)")
    shot(page, "thread-poll-fr")

    # Alice asks a question; Bob answers; Alice accepts.
    page.goto(f"/fr/communities/{community.slug}/threads/new/?kind=question")
    form = page.locator(f"form[action='/fr/communities/{community.slug}/threads/new/']")
    form.locator("[name=title]").fill("Où trouver des stages en santé ?")
    form.locator("[name=body]").fill("Je cherche un stage de préposée.")
    form.locator("[name=kind][value=question]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    question = Thread.objects.get(kind="question")
    other.goto(f"/en/communities/threads/{question.pk}/")
    other.locator("[name=body]").fill("Ask the hospital's volunteer office.")
    with other.expect_navigation():
        other.locator(f"form[action='/en/communities/threads/{question.pk}/reply/'] button").click()
    answer = Reply.objects.get(thread=question)
    page.goto(f"/fr/communities/threads/{question.pk}/")
    with page.expect_navigation():
        page.locator(f"form[action='/fr/communities/replies/{answer.pk}/accept/'] button").click()
    assert Thread.objects.get(pk=question.pk).accepted == answer
    expect(page.locator("#accepted-h")).to_be_visible()
    assert_accessible(page, "question (réponse acceptée)")
    shot(page, "question-accepted-fr")
    other.goto(f"/en/communities/threads/{question.pk}/")
    assert_accessible(other, "question (accepted answer)")
    shot(other, "question-accepted-en")
    other.goto(f"/en/communities/{community.slug}/threads/")
    expect(other.locator("main")).to_contain_text("Ateliers de janvier")
    assert_accessible(other, "discussions (two threads)")
    shot(other, "threads-list-en")
