"""Sign-up by email through allauth: account, profile, verification email, passwords."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.accounts.helpers import LONG_PASSWORD, first_link, last_mail_to
from tremplin.accounts.models import User
from tremplin.core.audience import Audience

pytestmark = pytest.mark.django_db


def sign_up(client, capture, language="fr", email="zoe@example.org", password=LONG_PASSWORD):
    with capture(execute=True):
        return client.post(
            f"/{language}/accounts/signup/",
            {"name": "Zoé Tremblay", "email": email, "password1": password, "password2": password},
        )


def test_it_creates_a_user_in_the_language_of_the_url(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, "en", "zed@example.org")

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert User.objects.get(email="zed@example.org").language == "en"


def test_it_creates_a_french_user_from_the_french_pages(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks, "fr")

    assert User.objects.get(email="zoe@example.org").language == "fr"


def test_it_creates_a_profile_with_the_name_and_privacy_protecting_defaults(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)

    profile = User.objects.get(email="zoe@example.org").profile
    assert profile.display_name == "Zoé Tremblay"
    assert profile.service_language == "fr"
    # Professional fields: signed-in members only, never the open web.
    for field in (
        "basics_visibility",
        "about_visibility",
        "experience_visibility",
        "education_visibility",
        "skills_visibility",
        "languages_visibility",
    ):
        assert getattr(profile, field) == Audience.MEMBERS, field
    assert profile.interests_visibility == Audience.CONNECTIONS
    assert profile.open_to_work is False
    assert profile.open_to_work_audience == Audience.COUNSELLORS
    assert profile.city == "" and profile.region == ""


def test_it_stores_the_password_with_argon2(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)

    user = User.objects.get(email="zoe@example.org")
    assert user.password.startswith("argon2")
    assert user.check_password(LONG_PASSWORD)


def test_it_sends_the_verification_email_in_french_from_the_french_pages(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks, "fr")

    message = last_mail_to("zoe@example.org")
    assert message.subject.startswith("[Tremplin] ")
    assert "Confirmez votre adresse" in message.subject
    assert "Pour confirmer" in message.body
    assert "/fr/accounts/confirm-email/" in message.body


def test_it_sends_the_verification_email_in_english_from_the_english_pages(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks, "en")

    message = last_mail_to("zoe@example.org")
    assert "Please Confirm Your Email Address" in message.subject
    assert "To confirm this is correct" in message.body
    assert "/en/accounts/confirm-email/" in message.body


def test_it_queues_the_email_only_after_the_transaction_commits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            "/fr/accounts/signup/",
            {
                "name": "Zoé",
                "email": "zoe@example.org",
                "password1": LONG_PASSWORD,
                "password2": LONG_PASSWORD,
            },
        )
    assert mail.outbox == []
    assert callbacks, "the verification email is scheduled on commit"


def test_the_confirm_link_verifies_the_address_and_signs_in(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    assert not EmailAddress.objects.get(email="zoe@example.org").verified
    assert "_auth_user_id" not in client.session
    link = first_link(last_mail_to("zoe@example.org").body)

    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="zoe@example.org").verified
    user = User.objects.get(email="zoe@example.org")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/fr/").wsgi_request.user == user


def test_an_unverified_member_cannot_sign_in(client, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    other = type(client)()

    response = other.post(
        "/fr/accounts/login/", {"login": "zoe@example.org", "password": LONG_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/confirm-email/"
    assert "_auth_user_id" not in other.session


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Court-1!", "at least 12 characters"),
        ("password1234", "too common"),
        ("483920175648", "entirely numeric"),
    ],
)
def test_it_refuses_a_weak_password_with_a_message_and_keeps_the_email(
    client, django_capture_on_commit_callbacks, password, reason
):
    response = sign_up(client, django_capture_on_commit_callbacks, "en", password=password)

    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html
    assert 'value="zoe@example.org"' in html
    assert 'value="Zoé Tremblay"' in html
    assert not User.objects.filter(email="zoe@example.org").exists()
    assert mail.outbox == []


def test_it_refuses_a_short_password_in_french(client, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, "fr", password="Court-1!")

    assert response.status_code == 200
    assert "au minimum 12 caractères" in response.content.decode()
    assert 'value="zoe@example.org"' in response.content.decode()


def test_it_refuses_mismatched_passwords(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/",
            {
                "name": "Zoé",
                "email": "zoe@example.org",
                "password1": LONG_PASSWORD,
                "password2": LONG_PASSWORD + "x",
            },
        )

    assert response.status_code == 200
    assert "same password" in response.content.decode()
    assert not User.objects.filter(email="zoe@example.org").exists()


def test_it_requires_a_name(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "zoe@example.org", "password1": LONG_PASSWORD, "password2": LONG_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not User.objects.filter(email="zoe@example.org").exists()


def test_signing_up_with_a_taken_address_creates_no_second_account(
    personas, client, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks, "fr", email="ALICE@example.org")

    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    assert personas.alice.profile.display_name == "Alice Martin"


def test_account_emails_are_signed_tremplin_not_a_host_name(db, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(
            "/en/accounts/signup/",
            {
                "name": "Nora Hill",
                "email": "nora@example.org",
                "password1": "a-very-long-passphrase-42",
                "password2": "a-very-long-passphrase-42",
            },
        )

    [message] = mail.outbox
    assert "Hello from Tremplin!" in message.body
    assert "testserver!" not in message.body


def test_a_known_address_costs_the_same_password_hash_as_a_new_one(
    personas, client, django_capture_on_commit_callbacks, monkeypatch
):
    """Issue 15 (9): the known-address path answered in 22 ms and the new one in 270 ms
    (the new one hashed a password): both hash it now, once, and queue their email."""
    from tremplin.accounts.hashers import TestArgon2PasswordHasher

    hashed: list[str] = []
    real = TestArgon2PasswordHasher.encode

    def counting(self, password, salt):
        hashed.append(password)
        return real(self, password, salt)

    monkeypatch.setattr(TestArgon2PasswordHasher, "encode", counting)
    known = sign_up(client, django_capture_on_commit_callbacks, email="alice@example.org")
    on_known = list(hashed)
    hashed.clear()
    new = sign_up(Client(), django_capture_on_commit_callbacks, email="zoe@example.org")
    assert known.status_code == new.status_code == 302
    assert known["Location"] == new["Location"]
    assert on_known == hashed == [LONG_PASSWORD]
    assert last_mail_to("alice@example.org")  # "you already have an account", queued
