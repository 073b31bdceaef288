"""An employer posts a job in a real browser (both language versions side by side), it
appears on the jobs list, and a visitor who is not signed in opens it, with the page's
own Content-Security-Policy enforced (the JSON-LD data block is not a script it
blocks). The form, the list and the posting are scanned with axe-core.

Selectors use names, ids and addresses, not button texts, so the test survives
translation.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, make_member
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.organizations.models import OrgKind, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_employer_posts_a_job_and_a_visitor_opens_it(new_context, assert_accessible):
    employer = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Boulangerie Soleil", slug="boulangerie-soleil", verified=True
    )
    victor = make_member(employer, Role.ADMIN, email="victor@example.org", name="Victor Roy")

    page = sign_in(new_context(), victor)
    page.goto("/fr/jobs/new/")
    assert_accessible(page, "/fr/jobs/new/")
    page.fill("#id_title_fr", "Boulanger ou boulangère de nuit")
    page.fill("#id_description_fr", "Pain au levain, **horaires de nuit**.")
    page.fill("#id_title_en", "Night baker")
    page.fill("#id_description_en", "Sourdough bread, night shifts.")
    page.fill("#id_city", "Ottawa")
    page.select_option("#id_region", "ON")
    page.fill("#id_salary_min", "22.50")
    page.fill("#id_salary_max", "28")
    page.check("input[name=apply_method][value=email]")
    expect(page.locator("#id_apply_url")).to_be_hidden()  # jobs.js shows the chosen way
    page.check("input[name=apply_method][value=url]")
    expect(page.locator("#id_apply_email")).to_be_hidden()
    page.fill("#id_apply_url", "https://boulangerie.example.org/emplois")
    until = (timezone.localtime() + dt.timedelta(days=30)).date().isoformat()
    page.fill("#id_valid_through", until)
    with page.expect_navigation():
        page.locator("button[name=action][value=publish]").click()

    posting = Posting.objects.get()
    assert posting.status == PostingStatus.OPEN
    expect(page).to_have_url(re.compile(rf"/fr/jobs/{posting.pk}/$"))
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Boulanger ou boulangère de nuit")
    expect(page.locator("section.job-version[lang=en]")).to_contain_text("Sourdough bread")
    assert_accessible(page, f"/fr/jobs/{posting.pk}/ (employer)")

    page.goto("/fr/jobs/")
    expect(page.locator(f".job-list a[href='/fr/jobs/{posting.pk}/']")).to_have_count(1)
    assert_accessible(page, "/fr/jobs/")
    snap(page, "jobs-list")

    # A visitor, not signed in, with the page's CSP enforced.
    visitor = new_context(bypass_csp=False).new_page()
    blocked: list[str] = []
    visitor.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    visitor.goto("/en/jobs/")
    visitor.locator(f".job-list a[href='/en/jobs/{posting.pk}/']").click()
    expect(visitor).to_have_url(re.compile(rf"/en/jobs/{posting.pk}/$"))
    expect(visitor.locator("h1")).to_have_text("Night baker")
    expect(visitor.locator("a[href='https://boulangerie.example.org/emplois']")).to_have_count(1)
    data = json.loads(visitor.locator("script[type='application/ld+json']").text_content() or "")
    assert data["@type"] == "JobPosting" and data["title"] == "Night baker"
    assert data["hiringOrganization"]["name"] == "Boulangerie Soleil"
    assert blocked == []
    snap(visitor, "jobs-posting-visitor")

    english = new_context().new_page()
    english.goto(f"/en/jobs/{posting.pk}/")
    assert_accessible(english, f"/en/jobs/{posting.pk}/ (visitor)")
