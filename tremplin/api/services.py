from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from tremplin.api.models import PersonalAccessToken, hash_token
from tremplin.core.compiled import CompiledQuery, Input


@transaction.atomic
def create_token(user, name: str, can_write: bool) -> tuple[PersonalAccessToken, str]:
    """Returns the token row and the raw secret, which is shown once and never stored."""
    raw = PersonalAccessToken.new_raw_token()
    token = PersonalAccessToken.objects.create(
        user=user, name=name, hint=raw[:8], token_hash=hash_token(raw), can_write=can_write
    )
    return token, raw


def revoke_token(user, token_id: int) -> bool:
    return bool(
        PersonalAccessToken.objects.active()
        .filter(user=user, pk=token_id)
        .update(revoked_at=timezone.now())
    )


def _token_query(variant, token_hash: str):
    return (
        PersonalAccessToken.objects.active()
        .select_related("user")
        .filter(token_hash=token_hash, user__is_active=True)[:1]
    )


# Every API call with a token runs this first: compiled once (tremplin.core.compiled).
TOKEN = CompiledQuery(_token_query, token_hash=Input.text)


def authenticate_token(raw: str) -> PersonalAccessToken | None:
    found = TOKEN.run(token_hash=hash_token(raw))
    token = found[0] if found else None
    if token is not None:
        now = timezone.now()
        # Write at most once a minute per token: reads must not become writes.
        if token.last_used is None or (now - token.last_used).total_seconds() > 60:
            PersonalAccessToken.objects.filter(pk=token.pk).update(last_used=now)
    return token
