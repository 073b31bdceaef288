"""Issue 15, item 4, in the browser: alice withdraws "send me messages" on her "My
counsellors" page; dave's conversation page then says she has not allowed him to write
(in place of the form), in French and in English, and the pages pass axe-core.
Screenshots: /tmp/shots15/consent/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_network import sign_in
from tests.factories import OrganizationFactory, UserFactory, give_totp, make_case, make_member
from tests.vault.conftest import pdf_bytes, upload
from tremplin.messaging import services
from tremplin.messaging.models import Message
from tremplin.organizations.models import Role
from tremplin.vault import services as vault

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots15/consent")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_withdrawing_send_me_messages_stops_the_counsellor_writing(new_context, assert_accessible):
    agency = OrganizationFactory(name="Agence Horizon", slug="agence-horizon")
    dave = make_member(agency, Role.COUNSELLOR, email="dave@example.org", name="Dave Côté")
    alice = UserFactory(email="alice@example.org", name="Alice Martin")
    secret = give_totp(dave)
    case = make_case(agency, dave, alice)
    conversation, _m = services.start_conversation(
        dave, [alice], "Bonjour Alice, on se voit jeudi ?"
    )

    document = vault.upload_document(alice, upload(pdf_bytes()), title="Mon CV")
    vault.share_with(alice, document, dave)

    counsellor = sign_in(new_context(bypass_csp=False), dave, secret)
    counsellor.goto(f"/fr/messages/{conversation.pk}/")
    expect(counsellor.locator("form#send-form")).to_be_visible()

    client = sign_in(new_context(bypass_csp=False), alice)
    client.goto("/fr/counselling/")
    form = client.locator(f"form[action='/fr/counselling/cases/{case.pk}/scopes/']")
    checkbox = form.locator("input[value=messages]")
    expect(checkbox).to_be_checked()
    checkbox.uncheck()
    with client.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(
        client.locator(
            f"form[action='/fr/counselling/cases/{case.pk}/scopes/'] input[value=messages]"
        )
    ).not_to_be_checked()
    assert_accessible(client, "my counsellors (messages withdrawn)")
    shot(client, "my-counsellors-fr")

    for language, said in (
        ("fr", "Alice Martin ne vous a pas donné la permission de lui envoyer des messages."),
        ("en", "Alice Martin has not allowed you to send them messages."),
    ):
        counsellor.goto(f"/{language}/messages/{conversation.pk}/")
        notice = counsellor.locator("#send-form")
        expect(notice).to_have_text(said)
        expect(counsellor.locator("form#send-form")).to_have_count(0)
        expect(counsellor.locator("textarea")).to_have_count(0)
        assert_accessible(counsellor, f"conversation ({language}, messages withdrawn)")
        shot(counsellor, f"conversation-{language}")
    assert Message.objects.filter(sender=dave).count() == 1

    # The case page, with the link paused by her: what the pause keeps, said to him.
    client.goto("/fr/counselling/")
    with client.expect_navigation():
        client.locator(f"form[action='/fr/counselling/cases/{case.pk}/pause/'] button").click()
    for language in ("fr", "en"):
        counsellor.goto(f"/{language}/counselling/cases/{case.pk}/")
        expect(counsellor.locator("#paused-notice")).to_be_visible()
        assert_accessible(counsellor, f"case page ({language}, paused)")
        shot(counsellor, f"case-paused-{language}")
        # A document she had shared: the reason, not a bare "not found".
        response = counsellor.goto(f"/{language}/documents/{document.pk}/")
        assert response is not None and response.status == 403
        expect(counsellor.locator("main")).to_contain_text("Alice Martin")
        assert_accessible(counsellor, f"document ({language}, paused)")
        shot(counsellor, f"document-paused-{language}")
