"""The Django admin's own sign-in form was a side door around two-factor authentication:
it took a site administrator's password alone, with no rate limit, and gave a full
session. The admin now signs in through the site's flow (allauth: limits, two-factor)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.factories import PASSWORD, UserFactory, give_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def test_the_admins_password_form_signs_nobody_in(root):
    browser = Client()
    answer = browser.post(
        "/fr/admin/login/?next=/fr/admin/", {"username": root.email, "password": PASSWORD}
    )
    assert answer.status_code == 302
    assert answer["Location"] == "/fr/accounts/login/?next=/fr/admin/"
    assert "_auth_user_id" not in browser.session
    assert browser.get("/fr/admin/").status_code == 302  # still asked to sign in


def test_the_admin_sends_visitors_to_the_sites_sign_in(db):
    answer = Client().get("/fr/admin/")
    assert answer.status_code == 302
    follow = Client().get(answer["Location"])
    assert follow.status_code == 302
    assert follow["Location"].startswith("/fr/accounts/login/?next=/fr/admin/")


def test_a_foreign_next_address_is_not_followed(db):
    answer = Client().get("/fr/admin/login/?next=https://evil.example/")
    assert answer["Location"] == "/fr/accounts/login/?next=/fr/admin/"


def test_a_signed_in_administrator_goes_on_to_the_admin(root):
    give_totp(root)
    browser = Client()
    sign_in(browser, root)
    answer = browser.get("/fr/admin/login/?next=/fr/admin/auth/")
    assert answer.status_code == 302
    assert answer["Location"] == "/fr/admin/auth/"


def test_a_signed_in_member_who_is_not_staff_goes_home(db):
    browser = Client()
    browser.force_login(UserFactory(email="zoe@example.org"))
    answer = browser.get("/fr/admin/login/")
    assert answer["Location"] == "/fr/"
