"""A community's resource library in the browser: a member adds a link and writes a
guide (suggestions), the moderator approves them from the library's queue, another
member saves one and answers "was this useful?". axe-core on the tab's library page,
the form (empty and refused), the resource page and the queue, in French and English;
screenshots in /tmp/shots16/resources/.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.communities.resources_world import community, join
from tests.factories import UserFactory
from tremplin.communities.models import Resource, ResourceState, Role, Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots16/resources")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def test_members_suggest_a_moderator_approves_a_member_saves_and_votes(
    new_context, assert_accessible
):
    owner = UserFactory(email="olivia@example.org", name="Olivia Lavoie", language="en")
    nadia = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    omar = UserFactory(email="omar@example.org", name="Omar Haddad", language="en")
    place = community("metiers-sante", Visibility.PRIVATE)
    join(place, owner, role=Role.OWNER)
    join(place, nadia)
    join(place, omar)
    library = f"/communities/resources/community/{place.slug}/"

    # Nadia suggests a link, then a guide (the first try forgets the guide's text).
    member = sign_in(new_context(bypass_csp=False), nadia)
    member.goto(f"/fr{library}")
    assert_accessible(member, "library (empty, fr)")
    member.goto(f"/fr{library}new/")
    assert_accessible(member, "add form (fr)")
    form = member.locator("main form[method=post]")
    form.locator("input[name=kind][value=link]").check()
    form.locator("[name=title]").fill("Guichet-Emplois")
    form.locator("[name=url]").fill("https://guichet.example/emplois")
    form.locator("[name=tags]").fill("emploi, Ontario")
    submit(member, form)
    link = Resource.objects.get(title="Guichet-Emplois")
    expect(member).to_have_url(f"/fr/communities/resources/{link.pk}/")
    assert_accessible(member, "resource page (suggestion, fr)")
    shot(member, "resource-suggested-fr")

    member.goto(f"/fr{library}new/")
    form = member.locator("main form[method=post]")
    form.locator("input[name=kind][value=guide]").check()
    form.locator("[name=title]").fill("Préparer une entrevue")
    submit(member, form)
    expect(form.locator("[name=title]")).to_have_value("Préparer une entrevue")
    assert_accessible(member, "add form (refused, fr)")
    shot(member, "form-refused-fr")
    form.locator("[name=body]").fill("## Avant\n\n- Relisez l'offre\n- **Respirez**")
    form.locator("[name=description]").fill("Trois étapes simples.")
    submit(member, form)
    guide = Resource.objects.get(title="Préparer une entrevue")
    assert guide.state == ResourceState.SUGGESTED

    # Olivia approves both from the library's queue (in English).
    moderator = sign_in(new_context(bypass_csp=False), owner, lang="en")
    moderator.goto(f"/en{library}?state=suggested")
    expect(moderator.locator("main")).to_contain_text("Préparer une entrevue")
    assert_accessible(moderator, "suggestions queue (en)")
    shot(moderator, "queue-en")
    for resource in (link, guide):
        moderator.goto(f"/en/communities/resources/{resource.pk}/")
        decide = moderator.locator(
            f"form[action='/en/communities/resources/{resource.pk}/decide/']"
        )
        with moderator.expect_navigation():
            decide.locator("button[value=approve]").click()
    expect(moderator.locator("main")).to_contain_text("Was this useful?")
    assert_accessible(moderator, "resource page (moderator, en)")
    shot(moderator, "guide-moderator-en")
    assert set(Resource.objects.values_list("state", flat=True)) == {ResourceState.APPROVED}

    # Omar saves the guide and finds it useful; the library finds it by a word.
    reader = sign_in(new_context(bypass_csp=False), omar, lang="en")
    reader.goto(f"/en/communities/resources/{guide.pk}/")
    submit(reader, reader.locator(f"form[action='/en/communities/resources/{guide.pk}/save/']"))
    useful = reader.locator(f"form[action='/en/communities/resources/{guide.pk}/useful/']")
    with reader.expect_navigation():
        useful.locator("button[value=yes]").click()
    expect(reader.locator("main")).to_contain_text("Yes: 1")
    assert_accessible(reader, "resource page (voted, en)")
    shot(reader, "guide-voted-en")
    reader.goto(f"/en{library}?q=ENTREVUE")
    expect(reader.locator("main .resource-card")).to_have_count(1)
    assert_accessible(reader, "library (search, en)")
    shot(reader, "library-search-en")
    reader.goto("/en/communities/resources/saved/")
    expect(reader.locator("main")).to_contain_text("Préparer une entrevue")

    member.goto(f"/fr{library}")
    expect(member.locator("main .resource-card")).to_have_count(2)
    shot(member, "library-fr")
    member.goto(f"/fr/communities/resources/{guide.pk}/")
    shot(member, "guide-fr")
    guide.refresh_from_db()
    assert (guide.useful_count, guide.bookmark_count) == (1, 1)
