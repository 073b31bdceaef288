"""A job seeker searches jobs, saves the search as an alert (the email box starts
unticked), and sees a matching job's alert arrive without reloading; the search page,
the alert form and the alerts list are scanned with axe-core in French and English.

Selectors use form actions, names and data attributes, not button texts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import format_violations
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.job_alerts.models import SavedSearch
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.organizations.models import OrgKind, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_violations(axe, page, where: str) -> None:
    results = axe.run(page, options={"resultTypes": ["violations"]})
    violations = results.response["violations"]
    assert not violations, f"axe-core on {where}:\n" + format_violations(violations)


def open_posting(employer, author, **fields) -> Posting:
    from tremplin.jobs.services import transition

    posting = Posting.objects.create(
        organization=employer, posted_by=author, hiring_organization_name=employer.name,
        status=PostingStatus.DRAFT, region="ON", city="Ottawa", **fields,
    )  # fmt: skip
    transition(posting, PostingStatus.OPEN, by=author)
    return posting


def test_search_save_as_alert_and_see_a_match_arrive_live(new_context, axe):
    seeker = UserFactory(email="lea@example.org", name="Léa Gagnon")
    employer = OrganizationFactory(kind=OrgKind.EMPLOYER, name="Boulangerie Soleil",
                                   slug="boulangerie-soleil", verified=True)  # fmt: skip
    victor = make_member(employer, Role.ADMIN, email="victor@example.org", name="Victor Roy")
    open_posting(employer, victor, title_fr="Boulangère de nuit", salary_min=24)

    page = sign_in(new_context(), seeker)
    page.goto("/fr/jobs/search/?q=boulangere")
    expect(page.locator(".job-results")).to_contain_text("Boulangère de nuit")
    no_violations(axe, page, "/fr/jobs/search/")

    page.locator("a[href^='/fr/jobs/alerts/new/']").click()
    expect(page.locator("input[name=q]")).to_have_value("boulangere")
    expect(page.locator("input[name=email_opt_in]")).not_to_be_checked()
    no_violations(axe, page, "/fr/jobs/alerts/new/")
    page.fill("input[name=name]", "Boulangerie")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    saved = SavedSearch.objects.get(owner=seeker)
    assert saved.is_alert and saved.delivery == "in_app"
    expect(page.locator(f"form[action='/fr/jobs/alerts/{saved.pk}/pause/']")).to_have_count(1)
    no_violations(axe, page, "/fr/jobs/alerts/")
    expect(page.locator("body")).to_have_attribute("data-live-state", "up")

    # A matching job opens: the page says so without reloading.
    open_posting(employer, victor, title_fr="Boulangère pâtissière")
    expect(page.locator("[data-job-alert-live]")).not_to_be_empty()


def test_pages_in_english_have_no_axe_violations(new_context, axe):
    seeker = UserFactory(email="sam@example.org", name="Sam Lee", language="en")
    SavedSearch.objects.create(owner=seeker, name="Welding", q="welder", is_alert=True)
    page = sign_in(new_context(locale="en-CA"), seeker, lang="en")
    for path in ("/en/jobs/search/?q=welder", "/en/jobs/alerts/", "/en/jobs/alerts/new/"):
        page.goto(path)
        no_violations(axe, page, path)
