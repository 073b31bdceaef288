"""The members journey: alice creates a private community that people join on request,
with a question; bob finds its page (name, description, rules, no content), asks to
join with an answer; alice approves him from the requests page; bob then sees its
members. axe-core finds nothing on the create form, the community page (as a member
and as a non-member) and the requests page. Screenshots in French and English go to
/tmp/shots16/members/ (and test-artifacts/).

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.communities.models import Community, Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots16/members")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    snap(page, f"communities-members-{name}")


def test_alice_creates_a_private_community_and_approves_bob(new_context, assert_accessible):
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    bob = UserFactory(email="bob@example.org", name="Bob Roy", language="en")

    # Alice creates it; a missing name first keeps what she wrote.
    owner = sign_in(new_context(bypass_csp=False), alice)
    owner.goto("/fr/communities/new/")
    assert_accessible(owner, "créer une communauté")
    form = owner.locator("form.community-form")
    form.locator("[name=description_fr]").fill("Entraide entre préposés aux bénéficiaires.")
    form.locator("[name=rules_fr]").fill("Restez bienveillants. Pas de publicité.")
    form.locator("[name=visibility][value=private]").check()
    form.locator("[name=join_policy][value=request]").check()
    form.locator("[name=question_1]").fill("Dans quel établissement travaillez-vous ?")
    with owner.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(owner.locator("[name=description_fr]")).to_have_value(
        "Entraide entre préposés aux bénéficiaires."
    )
    assert_accessible(owner, "créer une communauté (erreur)")
    shot(owner, "create-error-fr")
    owner.locator("[name=name_fr]").fill("Préposés aux bénéficiaires")
    owner.locator("[name=name_en]").fill("Personal support workers")
    with owner.expect_navigation():
        owner.locator("form.community-form button[type=submit]").click()
    community = Community.objects.get()
    assert community.visibility == "private" and community.join_policy == "request"
    expect(owner.locator("h1")).to_have_text("Préposés aux bénéficiaires")
    assert_accessible(owner, "page de la communauté (propriétaire)")
    shot(owner, "community-owner-fr")

    # Bob sees what it is, not who is in it, and asks to join with an answer.
    stranger = sign_in(new_context(bypass_csp=False), bob, lang="en")
    stranger.goto(f"/en/communities/{community.slug}/")
    expect(stranger.locator("h1")).to_have_text("Personal support workers")
    expect(stranger.locator("main")).not_to_contain_text("Alice Martin")
    assert_accessible(stranger, "community page (not a member)")
    shot(stranger, "community-stranger-en")
    with stranger.expect_navigation():
        stranger.locator(f"a[href='/en/communities/{community.slug}/join/']").click()
    stranger.locator("[name=answer_1]").fill("CHSLD Saint-Laurent")
    assert_accessible(stranger, "ask to join")
    with stranger.expect_navigation():
        stranger.locator("main form button[type=submit]").click()
    request = Membership.objects.get(community=community, user=bob)
    assert request.status == "pending"

    # Alice reads the answer and approves.
    owner.goto(f"/fr/communities/{community.slug}/requests/")
    expect(owner.locator("main")).to_contain_text("CHSLD Saint-Laurent")
    assert_accessible(owner, "demandes d’adhésion")
    shot(owner, "requests-fr")
    owner.goto(f"/en/communities/{community.slug}/requests/")
    shot(owner, "requests-en")
    with owner.expect_navigation():
        owner.locator(
            f"form[action='/en/communities/{community.slug}/requests/{request.pk}/'] "
            "button[value=approve]"
        ).click()
    request.refresh_from_db()
    assert request.status == "active"

    # Bob now sees the members.
    stranger.goto(f"/en/communities/{community.slug}/?tab=members")
    expect(stranger.locator("main")).to_contain_text("Alice Martin")
    assert_accessible(stranger, "community page (member)")
    shot(stranger, "community-member-en")
    stranger.goto(f"/fr/communities/{community.slug}/?tab=about")
    shot(stranger, "community-about-fr")
    stranger.goto("/en/communities/mine/")
    assert_accessible(stranger, "my communities")
    shot(stranger, "mine-en")
    owner.goto("/en/communities/new/")
    shot(owner, "create-en")

    # The owner's other pages: invitations (a link made) and a member's page.
    owner.goto(f"/fr/communities/{community.slug}/invitations/")
    links = owner.locator("form:has(input[name=kind][value=link])")
    with owner.expect_navigation():
        links.locator("button[type=submit]").click()
    expect(owner.locator("#made-link")).to_have_value(re.compile(r"/fr/communities/join/[-\w]+/$"))
    assert_accessible(owner, "invitations")
    shot(owner, "invitations-fr")
    owner.goto(f"/en/communities/{community.slug}/members/{request.pk}/")
    assert_accessible(owner, "a member's page")
    shot(owner, "member-en")
