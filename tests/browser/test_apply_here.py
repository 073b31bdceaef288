"""Issue 18, "apply here", in one browser run: alice applies to a posting with a CV from
her vault and answers the screening questions; victor, the employer's admin, finds her
in the applicant inbox, moves her to interview, then declines with a template message;
alice sees the status and the message in her tracker. axe-core checks the apply form,
the inbox and the applicant's page.

Selectors use form actions, ids and field names, not button texts (they are translated).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.applications.apply_fixtures import QUESTIONS, pdf
from tests.applications.conftest import make_posting
from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.applications.models import Application, Submission
from tremplin.organizations.models import OrgKind, Role
from tremplin.vault import services as vault

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def test_alice_applies_and_the_employer_moves_then_declines(new_context, assert_accessible):
    employer = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Transport Boréal", slug="transport-boreal", verified=True
    )
    victor = make_member(employer, Role.ADMIN, email="victor@example.org", name="Victor Roy")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    cv = vault.upload_document(alice, pdf(), title="CV cariste 2026")
    posting = make_posting(
        organization=employer,
        posted_by=victor,
        apply_method="here",
        screening_questions=QUESTIONS,
    )

    # Alice applies from the posting page with her vault CV and her answers.
    applicant = sign_in(new_context(bypass_csp=False), alice, lang="en")
    applicant.goto(f"/en/jobs/{posting.pk}/")
    with applicant.expect_navigation():
        applicant.locator(f"a[href='/en/jobs/{posting.pk}/apply/']").click()
    assert_accessible(applicant, "apply form")
    snap(applicant, "apply-here-form")
    form = applicant.locator("form.apply-form")
    form.locator("select[name=cv]").select_option(str(cv.pk))
    form.locator("textarea[name=message]").fill("Five years on forklifts in Sudbury.")
    form.locator("input[name=answer_1][value=yes]").check()
    form.locator("input[name=answer_2]").fill("Next Monday")
    submit(applicant, form)
    sent = Submission.objects.get(applicant=alice)
    assert (sent.cv_id, sent.status) == (cv.pk, "new")
    expect(applicant.locator("section.sent-here")).to_contain_text("CV cariste 2026")

    # Victor finds her in the inbox, opens her page, moves her to interview.
    employer_page = sign_in(new_context(bypass_csp=False), victor, lang="en")
    employer_page.goto(f"/en/jobs/{posting.pk}/applicants/?status=new")
    row = employer_page.locator(f"#applicant-{sent.pk}")
    expect(row).to_contain_text("Alice Martin")
    assert_accessible(employer_page, "applicant inbox")
    snap(employer_page, "apply-here-inbox")
    with employer_page.expect_navigation():
        row.locator("a").click()
    expect(employer_page.locator("main")).to_contain_text("Next Monday")
    assert_accessible(employer_page, "applicant page")
    status = employer_page.locator(f"form[action='/en/applications/received/{sent.pk}/status/']")
    status.locator("select[name=status-status]").select_option("interview")
    submit(employer_page, status)
    assert Application.objects.get(client=alice).status == "interview"

    # Then declines, with the "position filled" message.
    status = employer_page.locator(f"form[action='/en/applications/received/{sent.pk}/status/']")
    status.locator("select[name=status-status]").select_option("declined")
    status.locator("select[name=status-template]").select_option("filled")
    submit(employer_page, status)
    assert Submission.objects.get(pk=sent.pk).status == "declined"

    # Alice sees it in her tracker, with the kind message.
    applicant.goto(f"/en/applications/{sent.application_id}/")
    section = applicant.locator("section.sent-here")
    expect(section).to_contain_text("Declined")
    expect(section).to_contain_text("The position has now been filled")
    expect(applicant.locator("ol.application-events")).to_contain_text("the employer: Interview")
