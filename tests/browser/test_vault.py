"""The document vault's journey: a client uploads a CV (a renamed file is refused first,
with the title kept), shares it with her counsellor, the counsellor opens it and
comments, the client answers and uploads a new version; axe-core finds nothing on any
page, in French and English.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tests.vault.conftest import pdf_bytes
from tremplin.organizations.models import Role
from tremplin.vault.models import Document, ReviewComment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def upload(page, path, title=None):
    form = page.locator("form[enctype='multipart/form-data']").first
    if title is not None:
        form.locator("[name=title]").fill(title)
    form.locator("input[type=file]").set_input_files(path)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_cv_is_uploaded_shared_reviewed_and_replaced(new_context, assert_accessible, tmp_path):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    coach = make_member(agency, Role.COUNSELLOR, email="coach@example.org", name="Lina Coach")
    client = UserFactory(email="nadia@example.org", name="Nadia Tremblay")
    make_case(agency, coach, client)
    renamed = tmp_path / "cv.pdf"
    renamed.write_bytes(b"MZ\x90\x00 not a PDF at all")
    real = tmp_path / "cv-nadia.pdf"
    real.write_bytes(pdf_bytes())

    member = sign_in(new_context(bypass_csp=False), client)
    member.goto("/fr/documents/")
    assert_accessible(member, "my documents (empty)")
    upload(member, str(renamed), title="CV de Nadia")
    expect(member.locator("[name=title]").first).to_have_value("CV de Nadia")
    assert_accessible(member, "my documents (refused upload)")
    assert not Document.objects.exists()
    upload(member, str(real))
    document = Document.objects.get(owner=client)
    expect(member).to_have_url(f"/fr/documents/{document.pk}/")
    share = member.locator(f"form[action='/fr/documents/{document.pk}/shares/']")
    share.locator("select").select_option(str(coach.pk))
    with member.expect_navigation():
        share.locator("button[type=submit]").click()
    assert_accessible(member, "document (shared)")

    counsellor = sign_in(new_context(bypass_csp=False), coach, give_totp(coach), lang="en")
    counsellor.goto("/en/documents/shared/")
    assert_accessible(counsellor, "shared with me")
    counsellor.goto(f"/en/documents/{document.pk}/")
    with counsellor.expect_download() as download:
        counsellor.locator(f"a[href='/en/documents/{document.pk}/versions/1/download/']").click()
    assert download.value.suggested_filename == "cv-nadia.pdf"
    review = counsellor.locator(f"form[action='/en/documents/{document.pk}/comments/']")
    review.locator("[name=body]").fill("Add your welding certificate to the first page.")
    with counsellor.expect_navigation():
        review.locator("button[type=submit]").click()
    expect(counsellor.locator("main")).to_contain_text("welding certificate")
    assert_accessible(counsellor, "document (counsellor, comment)")

    member.reload()
    expect(member.locator("main")).to_contain_text("welding certificate")
    answer = member.locator(f"form[action='/fr/documents/{document.pk}/comments/']")
    answer.locator("[name=body]").fill("C'est fait, voici la nouvelle version.")
    with member.expect_navigation():
        answer.locator("button[type=submit]").click()
    new_version = member.locator(f"form[action='/fr/documents/{document.pk}/versions/']")
    new_version.locator("input[type=file]").set_input_files(str(real))
    with member.expect_navigation():
        new_version.locator("button[type=submit]").click()
    assert document.versions.count() == 2
    assert ReviewComment.objects.filter(document=document).count() == 2
    assert_accessible(member, "document (two versions, thread)")
    member.goto(f"/fr/documents/{document.pk}/access-log/")
    expect(member.locator("main")).to_contain_text("Lina Coach")
    assert_accessible(member, "access log")
