"""Issue 15 (6): the old address is told of an email change, with a link that locks the
account if it was not the member: a signed, single-use, expiring link whose POST signs
the account out everywhere, revokes its API tokens, stops its password and gives back
the old address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.test import Client
from django.utils import timezone

from tests.accounts.helpers import confirm_password, first_link, last_mail_to, sign_in
from tests.factories import PASSWORD, give_totp
from tremplin.accounts.models import AddressChange, User
from tremplin.accounts.services import prune_address_changes
from tremplin.api.models import PersonalAccessToken
from tremplin.api.services import create_token

pytestmark = pytest.mark.django_db


def change_address(browser: Client, capture, new: str = "alice.new@example.org") -> str:
    """Alice's address becomes `new`; returns the lock link the old address got."""
    confirm_password(browser, PASSWORD)
    with capture(execute=True):
        browser.post("/fr/accounts/email/", {"action_add": "", "email": new})
    with capture(execute=True):
        browser.post(first_link(last_mail_to(new).body))
    told = last_mail_to("alice@example.org")
    assert new in told.body
    found = re.search(r"https?://[^/\s]+(/\w\w/security/not-me/\S+)", told.body)
    assert found, told.body
    return found.group(1)


@pytest.fixture
def lock_link(personas, django_capture_on_commit_callbacks):
    browser = Client()
    browser.force_login(personas.alice)
    link = change_address(browser, django_capture_on_commit_callbacks)
    assert User.objects.get(pk=personas.alice.pk).email == "alice.new@example.org"
    return link


def test_the_old_address_gets_a_lock_link_in_the_members_language(lock_link):
    assert lock_link.startswith("/fr/security/not-me/")


def test_opening_the_link_explains_and_changes_nothing(personas, lock_link):
    for language in ("fr", "en"):
        page = Client().get(lock_link.replace("/fr/", f"/{language}/", 1))
        assert page.status_code == 200
        assert b'method="post"' in page.content
    assert User.objects.get(pk=personas.alice.pk).email == "alice.new@example.org"
    assert AddressChange.objects.get().locked_at is None


def test_locking_ends_sessions_tokens_password_and_gives_the_address_back(personas, lock_link):
    give_totp(personas.alice)  # the intruder's second factor, added after the change
    intruder = sign_in(Client(), User.objects.get(pk=personas.alice.pk))  # code passed too
    _token, raw = create_token(personas.alice, "script", can_write=True)
    assert intruder.get("/fr/security/").status_code == 200

    done = Client().post(lock_link)

    assert done.status_code == 200
    alice = User.objects.get(pk=personas.alice.pk)
    assert alice.email == "alice@example.org"
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", "verified")) == [
        ("alice@example.org", True)
    ]
    assert not alice.has_usable_password()
    assert not Authenticator.objects.filter(user=alice).exists()
    assert not PersonalAccessToken.objects.active().filter(user=alice).exists()
    assert intruder.get("/fr/security/").status_code == 302  # signed out
    api = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.status_code == 401
    signed_in = Client().post(
        "/fr/accounts/login/", {"login": "alice@example.org", "password": PASSWORD}
    )
    assert signed_in.status_code == 200  # the form again: the old password is refused


def test_the_link_works_once(lock_link):
    assert Client().post(lock_link).status_code == 200
    assert Client().post(lock_link).status_code == 410
    assert Client().get(lock_link).status_code == 410


def test_a_forged_or_expired_link_does_nothing(personas, lock_link, settings):
    forged = lock_link.rstrip("/")[:-3] + "xyz/"
    assert Client().post(forged).status_code == 410
    AddressChange.objects.update(created=timezone.now() - timedelta(days=30))
    settings.TREMPLIN_ADDRESS_CHANGE_DAYS = 0
    assert Client().post(lock_link).status_code == 410
    assert User.objects.get(pk=personas.alice.pk).email == "alice.new@example.org"


def test_old_records_are_pruned_after_the_links_life(lock_link, settings):
    assert prune_address_changes() == 0
    AddressChange.objects.update(
        created=timezone.now() - timedelta(days=settings.TREMPLIN_ADDRESS_CHANGE_DAYS + 1)
    )
    assert prune_address_changes() == 1
    assert not AddressChange.objects.exists()
