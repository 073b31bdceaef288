"""Alice answers her exit survey from the emailed link (no sign-in), then Greta, the
agency's admin, reads the report; both pages pass axe-core.

Selectors use names and form actions, not button texts, so the test survives translation.
"""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tests.outcomes.conftest import LINK, answered
from tremplin.counselling.services import close
from tremplin.organizations.models import Role
from tremplin.outcomes.models import SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alice_answers_by_link_and_greta_reads_the_report(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    erin = make_member(agency, Role.COUNSELLOR, email="erin@example.org", name="Erin Walsh")
    greta = make_member(agency, Role.ADMIN, email="greta@example.org", name="Greta Admin")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    greta_secret = give_totp(greta)
    for score in (5, 4, 4, 2, 5):
        answered(agency, dave, score, service="Emploi Ontario")
        answered(agency, erin, 5, service="Emploi Ontario")

    case = make_case(agency, dave, alice)
    close(dave, case, "employed")  # no surrounding transaction: the email goes at once
    links = [m for line in mail.outbox[-1].body.splitlines() if (m := LINK.fullmatch(line.strip()))]
    assert len(links) == 1
    path = links[0].group(0).split("://", 1)[1].split("/", 1)[1]

    page = new_context().new_page()
    page.goto("/" + path)
    assert_accessible(page, "survey page")
    page.locator("form.survey-form button[type=submit]").click()  # nothing chosen: 400
    expect(page.locator("#score-error")).to_be_visible()
    page.fill("#id_comment", "Un accompagnement très humain.")
    assert_accessible(page, "survey page (error)")
    page.locator("input[name=score][value='5']").check()
    with page.expect_navigation():
        page.locator("form.survey-form button[type=submit]").click()
    assert page.url.endswith("/fr/outcomes/surveys/thanks/")
    saved = SurveyResponse.objects.get(invitation__case=case)
    assert (saved.score, saved.comment) == (5, "Un accompagnement très humain.")

    admin = sign_in(new_context(), greta, greta_secret)
    admin.goto("/en/counselling/agencies/agence-horizon/report/")
    overall = admin.locator("#satisfaction-h + p + dl")
    expect(overall).to_contain_text("11")  # 5 + 5 + alice's
    expect(overall).to_contain_text("91")  # 10 of 11 at 4 or 5
    table = admin.locator("table", has_text="Erin Walsh")
    expect(table).to_contain_text("100")
    expect(admin.locator("svg#chart-counsellor")).to_be_visible()
    assert_accessible(admin, "agency report")
