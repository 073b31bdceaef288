"""The parts together: a community built through every part's services (a thread, a
question with a poll, an event, a resource, a feed post to the community) shows each of
them in its tab of the community page, and each tab in French and English has no axe
violation. A new account posting a link is told it waits for a moderator.
Screenshots go to /tmp/shots16/wiring/ (and test-artifacts/).

Selectors use hrefs and ids, not translated texts."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.communities.models import JoinPolicy, Membership, MembershipStatus, Visibility
from tremplin.communities.services import communities, events, resources, threads
from tremplin.feed.services import publish_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots16/wiring")
TABS = ("discussions", "questions", "events", "resources", "posts", "members", "about")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    snap(page, f"communities-wiring-{name}")


def build():
    old = timezone.now() - timedelta(days=60)
    alice = UserFactory(email="alice@example.org", name="Alice Martin", date_joined=old)
    bob = UserFactory(email="bob@example.org", name="Bob Roy", language="en", date_joined=old)
    place = communities.create_community(
        alice,
        name_fr="Entraide en logistique",
        name_en="Logistics mutual aid",
        description_fr="Des conseils entre chercheurs d'emploi en logistique.",
        description_en="Advice between job seekers in logistics.",
        visibility=Visibility.PUBLIC,
        join_policy=JoinPolicy.OPEN,
    )
    communities.join(bob, place)
    threads.start_thread(alice, place, title="Bienvenue !", body="Présentez-vous ici.")
    threads.start_thread(
        bob,
        place,
        title="Which forklift licence?",
        body="Which one do employers ask for?",
        kind="question",
        language="en",
        poll={"question": "Your licence?", "options": ["Counterbalance", "Reach truck"]},
    )
    starts = (timezone.now() + timedelta(days=5)).replace(microsecond=0)
    events.create_event(
        alice,
        events.EventData(
            title="Atelier CV logistique",
            starts=starts,
            ends=starts + timedelta(hours=2),
            kind="workshop",
            format="online",
            online_url="https://meet.example.org/cv",
        ),
        community=place,
    )
    resources.add(
        alice,
        place,
        {"kind": "guide", "title": "Préparer l'entrevue", "body": "Relisez l'offre."},
    )
    publish_post(bob, "Hello everyone, glad to be here.", place=f"community:{place.slug}")
    return alice, bob, place


def test_every_part_shows_in_its_tab_in_both_languages(new_context, assert_accessible):
    alice, bob, place = build()
    owner = sign_in(new_context(bypass_csp=False), alice)
    for lang in ("fr", "en"):
        for key in TABS:
            owner.goto(f"/{lang}/communities/{place.slug}/?tab={key}")
            expect(owner.locator(f'.community-tabs a[href="?tab={key}"]')).to_have_attribute(
                "aria-current", "page"
            )
            expect(owner.locator(".community-tab h2")).to_have_count(1)
            assert_accessible(owner, f"{key} ({lang})")
            shot(owner, f"{key}-{lang}")
    owner.goto(f"/fr/communities/{place.slug}/?tab=discussions")
    expect(owner.locator(".community-tab")).to_contain_text("Bienvenue !")
    owner.goto(f"/en/communities/{place.slug}/?tab=questions")
    expect(owner.locator(".community-tab")).to_contain_text("Which forklift licence?")
    owner.goto(f"/fr/communities/{place.slug}/?tab=events")
    expect(owner.locator(".community-tab")).to_contain_text("Atelier CV logistique")
    owner.goto(f"/fr/communities/{place.slug}/?tab=resources")
    expect(owner.locator(".community-tab")).to_contain_text("Préparer l'entrevue")
    owner.goto(f"/en/communities/{place.slug}/?tab=posts")
    expect(owner.locator(".community-tab")).to_contain_text("glad to be here")
    owner.goto(f"/en/communities/{place.slug}/?tab=members")
    expect(owner.locator(".community-tab")).to_contain_text("Bob Roy")


def test_a_new_accounts_link_waits_for_a_moderator(new_context, assert_accessible):
    _alice, _bob, place = build()
    fresh = UserFactory(email="new@example.org", name="Nadia New")
    Membership.objects.create(
        community=place, user=fresh, status=MembershipStatus.ACTIVE, joined=timezone.now()
    )
    page = sign_in(new_context(bypass_csp=False), fresh)
    page.goto(f"/fr/communities/{place.slug}/threads/new/")
    page.locator("[name=title]").fill("Offre à voir")
    page.locator("[name=body]").fill("Voyez https://exemple.org/offre")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    assert_accessible(page, "fil en attente")
    shot(page, "pending-link-fr")
    expect(page.locator("main .badge").first).to_be_visible()
    assert "attente" in page.locator("main").inner_text().lower()


def test_a_member_keeps_the_community_out_of_their_home_feed(new_context, assert_accessible):
    """From the community page, by keyboard: the preferences page, the box unticked and
    saved; Bob's home feed then no longer shows the community's post, which stays on its
    Posts tab."""
    _alice, bob, place = build()
    page = sign_in(new_context(bypass_csp=False), bob, lang="en")
    page.goto("/en/")
    expect(page.locator("main")).to_contain_text("glad to be here")
    page.goto(f"/en/communities/{place.slug}/")
    link = page.locator(f'a[href="/en/communities/{place.slug}/digest/"]')
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    box = page.locator("[name=in_home_feed]")
    expect(box).to_be_checked()
    assert_accessible(page, "digest and home feed (en)")
    box.focus()
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").last.click()
    shot(page, "home-feed-choice-en")
    assert not Membership.objects.get(community=place, user=bob).in_home_feed
    page.goto("/en/")
    expect(page.locator("main")).not_to_contain_text("glad to be here")
    page.goto(f"/en/communities/{place.slug}/?tab=posts")
    expect(page.locator(".community-tab")).to_contain_text("glad to be here")
    page.goto(f"/fr/communities/{place.slug}/digest/")
    expect(page.locator("h1")).to_have_text("Résumé par courriel et fil d'actualité")
    assert_accessible(page, "digest and home feed (fr)")
