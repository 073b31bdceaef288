"""Issue 4's whole journey in one browser run: a counsellor invites a client, the client
accepts with permissions, uploads a CV and shares it, the counsellor sees it waiting on
the caseload and comments, books an appointment the client then sees, closes the case;
the client answers the exit survey from the emailed link without signing in, and the
agency's admin finds the answer counted in the report. axe-core checks every page.

Selectors use form actions, ids and field names, not button texts (they are translated).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_member
from tests.outcomes.conftest import LINK, answered
from tests.vault.conftest import pdf_bytes
from tremplin.appointments.forms import local_input
from tremplin.appointments.models import Appointment
from tremplin.casework.models import FollowUp
from tremplin.counselling.models import Case
from tremplin.organizations.models import Role
from tremplin.outcomes.models import SurveyResponse
from tremplin.vault.models import Document, ReviewComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, form):
    with page.expect_navigation():
        form.locator("button[type=submit]").first.click()


def test_from_invitation_to_the_agency_report(new_context, assert_accessible, tmp_path):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    greta = make_member(agency, Role.ADMIN, email="greta@example.org", name="Greta Admin")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    dave_secret, greta_secret = give_totp(dave), give_totp(greta)
    for score in (5, 4, 4, 5):  # four earlier clients of dave's answered already
        answered(agency, dave, score, service="Emploi Ontario")
    cv = tmp_path / "cv-alice.pdf"
    cv.write_bytes(pdf_bytes())

    # The counsellor invites alice by her profile address.
    counsellor = sign_in(new_context(bypass_csp=False), dave, dave_secret, lang="en")
    counsellor.goto("/en/counselling/caseload/")
    invite = counsellor.locator("form[action='/en/counselling/caseload/invite/']")
    invite.locator("[name=who]").fill(alice.profile.handle)
    submit(counsellor, invite)
    case = Case.objects.get(client=alice)

    # Alice accepts, letting dave see the documents she shares and message her.
    client = sign_in(new_context(bypass_csp=False), alice)
    client.goto("/fr/counselling/")
    consent = client.locator(f"form[action='/fr/counselling/cases/{case.pk}/accept/']")
    consent.locator("input[value=documents]").check()
    consent.locator("input[value=messages]").check()
    submit(client, consent)
    case.refresh_from_db()
    assert (case.status, case.scopes) == ("active", {"documents", "messages"})
    assert_accessible(client, "my counsellors (active)")

    # She uploads her CV and shares it with him.
    client.goto("/fr/documents/")
    upload = client.locator("form[enctype='multipart/form-data']").first
    upload.locator("[name=title]").fill("CV d'Alice")
    upload.locator("input[type=file]").set_input_files(str(cv))
    submit(client, upload)
    document = Document.objects.get(owner=alice)
    share = client.locator(f"form[action='/fr/documents/{document.pk}/shares/']")
    share.locator("select").select_option(str(dave.pk))
    submit(client, share)

    # The caseload shows it waiting for review; he comments and it no longer waits.
    counsellor.goto("/en/counselling/caseload/")
    row = counsellor.locator(f"#case-{case.pk}")
    expect(row).to_contain_text("1 document")
    assert_accessible(counsellor, "caseload dashboard")
    snap(counsellor, "case-journey-caseload")
    counsellor.goto(f"/en/documents/{document.pk}/")
    review = counsellor.locator(f"form[action='/en/documents/{document.pk}/comments/']")
    review.locator("[name=body]").fill("Put your forklift licence first.")
    submit(counsellor, review)
    assert ReviewComment.objects.filter(document=document, author=dave).exists()
    counsellor.goto("/en/counselling/caseload/")
    expect(counsellor.locator(f"#case-{case.pk}")).not_to_contain_text("1 document")

    # He books a phone appointment from the case page.
    counsellor.goto(f"/en/counselling/cases/{case.pk}/")
    book = counsellor.locator(f"form[action='/en/appointments/cases/{case.pk}/book/']")
    book.locator("[name=book-starts_at]").fill(
        local_input((timezone.now() + timedelta(days=3)).replace(minute=0))
    )
    book.locator("[name=book-duration]").fill("30")
    book.locator("[name=book-mode]").select_option("phone")
    book.locator("[name=book-phone_details]").fill("Dave calls 514 555 0100")
    book.locator("[name=book-agenda]").fill("Préparer l'entrevue chez Transport Boréal")
    submit(counsellor, book)
    appointment = Appointment.objects.get(case=case)
    assert_accessible(counsellor, "case page (counsellor)")
    snap(counsellor, "case-journey-case-counsellor")
    invitation = next(m for m in mail.outbox if alice.email in m.to)
    assert any(a[0].endswith(".ics") for a in invitation.attachments)

    client.goto(f"/fr/counselling/cases/{case.pk}/")
    expect(client.locator(f"#appointment-{appointment.pk}")).to_contain_text("Transport Boréal")
    assert_accessible(client, "case page (client)")
    snap(client, "case-journey-case-client")

    # Alice found a job: dave closes the case from the caseload.
    counsellor.goto("/en/counselling/caseload/")
    close = counsellor.locator(f"form[action='/en/counselling/cases/{case.pk}/close/']")
    close.locator("select").select_option("employed")
    submit(counsellor, close)
    case.refresh_from_db()
    assert (case.status, case.exit_reason) == ("closed", "employed")
    assert sorted(FollowUp.objects.filter(case=case).values_list("months", flat=True)) == [
        3,
        6,
        12,
    ]

    # The exit survey arrives by email; she answers it without signing in.
    survey_mail = [m for m in mail.outbox if alice.email in m.to and LINK.search(m.body)][-1]
    link = LINK.search(survey_mail.body).group(0)
    anonymous = new_context().new_page()
    anonymous.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert_accessible(anonymous, "exit survey")
    snap(anonymous, "case-journey-survey")
    anonymous.locator("input[name=score][value='5']").check()
    anonymous.fill("#id_comment", "Merci pour l'accompagnement.")
    submit(anonymous, anonymous.locator("form.survey-form"))
    assert SurveyResponse.objects.get(invitation__case=case).score == 5

    # The agency's admin sees dave's five answers, all at 4 or 5.
    admin = sign_in(new_context(bypass_csp=False), greta, greta_secret, lang="en")
    admin.goto("/en/counselling/agencies/agence-horizon/report/")
    by_counsellor = admin.locator("table", has_text="Dave Côté")
    expect(by_counsellor).to_contain_text("100")
    expect(admin.locator("#satisfaction-h + p + dl")).to_contain_text("5")
    assert_accessible(admin, "agency report")
    snap(admin, "case-journey-report")
