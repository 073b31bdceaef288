"""A mentoring programme in the browser: Dave (a counsellor) creates it and opens it, Max
says what he offers and joins as mentor with his intake answer, Alice (a client of the
agency) joins as mentee with her goals, Dave matches the cohort, both accept. axe-core
finds nothing on each page, in French and in English; screenshots go to /tmp/shots17/.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.mentoring.models import Mentorship, Programme
from tremplin.organizations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots17/programmes")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def create_and_open(page, check) -> Programme:
    page.goto("/fr/mentoring/programmes/new/")
    check(page, "nouveau programme")
    form = page.locator("main form[method=post]")
    form.locator("[name=name_fr]").fill("Tremplin métiers")
    form.locator("[name=name_en]").fill("Trades springboard")
    form.locator("[name=starts_on]").fill("2026-01-01")
    form.locator("[name=ends_on]").fill("2027-06-30")
    form.locator("[name=mentor_questions_fr]").fill("Votre métier ?")
    form.locator("[name=mentor_questions_en]").fill("Your trade?")
    form.locator("[name=mentee_questions_fr]").fill("Votre objectif ?")
    form.locator("[name=mentee_questions_en]").fill("Your goal?")
    shot(page, "new-fr")
    submit(page, form)
    programme = Programme.objects.get()
    page.goto(f"/fr/mentoring/programmes/{programme.pk}/coordinate/")
    check(page, "tableau de bord (brouillon)")
    move = page.locator(f"form[action='/fr/mentoring/programmes/{programme.pk}/state/']")
    with page.expect_navigation():
        move.locator("button[value=open]").click()
    return programme


def test_a_cohort_is_matched_and_accepted(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    max_ = UserFactory(email="max@example.org", name="Max Mentor", language="en")
    make_case(agency, dave, alice)

    coordinator = sign_in(new_context(bypass_csp=False), dave, give_totp(dave))
    programme = create_and_open(coordinator, assert_accessible)
    base = f"/mentoring/programmes/{programme.pk}"

    # Max, in English: his mentor profile, then the programme's intake.
    mentor = sign_in(new_context(bypass_csp=False), max_, lang="en")
    mentor.goto("/en/mentoring/mentor-profile/")
    assert_accessible(mentor, "mentor profile")
    form = mentor.locator("main form[method=post]")
    form.locator("[name=skills]").fill("Welding, Plumbing")
    form.locator("[name=languages][value=fr]").check()
    form.locator("[name=online]").check()
    submit(mentor, form)
    mentor.goto(f"/en{base}/")
    assert_accessible(mentor, "programme page")
    shot(mentor, "programme-en")
    mentor.goto(f"/en{base}/join/mentor/")
    assert_accessible(mentor, "join as mentor")
    form = mentor.locator("main form[method=post]")
    form.locator("[name=answer_0]").fill("Welder, 20 years")
    submit(mentor, form)

    # Alice, in French: her goals and what she wants to learn.
    mentee = sign_in(new_context(bypass_csp=False), alice)
    mentee.goto(f"/fr{base}/join/mentee/")
    assert_accessible(mentee, "inscription mentorée")
    form = mentee.locator("main form[method=post]")
    form.locator("[name=answer_0]").fill("Devenir soudeuse")
    form.locator("[name=goals]").fill("Apprendre la soudure")
    form.locator("[name=wanted_skills]").fill("welding")
    form.locator("[name=languages][value=fr]").check()
    shot(mentee, "join-mentee-fr")
    submit(mentee, form)
    mentee.goto(f"/fr{base}/mentors/")
    expect(mentee.locator("main")).to_contain_text("Compétence en commun : welding.")
    assert_accessible(mentee, "mentors classés")
    shot(mentee, "mentors-fr")

    # Dave matches the cohort.
    coordinator.goto(f"/fr{base}/coordinate/")
    expect(coordinator.locator("main")).to_contain_text("Apprendre la soudure")
    with coordinator.expect_navigation():
        coordinator.locator(f"form[action='/fr{base}/cohort/'] button").click()
    assert_accessible(coordinator, "tableau de bord (un jumelage)")
    shot(coordinator, "dashboard-fr")
    match = Mentorship.objects.get()

    # Both accept from "My mentoring", each in their language.
    for page, lang in ((mentee, "fr"), (mentor, "en")):
        page.goto(f"/{lang}/mentoring/")
        assert_accessible(page, f"my mentoring ({lang})")
        shot(page, f"my-mentoring-{lang}")
        with page.expect_navigation():
            page.locator(f"form[action='/{lang}/mentoring/{match.pk}/accept/'] button").click()
    match.refresh_from_db()
    assert match.status == "active" and match.planned_end is not None
    mentor.goto("/en/mentoring/")
    expect(mentor.locator("main")).to_contain_text("Alice Martin")
    shot(mentor, "active-en")

    # Dave downloads the funder report: small groups read "fewer than 5".
    coordinator.goto(f"/en{base}/coordinate/")
    with coordinator.expect_download() as got:
        coordinator.get_by_role("link", name="Download the funder report (CSV)").click()
    body = Path(got.value.path()).read_text(encoding="utf-8-sig")
    assert "Active mentorships" in body and "fewer than 5" in body
    assert "Alice" not in body and "Max" not in body  # figures, never people
