"""A counsellor invites a member from the caseload; the member accepts with chosen
permissions on "My counsellors"; both pages and the reassign page pass axe-core.

Selectors use form actions and names, not button texts, so the test survives translation.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_member
from tremplin.counselling.models import Case
from tremplin.organizations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_invite_accept_with_permissions_and_reassign(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    coach = make_member(agency, Role.COUNSELLOR, email="coach@example.org", name="Lina Coach")
    other = make_member(agency, Role.COUNSELLOR, email="other@example.org", name="Omar Coach")
    boss = make_member(agency, Role.ADMIN, email="boss@example.org", name="Rita Boss")
    client = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    coach_secret, boss_secret = give_totp(coach), give_totp(boss)

    counsellor = sign_in(new_context(bypass_csp=False), coach, coach_secret)
    counsellor.goto("/fr/counselling/caseload/")
    assert_accessible(counsellor, "caseload (empty)")
    form = counsellor.locator("form[action='/fr/counselling/caseload/invite/']")
    form.locator("[name=who]").fill("coach@example.org")  # oneself: refused, text kept
    with counsellor.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(form.locator("[name=who]")).to_have_value("coach@example.org")
    assert_accessible(counsellor, "caseload (error)")
    form.locator("[name=who]").fill("nadia-tremblay")
    with counsellor.expect_navigation():
        form.locator("button[type=submit]").click()
    case = Case.objects.get(client=client)
    assert case.status == "invited"

    member = sign_in(new_context(bypass_csp=False), client)
    member.goto("/fr/counselling/")
    assert_accessible(member, "my counsellors (invitation)")
    consent = member.locator(f"form[action='/fr/counselling/cases/{case.pk}/accept/']")
    consent.locator("input[value=profile]").check()
    consent.locator("input[value=messages]").check()
    with member.expect_navigation():
        consent.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert (case.status, case.scopes) == ("active", {"profile", "messages"})
    member.locator("details.history summary").first.click()
    assert_accessible(member, "my counsellors (active, history open)")

    counsellor.goto("/fr/counselling/caseload/?status=active")
    expect(counsellor.locator(f"#case-{case.pk}")).to_contain_text("Nadia Tremblay")
    assert_accessible(counsellor, "caseload (active)")

    admin = sign_in(new_context(bypass_csp=False), boss, boss_secret)
    admin.goto("/fr/counselling/agencies/agence-horizon/reassign/")
    assert_accessible(admin, "reassign")
    row = admin.locator(f"form[action='/fr/counselling/cases/{case.pk}/reassign/']")
    row.locator("select").select_option(str(other.pk))
    with admin.expect_navigation():
        row.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert case.counsellor == other
