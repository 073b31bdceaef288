"""Rewrites every second-factor secret under the current key: rows written before the
secrets were encrypted, and rows encrypted under a key now in SECRET_KEY_FALLBACKS
(see tremplin/accounts/mfa_adapter.py)."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand

from tremplin.accounts.mfa_adapter import decrypt, encrypt


def reencrypted(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    for field in ("secret", "seed"):
        if isinstance(out.get(field), str):
            out[field] = encrypt(decrypt(out[field]))
    if isinstance(out.get("migrated_codes"), list):
        out["migrated_codes"] = [encrypt(decrypt(code)) for code in out["migrated_codes"]]
    return out


class Command(BaseCommand):
    help = "Encrypt (or re-encrypt under the current SECRET_KEY) every TOTP and recovery secret."

    def handle(self, *args: Any, **options: Any) -> None:
        count = 0
        for authenticator in Authenticator.objects.iterator():
            authenticator.data = reencrypted(authenticator.data)
            authenticator.save(update_fields=["data"])
            count += 1
        self.stdout.write(f"{count} authenticators rewritten")
