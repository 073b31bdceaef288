"""Rate limits (settings.ACCOUNT_RATE_LIMITS): past the limit the answer is 429 with our
own page, and an attacker cannot keep guessing passwords or codes."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import totp_code
from tests.factories import PASSWORD

# Both databases: rate limits count with the cache: Redis (with PostgreSQL) or in memory.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]

TOO_MANY = "Too many attempts"  # templates/429.html


def assert_our_429(response) -> None:
    assert response.status_code == 429
    html = response.content.decode()
    assert TOO_MANY in html
    assert "<title>Too many attempts · Tremplin</title>" in html  # extends base.html


def wrong_login(client: Client, email: str = "alice@example.org", **extra):
    return client.post(
        "/en/accounts/login/", {"login": email, "password": "not-the-password"}, **extra
    )


def test_five_wrong_passwords_lock_that_address_even_for_the_right_one(personas, client):
    for _ in range(5):
        assert "not correct" in wrong_login(client).content.decode()

    response = client.post(
        "/en/accounts/login/", {"login": "alice@example.org", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not client.get("/en/").wsgi_request.user.is_authenticated


def test_the_lock_on_one_address_leaves_other_members_alone(personas, client):
    for _ in range(5):
        wrong_login(client)

    response = client.post(
        "/en/accounts/login/", {"login": "bob@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get("/en/").wsgi_request.user == personas.bob


def test_repeated_failed_logins_from_one_address_get_429(personas, client):
    # 30 login attempts a minute from one IP, whichever addresses they try.
    for i in range(30):
        assert wrong_login(client, f"guess{i}@example.org").status_code == 200

    assert_our_429(wrong_login(client, "guess-last@example.org"))


def test_the_login_limit_is_per_ip(personas, client):
    for i in range(30):
        wrong_login(client, f"guess{i}@example.org")

    response = Client(REMOTE_ADDR="203.0.113.9").post(
        "/en/accounts/login/", {"login": "bob@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302


def test_reading_the_login_page_is_not_limited(db, client):
    for _ in range(40):
        assert client.get("/en/accounts/login/").status_code == 200


def test_too_many_sign_ups_from_one_ip_get_429(db, client):
    for i in range(20):
        response = client.post(
            "/en/accounts/signup/",
            {"name": "X", "email": f"x{i}@example.org", "password1": "short", "password2": "short"},
        )
        assert response.status_code == 200

    response = client.post(
        "/en/accounts/signup/",
        {"name": "X", "email": "last@example.org", "password1": "short", "password2": "short"},
    )

    assert_our_429(response)


def test_too_many_reset_requests_for_one_address_get_429(
    personas, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            response = client.post("/en/accounts/password/reset/", {"email": "alice@example.org"})
            assert response.status_code == 302

        response = client.post("/en/accounts/password/reset/", {"email": "alice@example.org"})

    assert_our_429(response)


def test_too_many_reset_requests_from_one_ip_get_429(
    personas, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(20):
            response = client.post("/en/accounts/password/reset/", {"email": f"n{i}@example.org"})
            assert response.status_code == 302

        response = client.post("/en/accounts/password/reset/", {"email": "n-last@example.org"})

    assert_our_429(response)


def start_mfa_login(client: Client) -> None:
    response = client.post(
        "/en/accounts/login/", {"login": "dave@example.org", "password": PASSWORD}
    )
    assert response["Location"] == "/en/accounts/2fa/authenticate/"


def test_the_mfa_code_step_answers_429_past_ten_tries_a_minute(personas, client):
    start_mfa_login(client)

    for _ in range(10):
        response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
        assert response.status_code == 200

    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(personas.dave)})

    assert_our_429(response)
    assert not client.get("/en/").wsgi_request.user.is_authenticated


def test_the_mfa_code_step_locks_the_member_after_five_wrong_codes(personas, client):
    start_mfa_login(client)
    for _ in range(5):
        client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})

    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(personas.dave)})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not client.get("/en/").wsgi_request.user.is_authenticated


def test_the_mfa_limit_counts_only_code_submissions(personas, client):
    start_mfa_login(client)
    for _ in range(15):
        assert client.get("/en/accounts/2fa/authenticate/").status_code == 200

    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(personas.dave)})

    assert response.status_code == 302
    assert client.get("/en/").wsgi_request.user == personas.dave
