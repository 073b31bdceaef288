"""A verified employer's recruiter finds a candidate open to work by a skill, with the
keyboard only, and writes to her; the candidate finds it under message requests. The
search page is scanned with axe-core in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.messaging.models import Participant, RequestState
from tremplin.organizations.models import OrgKind, Role
from tremplin.profiles.models import LanguageSkill, OpenToWorkAudience, Profile, Skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_recruiter_finds_a_candidate_by_skill_and_writes_to_her(new_context, assert_accessible):
    from tests.browser.conftest import snap

    employer = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Boulangerie Dupain", slug="dupain", verified=True
    )
    rita = make_member(employer, Role.RECRUITER, email="rita@example.org", name="Rita Roux")
    for n, (name, skill) in enumerate(
        [("Amina Diallo", "Pâtisserie"), ("Léo Gagnon", "Comptabilité")]
    ):
        user = UserFactory(email=f"c{n}@example.org", name=name)
        Profile.objects.filter(user=user).update(
            open_to_work=True,
            open_to_work_audience=OpenToWorkAudience.RECRUITERS,
            headline="Boulangère de métier" if n == 0 else "Commis comptable",
            city="Gatineau",
            region="QC",
        )
        Skill.objects.create(profile=user.profile, name=skill)
        LanguageSkill.objects.create(profile=user.profile, language="Français", level="native")
    amina = Profile.objects.get(handle="amina-diallo").user

    page = sign_in(new_context(), rita, lang="en")
    page.goto("/en/recruiting/candidates/")
    expect(page.locator("h1")).to_have_count(1)
    page.locator("#id_skills").focus()
    page.keyboard.type("pâtisserie")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    results = page.locator("li.result")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Amina Diallo")
    snap(page, "recruiting-search-en")
    assert_accessible(page, "recruiter search (en)")
    page.goto("/fr/recruiting/candidates/")
    expect(page.locator("li.result")).to_have_count(2)
    snap(page, "recruiting-search-fr")
    assert_accessible(page, "recruiter search (fr)")

    page.goto("/en/recruiting/candidates/amina-diallo/contact/")
    assert_accessible(page, "write to a candidate")
    page.fill("#id_body", "Would a baker's position in Gatineau interest you?")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    row = Participant.objects.get(user=amina)
    assert row.request_state == RequestState.PENDING
