"""allauth's MFA adapter, with the second factor's secrets encrypted in the database
(ASVS V2.8.2, V2.6.3).

allauth stores a member's TOTP key and the seed her recovery codes derive from in
`Authenticator.data`; its own adapter stores them as they are, so a copy of the database
alone would let a thief compute every code. Here they are encrypted with Fernet
(AES-128-CBC and HMAC-SHA256) under a key derived from `SECRET_KEY`, which lives in the
environment, never in the database. A value written before this change (no prefix) is
still read as it is, and `manage.py encrypt_mfa_secrets` rewrites such rows.
Rotating `SECRET_KEY`: put the old key in `SECRET_KEY_FALLBACKS` until the rows have been
rewritten (the command re-encrypts under the current key).
"""

from __future__ import annotations

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

PREFIX = "fernet:"


def _fernet_for(secret: str) -> Fernet:
    digest = hashlib.sha256(b"tremplin.mfa-secrets:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def keys() -> MultiFernet:
    """The current key first, then one per fallback secret (to read, never to write)."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(s) for s in secrets])


def encrypt(text: str) -> str:
    return PREFIX + keys().encrypt(text.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before secrets were encrypted
    return keys().decrypt(stored[len(PREFIX) :].encode("ascii")).decode()


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return decrypt(encrypted_text)
