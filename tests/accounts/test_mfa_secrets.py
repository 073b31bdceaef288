"""Second-factor secrets are encrypted in the database (accounts/mfa_adapter.py): a copy
of the database alone does not give a member's TOTP key or recovery-code seed."""

from __future__ import annotations

import io
import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from cryptography.fernet import InvalidToken
from django.core.management import call_command

from tests.accounts.helpers import totp_code
from tests.factories import PASSWORD, give_totp
from tremplin.accounts.mfa_adapter import PREFIX, decrypt, encrypt

pytestmark = pytest.mark.django_db


def test_the_totp_key_and_the_recovery_seed_are_not_stored_in_clear(personas):
    secret = give_totp(personas.alice)
    RecoveryCodes.activate(personas.alice)

    rows = {a.type: a.data for a in Authenticator.objects.filter(user=personas.alice)}
    assert rows[Authenticator.Type.TOTP]["secret"].startswith(PREFIX)
    assert secret not in json.dumps(rows)
    assert rows[Authenticator.Type.RECOVERY_CODES]["seed"].startswith(PREFIX)
    assert decrypt(rows[Authenticator.Type.TOTP]["secret"]) == secret


def test_a_code_from_the_encrypted_key_completes_the_sign_in(personas, client):
    give_totp(personas.alice)
    client.post("/fr/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})

    response = client.post("/fr/accounts/2fa/authenticate/", {"code": totp_code(personas.alice)})

    assert response.status_code == 302
    assert client.get("/fr/").wsgi_request.user == personas.alice


def test_a_key_stored_before_encryption_still_works_and_the_command_encrypts_it(personas, settings):
    secret = give_totp(personas.alice)
    Authenticator.objects.filter(user=personas.alice).update(data={"secret": secret})

    assert decrypt(secret) == secret
    call_command("encrypt_mfa_secrets", stdout=io.StringIO())

    stored = Authenticator.objects.get(user=personas.alice).data["secret"]
    assert stored.startswith(PREFIX) and decrypt(stored) == secret


def test_a_rotated_secret_key_still_reads_what_the_old_one_wrote(settings):
    stored = encrypt("JBSWY3DPEHPK3PXP")
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40

    assert decrypt(stored) == "JBSWY3DPEHPK3PXP"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(InvalidToken):  # the old key is gone
        decrypt(stored)
