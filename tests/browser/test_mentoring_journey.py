"""Issue 17's whole mentoring programme in one browser run, in both languages: Dave (a
counsellor, in French) creates a programme and opens it; Max (in English, open on
weekdays from 9 to 5) says what he offers, finds the programme and joins as mentor with
his intake answer; Alice (a client of the agency, in French) joins as mentee with her
goals and sees the mentors who fit her; Dave matches the cohort and both accept. Alice
proposes a session in Max's free time by keyboard and keeps a private note, Max accepts
it, shares a note, and marks it held once its time has passed; Alice rates it with a
comment, reads his note (he never reads hers), ends the mentorship and answers the exit
survey. Dave downloads the funder report: its header, and every group of fewer than 5
suppressed. axe-core finds nothing on any page; screenshots go to
/tmp/shots17/mentoring-journey/.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.availability.services import Slot, set_week
from tremplin.mentoring.models import Mentorship, Programme, Rating, Session, SurveyAnswer
from tremplin.organizations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots17/mentoring-journey")
TORONTO = ZoneInfo("America/Toronto")
PRIVATE = "Je n'ose pas parler de mon salaire"
SHARED = "Bring two welding samples next time"
COMMENT = "Très concret, merci"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def create_and_open(page, check) -> Programme:
    """Dave, in French: a draft from the form, then opened from his dashboard."""
    page.goto("/fr/mentoring/programmes/new/")
    check(page, "nouveau programme")
    form = page.locator("main form[method=post]")
    today = timezone.localdate()
    form.locator("[name=name_fr]").fill("Tremplin métiers")
    form.locator("[name=name_en]").fill("Trades springboard")
    form.locator("[name=starts_on]").fill(today.isoformat())
    form.locator("[name=ends_on]").fill((today + timedelta(days=365)).isoformat())
    form.locator("[name=mentor_questions_fr]").fill("Votre métier ?")
    form.locator("[name=mentor_questions_en]").fill("Your trade?")
    form.locator("[name=mentee_questions_fr]").fill("Votre objectif ?")
    form.locator("[name=mentee_questions_en]").fill("Your goal?")
    shot(page, "01-new-fr")
    submit(page, form)
    programme = Programme.objects.get()
    with page.expect_navigation():  # from the draft's page to its dashboard
        page.locator(f"a[href='/fr/mentoring/programmes/{programme.pk}/coordinate/']").click()
    page.locator(
        f"form[action='/fr/mentoring/programmes/{programme.pk}/state/'] button[value=open]"
    ).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    programme.refresh_from_db()
    assert programme.status == "open"
    return programme


def mentor_joins(page, check, programme: Programme) -> None:
    """Max, in English: what he offers, then the programme found in the list and its
    intake."""
    page.goto("/en/mentoring/mentor-profile/")
    check(page, "mentor profile")
    form = page.locator("main form[method=post]")
    form.locator("[name=skills]").fill("Welding, Plumbing")
    form.locator("[name=languages][value=fr]").check()
    form.locator("[name=online]").check()
    submit(page, form)
    page.goto("/en/mentoring/programmes/")
    check(page, "programme list")
    with page.expect_navigation():
        page.get_by_role("link", name="Trades springboard").click()
    check(page, "programme page")
    shot(page, "02-programme-en")
    with page.expect_navigation():
        page.locator(f"a[href='/en/mentoring/programmes/{programme.pk}/join/mentor/']").click()
    check(page, "join as mentor")
    form = page.locator("main form[method=post]")
    form.locator("[name=answer_0]").fill("Welder, 20 years")
    submit(page, form)


def mentee_joins(page, check, programme: Programme) -> None:
    """Alice, in French: her intake, then the mentors ranked for her, with the reason."""
    page.goto(f"/fr/mentoring/programmes/{programme.pk}/join/mentee/")
    check(page, "inscription mentorée")
    form = page.locator("main form[method=post]")
    form.locator("[name=answer_0]").fill("Devenir soudeuse")
    form.locator("[name=goals]").fill("Apprendre la soudure")
    form.locator("[name=wanted_skills]").fill("welding")
    form.locator("[name=languages][value=fr]").check()
    shot(page, "03-join-mentee-fr")
    submit(page, form)
    with page.expect_navigation():
        page.locator(f"a[href='/fr/mentoring/programmes/{programme.pk}/mentors/']").click()
    expect(page.locator("main")).to_contain_text("Compétence en commun : welding.")
    check(page, "mentors classés")


def test_a_programme_from_creation_to_the_funder_report(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    max_ = UserFactory(email="max@example.org", name="Max Mentor", language="en")
    make_case(agency, dave, alice)
    # Max's open hours (his availability page has its own tests): weekdays, 9 to 5.
    set_week(max_, [Slot(day, time(9), time(17)) for day in range(5)], "America/Toronto")

    coordinator = sign_in(new_context(bypass_csp=False), dave, give_totp(dave))
    programme = create_and_open(coordinator, assert_accessible)
    base = f"/mentoring/programmes/{programme.pk}"
    mentor = sign_in(new_context(bypass_csp=False), max_, lang="en")
    mentor_joins(mentor, assert_accessible, programme)
    mentee = sign_in(new_context(bypass_csp=False), alice)
    mentee_joins(mentee, assert_accessible, programme)

    # Dave matches the cohort: Alice's goals are on his dashboard.
    coordinator.goto(f"/fr{base}/coordinate/")
    expect(coordinator.locator("main")).to_contain_text("Apprendre la soudure")
    with coordinator.expect_navigation():
        coordinator.locator(f"form[action='/fr{base}/cohort/'] button").click()
    assert_accessible(coordinator, "tableau de bord (un jumelage)")
    shot(coordinator, "04-dashboard-fr")
    match = Mentorship.objects.get()

    # Both accept from "My mentoring": Max first, then Alice, whose acceptance starts it.
    for page, lang in ((mentor, "en"), (mentee, "fr")):
        page.goto(f"/{lang}/mentoring/")
        assert_accessible(page, f"my mentoring ({lang})")
        with page.expect_navigation():
            page.locator(f"form[action='/{lang}/mentoring/{match.pk}/accept/'] button").click()
    match.refresh_from_db()
    assert match.status == "active" and match.planned_end is not None
    shot(mentee, "05-my-mentoring-fr")

    # Alice opens the mentorship and proposes Max's second free time, by keyboard only.
    hub_fr, hub_en = f"/fr/mentoring/{match.pk}/", f"/en/mentoring/{match.pk}/"
    with mentee.expect_navigation():
        mentee.locator(f"main a[href='{hub_fr}']").click()
    form = mentee.locator(f"form[action='{hub_fr}sessions/']")
    form.locator("[name=slot]").focus()
    mentee.keyboard.press("ArrowDown")
    mentee.keyboard.press("ArrowDown")
    chosen = form.locator("[name=slot]").input_value()
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
    local = session.starts_at.astimezone(TORONTO)
    assert session.starts_at == datetime.fromisoformat(chosen)  # the option she chose
    assert local.weekday() < 5 and 9 <= local.hour < 17  # within the hours Max typed

    # A private note of hers.
    note = mentee.locator(f"form[action='{hub_fr}notes/']")
    note.locator("[name=body]").fill(PRIVATE)
    note.locator("[name=private]").check()
    submit(mentee, note)
    expect(mentee.locator("main")).to_contain_text(PRIVATE)
    assert_accessible(mentee, "mentorat (séance proposée, note privée)")
    shot(mentee, "06-hub-fr-proposed")

    # Max accepts (the .ics appears) and shares a note; hers is not on his page.
    mentor.goto(hub_en)
    expect(mentor.locator("main")).not_to_contain_text(PRIVATE)
    with mentor.expect_navigation():
        mentor.locator(f"form[action='{hub_en}sessions/{session.pk}/accept/'] button").click()
    expect(mentor.locator(f"a[href='{hub_en}sessions/{session.pk}.ics']")).to_be_visible()
    note = mentor.locator(f"form[action='{hub_en}notes/']")
    note.locator("[name=body]").fill(SHARED)
    submit(mentor, note)
    expect(mentor.locator("main")).to_contain_text(SHARED)
    expect(mentor.locator("main")).not_to_contain_text(PRIVATE)
    assert_accessible(mentor, "mentorship (accepted session, shared note)")
    shot(mentor, "07-hub-en-accepted")

    # Once its time has passed, Max marks it held.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    mentor.goto(hub_en)
    with mentor.expect_navigation():
        mentor.locator(f"form[action='{hub_en}sessions/{session.pk}/held/'] button").click()

    # Alice reads his note and rates the session with a comment, by keyboard.
    mentee.goto(hub_fr)
    expect(mentee.locator("main")).to_contain_text(SHARED)
    rate = mentee.locator(f"form[action='{hub_fr}sessions/{session.pk}/rate/']")
    rate.locator(f"[name='rate{session.pk}-comment']").fill(COMMENT)
    rate.locator(f"button[name='rate{session.pk}-score'][value='5']").focus()
    with mentee.expect_navigation():
        mentee.keyboard.press("Enter")
    rating = Rating.objects.get()
    assert (rating.author, rating.score, rating.comment) == (alice, 5, COMMENT)
    expect(rate.locator("button[aria-pressed=true]")).to_have_attribute("value", "5")

    # She ends the mentorship (she found work) and answers the exit survey.
    end = mentee.locator(f"details:has(form[action='{hub_fr}end-early/'])")
    end.locator("summary").click()
    end.locator("[name=reason]").select_option("found_work")
    submit(mentee, end.locator("form"))
    survey = mentee.locator(f"form[action='{hub_fr}survey/exit/']")
    assert_accessible(mentee, "mentorat terminé (questionnaire de fin)")
    shot(mentee, "08-hub-fr-exit-survey")
    for question, score in (("useful", "5"), ("rhythm", "4"), ("goals", "5"), ("recommend", "5")):
        survey.locator(f"[name={question}][value='{score}']").check()
    survey.locator("[name=comment]").fill("Merci Max")
    submit(mentee, survey)
    answer = SurveyAnswer.objects.get()
    assert (answer.author, answer.kind, answer.answers["rhythm"]) == (alice, "exit", 4)
    expect(mentee.locator(f"form[action='{hub_fr}survey/exit/']")).to_have_count(0)

    # Dave downloads the funder report, in English: figures, never people, all hidden.
    coordinator.goto(f"/en{base}/coordinate/")
    assert_accessible(coordinator, "dashboard (ended)")
    shot(coordinator, "09-dashboard-en")
    with coordinator.expect_download() as got:
        coordinator.locator(f"a[href='/en{base}/report.csv']").click()
    body = Path(got.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[:2] == [["Programme", "Trades springboard"], ["Figure", "Count"]]
    figures = dict(rows[2:])
    assert {
        "Mentors enrolled",
        "Mentorships ended",
        "Mentees who held at least one session",
    } <= set(figures)
    assert set(figures.values()) == {"fewer than 5"}  # one of each: every group suppressed
    assert "Alice" not in body and "Max" not in body
