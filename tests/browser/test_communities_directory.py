"""The community directory in a real browser: a visitor sees public communities; a
member finds "Communities for you", searches by topic and region, opens a community,
and posts to it from the composer ("Post to"); the post shows in the community's posts
with where it was posted. axe-core scans the directory and the posts page, in French
and in English; screenshots go to /tmp/shots16/directory/.

Selectors use names, ids and addresses, not button texts, so the test survives
translation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.communities.directory_world import join, make_community
from tests.factories import OrganizationFactory, UserFactory
from tremplin.feed.models import Item
from tremplin.profiles.models import Profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots16/directory")
POST = "Qui vient à la foire de l'emploi en santé samedi?"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_find_a_community_open_it_and_post_to_it(new_context, assert_accessible):
    agency = OrganizationFactory(name="Emploi Horizon", slug="emploi-horizon")
    bob = UserFactory(email="bob.dir@example.org", name="Bob Tremblay")
    Profile.objects.filter(user=bob).update(region="QC")
    sante = make_community(
        "Métiers de la santé",
        "Health careers",
        slug="sante",
        description_fr="Infirmières, préposés aux bénéficiaires et inhalothérapeutes.",
        description_en="Nurses, orderlies and respiratory therapists.",
        topics="santé, soins, emploi",
        region="QC",
        visibility="public",
        organization=agency,
    )
    join(sante, bob)
    make_community("Techno Montréal", "Tech Montreal", slug="techno", topics="informatique",
                   region="QC", visibility="members")  # fmt: skip
    make_community("Cercle des mentors", "Mentors' circle", slug="mentors", topics="soins",
                   region="ON", visibility="private")  # fmt: skip
    make_community("Groupe secret", slug="secret", visibility="secret")

    # A visitor: public communities only.
    visitor = new_context().new_page()
    visitor.goto("/en/communities/")
    expect(visitor.locator("main")).to_contain_text("Health careers")
    expect(visitor.locator("main")).not_to_contain_text("Tech Montreal")
    assert_accessible(visitor, "directory-en-visitor")
    shoot(visitor, "directory-en-visitor")

    # Bob: suggestions (his region), then a search by topic and region.
    page = sign_in(new_context(), bob)
    page.goto("/fr/communities/")
    expect(page.locator("#for-you-h")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Groupe secret")
    assert_accessible(page, "directory-fr")
    shoot(page, "directory-fr")
    form = page.locator("form.directory-search")
    form.locator("input[name=topic]").fill("soins")
    form.locator("select[name=region]").select_option("QC")
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"topic=soins.*region=QC"))
    results = page.locator("#results-h + ul.community-cards")
    expect(results.locator("article")).to_have_count(1)
    expect(results).to_contain_text("Métiers de la santé")
    expect(results).to_contain_text("Officielle — Emploi Horizon")
    assert_accessible(page, "directory-fr-search")
    shoot(page, "directory-fr-search")

    # He opens the community, then posts to it from the composer.
    results.locator("h3 a").click()
    expect(page).to_have_url(re.compile(r"/fr/communities/sante/"))
    page.goto("/fr/communities/sante/posts/")
    # Until the page's load event, htmx (a deferred script) may not have bound the
    # composer yet: a click then posted the form without it and reloaded the page
    # (seen under CI's load), so the new post was not in #fresh-posts.
    with page.expect_navigation():
        page.locator("a[href*='place=community']").click()
    composer = page.locator("#composer form")
    expect(composer.locator("select[name=place]")).to_have_value("community:sante")
    composer.locator("textarea[name=body]").fill(POST)
    composer.locator("button[type=submit]").click()
    card = page.locator("#fresh-posts article.feed-item")
    expect(card).to_contain_text("foire de l'emploi")
    expect(card.locator("a[href='/fr/communities/sante/posts/']")).to_have_count(1)
    item = Item.objects.get(body=POST)
    assert (item.place_kind, item.place_id, item.audience) == ("community", sante.pk, "public")

    # The community's posts, in French and English (a visitor reads a public one).
    page.goto("/fr/communities/sante/posts/")
    expect(page.locator("main")).to_contain_text("foire de l'emploi")
    assert_accessible(page, "posts-fr")
    shoot(page, "posts-fr")
    visitor.goto("/en/communities/sante/posts/")
    expect(visitor.locator("main")).to_contain_text("foire de l'emploi")
    assert_accessible(visitor, "posts-en-visitor")
    shoot(visitor, "posts-en-visitor")
    page.goto("/en/communities/")
    assert_accessible(page, "directory-en")
    shoot(page, "directory-en")
