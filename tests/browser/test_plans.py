"""The service plan on the case page: the counsellor adds a goal, a sub-goal and a step
for the client; the client sees it on her case page and marks her step done. axe-core
finds nothing on either view of the page.

Selectors use form actions and field names, not button texts, so the test survives
translation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.organizations.models import Role
from tremplin.plans.models import Goal, PlanItem

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_the_counsellor_plans_and_the_client_marks_her_step_done(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    coach = make_member(agency, Role.COUNSELLOR, email="coach@example.org", name="Lina Coach")
    client = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    case = make_case(agency, coach, client)
    secret = give_totp(coach)
    case_url = f"/fr/counselling/cases/{case.pk}/"

    counsellor = sign_in(new_context(bypass_csp=False), coach, secret)
    counsellor.goto(case_url)
    add_goal = counsellor.locator(f"form[action='/fr/plans/cases/{case.pk}/goals/add/']")
    add_goal.locator("xpath=..").locator("summary").click()
    add_goal.locator("[name=title]").fill("Trouver un emploi en soins")
    submit(counsellor, add_goal)
    goal = Goal.objects.get()

    counsellor.locator("details.plan-add summary").first.click()
    add_goal.locator("[name=title]").fill("Mettre le CV à jour")
    add_goal.locator("[name=parent]").select_option(str(goal.pk))
    submit(counsellor, add_goal)
    sub = Goal.objects.get(parent=goal)

    add_item = counsellor.locator(f"form[action='/fr/plans/cases/{case.pk}/items/add/']")
    add_item.locator("xpath=..").locator("summary").click()
    add_item.locator("[name=goal]").select_option(str(sub.pk))
    add_item.locator("[name=title]").fill("Écrire le brouillon du CV")
    add_item.locator("[name=owner]").select_option("client")
    submit(counsellor, add_item)
    item = PlanItem.objects.get()
    assert (item.goal, item.owner, item.status) == (sub, "client", "to_do")
    expect(counsellor.locator(f"#item-{item.pk}")).to_contain_text("Écrire le brouillon du CV")
    assert_accessible(counsellor, "case page with a plan (counsellor)")

    member = sign_in(new_context(bypass_csp=False), client)
    member.goto(case_url)
    plan = member.locator("#plan")
    expect(plan.locator(f"#goal-{goal.pk}")).to_contain_text("Trouver un emploi en soins")
    expect(plan.locator(f"#goal-{sub.pk}")).to_contain_text("Mettre le CV à jour")
    assert_accessible(member, "case page with a plan (client)")
    status = member.locator(f"form[action='/fr/plans/items/{item.pk}/status/']")
    status.locator("[name=status]").select_option("done")
    submit(member, status)
    item.refresh_from_db()
    assert item.status == "done" and item.completed_at is not None
    expect(member.locator(f"#item-{item.pk} .badge.item-status-done")).to_be_visible()
    assert_accessible(member, "case page after the step is done (client)")
