"""Token actions: create (the secret is shown once), revoke, and note a token's use."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from tremplin.api.models import PersonalAccessToken, hash_token
from tremplin.api.queries import token_for

# A token's `last_used` is written at most this often: reads must not become writes.
LAST_USED_EVERY_SECONDS = 60


@transaction.atomic
def create_token(user: Any, name: str, can_write: bool) -> tuple[PersonalAccessToken, str]:
    """Returns the token row and the raw secret, which is shown once and never stored."""
    raw = PersonalAccessToken.new_raw_token()
    token = PersonalAccessToken.objects.create(
        user=user, name=name, hint=raw[:8], token_hash=hash_token(raw), can_write=can_write
    )
    return token, raw


def revoke_token(user: Any, token_id: int) -> bool:
    return bool(
        PersonalAccessToken.objects.active()
        .filter(user=user, pk=token_id)
        .update(revoked_at=timezone.now())
    )


def authenticate_token(raw: str) -> PersonalAccessToken | None:
    """The token `raw` is, noting its use (at most once a minute)."""
    token = token_for(raw)
    if token is not None:
        now = timezone.now()
        if token.last_used is None or (
            (now - token.last_used).total_seconds() > LAST_USED_EVERY_SECONDS
        ):
            PersonalAccessToken.objects.filter(pk=token.pk).update(last_used=now)
    return token
