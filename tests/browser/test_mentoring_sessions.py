"""A mentorship's page in the browser: alice (the mentee, in French) proposes a session at
one of her mentor's free times using the keyboard only; max (the mentor, in English)
accepts it and finds its .ics; once its time has passed he marks it held; both rate it;
alice's private note never reaches max. axe-core finds nothing on the page at any step.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tremplin.availability.services import Slot, set_week
from tremplin.mentoring import services
from tremplin.mentoring.models import Rating, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "Je n'ose pas parler de mon salaire"


def test_a_session_proposed_by_keyboard_accepted_held_and_rated(new_context, assert_accessible):
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    max_ = UserFactory(email="max@example.org", name="Max Mentor", language="en")
    set_week(max_, [Slot(day, time(8), time(20)) for day in range(7)], "America/Toronto")
    m = services.accept(alice, services.propose(max_, alice, "mentor", ""))
    hub_fr, hub_en = f"/fr/mentoring/{m.pk}/", f"/en/mentoring/{m.pk}/"

    # Alice proposes the second free time, by keyboard only.
    mentee = sign_in(new_context(bypass_csp=False), alice)
    mentee.goto(hub_fr)
    assert_accessible(mentee, "mentorat (vide)")
    form = mentee.locator(f"form[action='{hub_fr}sessions/']")
    form.locator("[name=slot]").focus()
    mentee.keyboard.press("ArrowDown")
    mentee.keyboard.press("ArrowDown")
    form.locator("[name=agenda]").focus()
    mentee.keyboard.type("Relire mon CV")
    form.locator("button[type=submit]").focus()
    with mentee.expect_navigation():
        mentee.keyboard.press("Enter")
    session = Session.objects.get()
    assert (session.status, session.agenda, session.proposed_by) == (
        "proposed",
        "Relire mon CV",
        alice,
    )

    # A private note of hers.
    note = mentee.locator(f"form[action='{hub_fr}notes/']")
    note.locator("[name=body]").fill(SECRET)
    note.locator("[name=private]").check()
    with mentee.expect_navigation():
        note.locator("button[type=submit]").click()
    expect(mentee.locator("main")).to_contain_text(SECRET)
    assert_accessible(mentee, "mentorat (séance proposée, note privée)")
    snap(mentee, "mentoring-hub-fr")

    # Max accepts; the .ics link is there; the note is not.
    mentor = sign_in(new_context(bypass_csp=False), max_, lang="en")
    mentor.goto(hub_en)
    expect(mentor.locator("main")).not_to_contain_text(SECRET)
    with mentor.expect_navigation():
        mentor.locator(f"form[action='{hub_en}sessions/{session.pk}/accept/'] button").click()
    expect(mentor.locator(f"a[href='{hub_en}sessions/{session.pk}.ics']")).to_be_visible()
    assert_accessible(mentor, "mentorship (accepted session)")
    snap(mentor, "mentoring-hub-en")

    # After its time, he marks it held and rates it; so does she.
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    mentor.goto(hub_en)
    with mentor.expect_navigation():
        mentor.locator(f"form[action='{hub_en}sessions/{session.pk}/held/'] button").click()
    for page, hub, score in ((mentor, hub_en, "4"), (mentee, hub_fr, "5")):
        page.goto(hub)
        rate = page.locator(f"form[action='{hub}sessions/{session.pk}/rate/']")
        with page.expect_navigation():  # one click
            rate.locator(f"button[name='rate{session.pk}-score'][value='{score}']").click()
    assert sorted(Rating.objects.values_list("score", flat=True)) == [4, 5]
    assert_accessible(mentor, "mentorship (held and rated)")
    expect(mentor.locator("main")).not_to_contain_text(SECRET)
    snap(mentor, "mentoring-hub-en-rated")
