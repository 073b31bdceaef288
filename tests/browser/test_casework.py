"""dave opens alice's case page, writes a case note, edits it (the history shows both
versions), adds a referral and tags the case; axe-core finds nothing on the way. alice's
own page of the same case shows none of it.

Selectors use form actions and names, not button texts, so the test survives translation.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tremplin.casework.models import CaseNote, CaseRecord, Referral
from tremplin.organizations.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_counsellor_notes_edits_refers_and_tags(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    secret = give_totp(dave)
    case = make_case(agency, dave, alice)
    url = f"/fr/counselling/cases/{case.pk}/"

    page = sign_in(new_context(bypass_csp=False), dave, secret)
    page.goto(url)
    expect(page.locator("#casework .staff-only")).to_be_visible()
    assert_accessible(page, "case page (case work, empty)")

    # A note.
    form = page.locator(f"form[action='/fr/casework/cases/{case.pk}/notes/']")
    form.locator("[name=kind]").select_option("phone")
    form.locator("[name=body]").fill("Premier appel : CV à revoir.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    note = CaseNote.objects.get()
    expect(page.locator(f"#note-{note.pk} .note-body").first).to_contain_text("Premier appel")

    # Edited: the history keeps both versions.
    item = page.locator(f"#note-{note.pk}")
    item.locator("details.note-edit summary").click()
    edit = item.locator(f"form[action='/fr/casework/notes/{note.pk}/edit/']")
    edit.locator("[name=body]").fill("Premier appel : CV revu ensemble.")
    with page.expect_navigation():
        edit.locator("button[type=submit]").click()
    item = page.locator(f"#note-{note.pk}")
    expect(item.locator(".badge.edited")).to_be_visible()
    item.locator("details.note-history summary").click()
    history = item.locator("details.note-history")
    expect(history).to_contain_text("CV à revoir")
    expect(history).to_contain_text("CV revu ensemble")
    assert_accessible(page, "case page (note history open)")

    # A referral.
    page.locator("#casework details.casework-edit:has(form.referral-form) summary").click()
    referral = page.locator(f"form[action='/fr/casework/cases/{case.pk}/referrals/']")
    referral.locator("[name=direction]").select_option("out")
    referral.locator("[name=partner_name]").fill("Collège Boréal")
    referral.locator("[name=reason]").fill("Formation de préposé aux bénéficiaires")
    with page.expect_navigation():
        referral.locator("button[type=submit]").click()
    made = Referral.objects.get()
    expect(page.locator(f"#referral-{made.pk}")).to_contain_text("Collège Boréal")

    # A tag created inline, then the funder's number.
    page.locator("#casework details.casework-edit:has(form.record-form) summary").click()
    tag = page.locator(f"form[action='/fr/casework/cases/{case.pk}/tags/']")
    tag.locator("[name=kind]").select_option("sector")
    tag.locator("[name=name]").fill("Santé")
    with page.expect_navigation():
        tag.locator("button[type=submit]").click()
    page.locator("#casework details.casework-edit:has(form.record-form) summary").click()
    record = page.locator(f"form[action='/fr/casework/cases/{case.pk}/record/']")
    record.locator("[name=funder_reference]").fill("ES-2024-0042")
    with page.expect_navigation():
        record.locator("button[type=submit]").click()
    saved = CaseRecord.objects.get()
    assert saved.funder_reference == "ES-2024-0042"
    assert [t.name for t in saved.tags.all()] == ["Santé"]
    expect(page.locator("#casework .casework-facts")).to_contain_text("ES-2024-0042")
    expect(page.locator("#casework .casework-facts")).to_contain_text("Santé")
    assert_accessible(page, "case page (record, note, referral)")

    # alice's page of the same case: nothing of it.
    client = sign_in(new_context(bypass_csp=False), alice)
    client.goto(url)
    body = client.locator("body")
    for text in ("ES-2024-0042", "Collège Boréal", "CV revu", "Santé"):
        expect(body).not_to_contain_text(text)
    assert client.locator("#casework").count() == 0
    assert_accessible(client, "case page (client)")
