"""Small helpers shared by the account tests."""

from __future__ import annotations

import re

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core import mail

from tests.factories import fresh_totp

LONG_PASSWORD = "un-tremplin-vers-l-emploi-2025"


def confirm_password(client, password: str) -> None:
    """Give the password again, as allauth asks before changing the email address or the
    password (ACCOUNT_REAUTHENTICATION_REQUIRED): the session records it."""
    response = client.post("/fr/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content[:500]


def last_mail_to(address: str):
    found = [m for m in mail.outbox if address in m.to]
    assert found, f"no email was sent to {address}"
    return found[-1]


def first_link(body: str) -> str:
    """The path of the first http(s) link in an email body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, "the email contains no link"
    return match.group(1)


def totp_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return fresh_totp(secret)
