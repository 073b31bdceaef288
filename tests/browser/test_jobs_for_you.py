"""A job seeker sets their job preferences and reads their jobs for you with the
reasons; both pages are scanned with axe-core in French and English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_job_alerts import no_violations, open_posting
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.job_alerts.models import JobPreferences
from tremplin.organizations.models import OrgKind, Role
from tremplin.profiles.models import Skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_preferences_then_jobs_for_you_with_reasons(new_context, axe):
    seeker = UserFactory(email="lea@example.org", name="Léa Gagnon")
    Skill.objects.create(profile=seeker.profile, name="Pâtisserie")
    employer = OrganizationFactory(kind=OrgKind.EMPLOYER, name="Boulangerie Soleil",
                                   slug="boulangerie-soleil", verified=True)  # fmt: skip
    victor = make_member(employer, Role.ADMIN, email="victor@example.org", name="Victor Roy")
    open_posting(employer, victor, title_fr="Boulangère de nuit",
                 description_fr="Pâtisserie et viennoiserie.", salary_min=24)  # fmt: skip

    page = sign_in(new_context(), seeker)
    page.goto("/fr/jobs/for-you/preferences/")
    no_violations(axe, page, "/fr/jobs/for-you/preferences/")
    page.fill("input[name=desired_roles]", "Boulanger")
    page.select_option("select[name=region]", "ON")
    page.check("input[name=languages][value=fr]")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert JobPreferences.objects.get(owner=seeker).roles == ["Boulanger"]
    expect(page.locator("ol.for-you")).to_contain_text("Boulangère de nuit")
    expect(page.locator("ol.for-you .reasons")).to_contain_text("Boulanger")
    no_violations(axe, page, "/fr/jobs/for-you/")
    snap(page, "jobs_for_you_fr")
    page.goto("/en/jobs/for-you/")
    expect(page.locator("ol.for-you .reasons")).to_contain_text("The title matches")
    no_violations(axe, page, "/en/jobs/for-you/")
    snap(page, "jobs_for_you_en")
