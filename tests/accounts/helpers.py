"""Small helpers shared by the account tests."""

from __future__ import annotations

import re
import time

from allauth.account.internal.flows.login import (
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
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


def sign_in(client, user):
    """`force_login`, plus what allauth's own sign-in records in the session: the
    password step and, for a member who has TOTP, the code step. RequireMFAMiddleware
    sends a session that skipped the second factor to it (force_login alone is such a
    session: see tests/accounts/test_mfa_session.py)."""
    client.force_login(user)
    now = time.time()
    records = [{"method": "password", "at": now, "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        records.append({"method": "mfa", "at": now, "id": totp.pk, "type": totp.type})
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()
    return client


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
