"""Signing in and out, resetting a forgotten password, changing the email address."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.accounts.helpers import LONG_PASSWORD, confirm_password, first_link, last_mail_to
from tests.factories import PASSWORD
from tremplin.accounts.models import User


def signed_in_user(client: Client):
    return client.get("/fr/").wsgi_request.user


def test_it_signs_in_with_email_and_password(personas, client):
    response = client.post(
        "/fr/accounts/login/", {"login": "alice@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert signed_in_user(client) == personas.alice


def test_it_signs_in_whatever_the_case_of_the_email(personas, client):
    client.post("/fr/accounts/login/", {"login": "Alice@Example.ORG", "password": PASSWORD})

    assert signed_in_user(client) == personas.alice


def test_it_refuses_a_wrong_password_with_a_message_and_keeps_the_email(personas, client):
    response = client.post(
        "/en/accounts/login/", {"login": "alice@example.org", "password": "not-her-password"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "not correct" in html
    assert 'value="alice@example.org"' in html
    assert not signed_in_user(client).is_authenticated


def test_it_answers_an_unknown_address_like_a_wrong_password(personas, client):
    unknown = client.post(
        "/en/accounts/login/", {"login": "nobody@example.org", "password": "whatever-it-is"}
    )
    wrong = client.post(
        "/en/accounts/login/", {"login": "alice@example.org", "password": "whatever-it-is"}
    )

    assert unknown.context["form"].errors == wrong.context["form"].errors


def test_it_signs_out_on_post(personas, client):
    client.force_login(personas.alice)

    response = client.post("/fr/accounts/logout/")

    assert response.status_code == 302
    assert not signed_in_user(client).is_authenticated


def test_a_get_on_logout_only_asks_for_confirmation(personas, client):
    client.force_login(personas.alice)

    response = client.get("/fr/accounts/logout/")

    assert response.status_code == 200
    assert signed_in_user(client) == personas.alice


def test_it_emails_a_reset_link_in_the_members_language(
    personas, client, django_capture_on_commit_callbacks
):
    personas.alice.language = "en"
    personas.alice.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/accounts/password/reset/", {"email": "alice@example.org"})

    assert response.status_code == 302
    message = last_mail_to("alice@example.org")
    assert "Password Reset" in message.subject
    # the link opens the page in the language of the email, not of the form used
    assert "/en/accounts/password/reset/key/" in message.body
    assert "/fr/" not in message.body


def test_the_reset_link_sets_a_new_password(personas, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/password/reset/", {"email": "alice@example.org"})
    message = last_mail_to("alice@example.org")
    assert "réinitialisation" in message.subject  # alice reads French
    link = first_link(message.body)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(set_url, {"password1": LONG_PASSWORD, "password2": LONG_PASSWORD})

    assert response.status_code == 302
    personas.alice.refresh_from_db()
    assert personas.alice.check_password(LONG_PASSWORD)
    assert personas.alice.password.startswith("argon2")


def test_the_reset_form_refuses_a_short_password(
    personas, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/password/reset/", {"email": "alice@example.org"})
    form_page = client.get(first_link(last_mail_to("alice@example.org").body), follow=True)
    set_url = form_page.redirect_chain[-1][0]

    response = client.post(set_url, {"password1": "Short-1!", "password2": "Short-1!"})

    assert response.status_code == 200
    personas.alice.refresh_from_db()
    assert personas.alice.check_password(PASSWORD)


def test_a_reset_for_an_unknown_address_reveals_nothing(
    personas, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/en/accounts/password/reset/", {"email": "alice@example.org"})
        unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The stranger's address gets an "unknown account" note, not a reset link.
    assert "/password/reset/key/" not in last_mail_to("nobody@example.org").body


def test_it_changes_the_email_address_after_the_new_one_is_confirmed(
    personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas.alice)
    confirm_password(client, PASSWORD)  # changing the address asks for it again
    assert client.get("/fr/accounts/email/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/accounts/email/", {"action_add": "", "email": "alice.new@example.org"}
        )

    assert response.status_code == 302
    message = last_mail_to("alice.new@example.org")
    assert "Confirmez" in message.subject
    personas.alice.refresh_from_db()
    assert personas.alice.email == "alice@example.org"  # unchanged until confirmed

    client.post(first_link(message.body))

    personas.alice.refresh_from_db()
    assert personas.alice.email == "alice.new@example.org"
    addresses = set(
        EmailAddress.objects.filter(user=personas.alice).values_list("email", flat=True)
    )
    assert addresses == {"alice.new@example.org"}


def test_an_address_another_member_uses_never_becomes_hers(
    personas, client, django_capture_on_commit_callbacks
):
    """Enumeration prevention: the form does not say the address is taken, but the
    confirmation can never move bob's verified address to alice."""
    client.force_login(personas.alice)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/email/", {"action_add": "", "email": "bob@example.org"})
    for message in [m for m in mail.outbox if "bob@example.org" in m.to]:
        if "/confirm-email/" in message.body:
            client.post(first_link(message.body))

    personas.alice.refresh_from_db()
    assert personas.alice.email == "alice@example.org"
    assert not EmailAddress.objects.filter(
        user=personas.alice, email="bob@example.org", verified=True
    ).exists()
    assert User.objects.get(email="bob@example.org") == personas.bob
    assert EmailAddress.objects.get(user=personas.bob, email="bob@example.org").verified


@pytest.mark.parametrize("path", ["/fr/accounts/email/", "/fr/accounts/sessions/"])
def test_account_pages_need_a_signed_in_member(db, client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/login/")


def test_the_confirmation_of_a_new_address_is_in_the_members_language(
    personas, client, django_capture_on_commit_callbacks
):
    personas.alice.language = "en"
    personas.alice.save()
    client.force_login(personas.alice)
    confirm_password(client, PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})

    message = last_mail_to("alice.new@example.org")
    assert "Please Confirm Your Email Address" in message.subject
    link = first_link(message.body)
    assert link.startswith("/en/accounts/confirm-email/")
    client.post(link)
    assert EmailAddress.objects.get(email="alice.new@example.org").verified


def test_changing_the_address_asks_for_the_password_again_after_a_while(
    personas, client, django_capture_on_commit_callbacks
):
    """A session whose password was not given again in the last minutes (a stolen cookie,
    a browser left open) cannot move the account to another address: it is sent to
    confirm the password first."""
    client.force_login(personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/accounts/email/", {"action_add": "", "email": "thief@example.org"}
        )
    assert response.status_code == 302
    assert response["Location"].startswith("/fr/accounts/reauthenticate/")
    assert not [m for m in mail.outbox if "thief@example.org" in m.to]
    assert not EmailAddress.objects.filter(email="thief@example.org").exists()


def test_the_old_address_is_told_when_the_email_changes(
    personas, client, django_capture_on_commit_callbacks
):
    client.force_login(personas.alice)
    confirm_password(client, PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/email/", {"action_add": "", "email": "alice.new@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(first_link(last_mail_to("alice.new@example.org").body))
    told = last_mail_to("alice@example.org")
    assert "alice.new@example.org" in told.body
