"""The mentoring journey: bob offers to mentor alice from "My mentoring", alice accepts,
shares her CV with him from the document page, and bob opens it; axe-core finds nothing
on any page. Then alice ends the mentorship and the CV is gone for bob at once.

Selectors use form actions and field names, not button texts (they are translated).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import snap
from tests.browser.test_network import sign_in
from tests.factories import UserFactory
from tests.vault.conftest import pdf_bytes
from tremplin.mentoring.models import Mentorship
from tremplin.vault.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bob_mentors_alice_and_opens_the_cv_she_shares(new_context, assert_accessible, tmp_path):
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    bob = UserFactory(email="bob@example.org", name="Bob Roy")
    cv = tmp_path / "cv-alice.pdf"
    cv.write_bytes(pdf_bytes())

    # Bob offers to mentor alice; a name nobody has first keeps his message.
    mentor = sign_in(new_context(bypass_csp=False), bob, lang="en")
    mentor.goto("/en/mentoring/")
    assert_accessible(mentor, "my mentoring (empty)")
    propose = mentor.locator("form[action='/en/mentoring/']")
    propose.locator("[name=who_text]").fill("Nobody Here")
    propose.locator("[name=role][value=mentor]").check()
    propose.locator("[name=message]").fill("I have hired welders for ten years.")
    with mentor.expect_navigation():
        propose.locator("button[type=submit]").click()
    expect(mentor.locator("[name=message]")).to_have_value("I have hired welders for ten years.")
    assert_accessible(mentor, "my mentoring (refused proposal)")
    # Then alice, chosen by name among the suggestions, by keyboard (the person picker).
    box = mentor.locator("[name=who_text]")
    box.fill("")
    box.focus()
    mentor.keyboard.type("Alice")
    expect(mentor.locator("[role=listbox] [role=option]").first).to_contain_text("Alice Martin")
    mentor.keyboard.press("ArrowDown")
    mentor.keyboard.press("Enter")
    expect(mentor.locator("form[action='/en/mentoring/'] .chip")).to_contain_text("Alice Martin")
    with mentor.expect_navigation():
        mentor.locator("form[action='/en/mentoring/'] button[type=submit]").click()
    made = Mentorship.objects.get()
    assert (made.mentor, made.mentee, made.status) == (bob, alice, "invited")
    assert_accessible(mentor, "my mentoring (proposal sent)")

    # Alice accepts, uploads her CV and shares it with her mentor.
    mentee = sign_in(new_context(bypass_csp=False), alice)
    mentee.goto("/fr/mentoring/")
    expect(mentee.locator("main")).to_contain_text("I have hired welders for ten years.")
    assert_accessible(mentee, "mon mentorat (proposition)")
    with mentee.expect_navigation():
        mentee.locator(f"form[action='/fr/mentoring/{made.pk}/accept/'] button").click()
    made.refresh_from_db()
    assert made.status == "active"
    assert_accessible(mentee, "mon mentorat (actif)")
    snap(mentee, "mentoring-active")
    mentee.goto("/fr/documents/")
    form = mentee.locator("form[enctype='multipart/form-data']").first
    form.locator("[name=title]").fill("CV d'Alice")
    form.locator("input[type=file]").set_input_files(str(cv))
    with mentee.expect_navigation():
        form.locator("button[type=submit]").click()
    document = Document.objects.get(owner=alice)
    share = mentee.locator(f"form[action='/fr/documents/{document.pk}/shares/']")
    share.locator("select").select_option(str(bob.pk))
    with mentee.expect_navigation():
        share.locator("button[type=submit]").click()
    assert document.shares.get().via == "mentor"
    assert_accessible(mentee, "document (partagé avec le mentor)")

    # Bob opens it.
    mentor.goto("/en/documents/shared/")
    assert_accessible(mentor, "shared with me (mentor)")
    mentor.goto(f"/en/documents/{document.pk}/")
    with mentor.expect_download() as download:
        mentor.locator(f"a[href='/en/documents/{document.pk}/versions/1/download/']").click()
    assert download.value.suggested_filename == "cv-alice.pdf"
    assert_accessible(mentor, "document (mentor)")
    snap(mentor, "mentoring-document-as-mentor")

    # Alice ends the mentorship: the CV is gone for bob on his next request.
    mentee.goto("/fr/mentoring/")
    with mentee.expect_navigation():
        mentee.locator(f"form[action='/fr/mentoring/{made.pk}/end/'] button").click()
    assert_accessible(mentee, "mon mentorat (terminé)")
    answer = mentor.goto(f"/en/documents/{document.pk}/")
    assert answer is not None and answer.status == 404
