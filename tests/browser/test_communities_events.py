"""Bob, who owns a private community, organises a workshop through the form; alice, a
member, registers with her answer and downloads the .ics (it parses, and holds the
event with its online link, hers now); bob sees her among the attendees. Every page
passes axe-core; screenshots in French and English go to /tmp/shots16/events/.

Selectors use form actions and names, not button texts, so the test survives translation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.communities.events_world import Role, ensure_community_page, join, later, make_community
from tests.factories import UserFactory
from tremplin.communities.models import Event, Visibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/shots16/events")
LOCAL = "%Y-%m-%dT%H:%M"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_a_member_registers_downloads_the_ics_and_the_organiser_sees_her(
    new_context, assert_accessible
):
    ensure_community_page()
    bob = UserFactory(email="bob@example.org", name="Bob Roy", language="en")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    community = make_community("soins", Visibility.PRIVATE)
    join(community, bob, role=Role.OWNER)
    join(community, alice)

    organiser = sign_in(new_context(bypass_csp=False), bob)
    organiser.goto(f"/fr/events/new/?for=community:{community.pk}")
    assert_accessible(organiser, "event form (fr)")
    form = organiser.locator("main form")
    form.locator("[name=title]").fill("Atelier : réussir son entrevue")
    form.locator("[name=kind]").select_option("workshop")
    form.locator("[name=description]").fill("Apportez votre **CV**.")
    form.locator("[name=format][value=hybrid]").check()
    form.locator("[name=venue]").fill("Bibliothèque centrale")
    form.locator("[name=city]").fill("Ottawa")
    form.locator("[name=online_url]").fill("http://meet.example.org/atelier")  # refused
    form.locator("[name=starts]").fill(later(days=6).strftime(LOCAL))
    form.locator("[name=ends]").fill(later(days=6, hours=2).strftime(LOCAL))
    form.locator("[name=capacity]").fill("12")
    form.locator("[name=questions]").fill("* Quel métier visez-vous ?")
    with organiser.expect_navigation():
        form.locator("button[type=submit]").click()
    retry = organiser.locator("main form")
    expect(retry.locator("[name=title]")).to_have_value("Atelier : réussir son entrevue")
    assert_accessible(organiser, "event form refused (fr)")
    shot(organiser, "form-refused-fr")
    retry.locator("[name=online_url]").fill("https://meet.example.org/atelier")
    with organiser.expect_navigation():
        retry.locator("button[type=submit]").click()
    event = Event.objects.get(community=community)
    assert event.format == "hybrid" and event.capacity == 12

    member = sign_in(new_context(bypass_csp=False), alice)
    member.goto(f"/fr/communities/events/{event.pk}/")
    expect(member.locator("main")).not_to_contain_text("meet.example.org")
    assert_accessible(member, "event page before registering (fr)")
    register = member.locator(f"form[action='/fr/communities/events/{event.pk}/register/']")
    register.locator("[name=rsvp][value=going]").check()
    register.locator("[name=answer_0]").fill("Préposée aux bénéficiaires")
    with member.expect_navigation():
        register.locator("button[type=submit]").click()
    expect(member.locator("main a[href='https://meet.example.org/atelier']")).to_be_visible()
    assert_accessible(member, "event page registered (fr)")
    shot(member, "event-registered-fr")
    with member.expect_download() as download:
        member.locator(f"a[href='/fr/communities/events/{event.pk}/event.ics']").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Atelier : réussir son entrevue"
    assert vevent.decoded("dtstart") == event.starts
    assert "https://meet.example.org/atelier" in str(vevent["location"])
    member.goto("/en/events/mine/")
    assert_accessible(member, "my events (en)")
    shot(member, "mine-en")

    organiser.goto(f"/en/communities/events/{event.pk}/attendees/")
    expect(organiser.locator("main table")).to_contain_text("Alice Martin")
    expect(organiser.locator("main table")).to_contain_text("Préposée aux bénéficiaires")
    assert_accessible(organiser, "attendees (en)")
    shot(organiser, "attendees-en")
    organiser.goto(f"/en/communities/events/{event.pk}/")
    assert_accessible(organiser, "event page, organiser (en)")
    shot(organiser, "event-organiser-en")
    organiser.goto("/en/events/")
    assert_accessible(organiser, "upcoming events (en)")
    shot(organiser, "list-en")
    organiser.goto(f"/fr/events/new/?for=community:{community.pk}")
    shot(organiser, "form-fr")
