"""Reads of API tokens: a member's list (the tokens page) and the lookup every call with
a token starts with."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.api.models import PersonalAccessToken, hash_token
from tremplin.core.compiled import CompiledQuery, Input


def tokens_of(user: Any) -> QuerySet[PersonalAccessToken]:
    """The member's tokens that still work (neither revoked nor expired), newest first."""
    return PersonalAccessToken.objects.active().filter(user=user)


def _token_query(variant: Any, token_hash: str) -> QuerySet[PersonalAccessToken]:
    # Not `.active()`: its "not expired yet" puts the time in the SQL, which a compiled
    # query may not hold; the caller compares `expires_at` with the clock
    # (tremplin.api.services.authenticate_token).
    return (
        PersonalAccessToken.objects.filter(revoked_at__isnull=True)
        .select_related("user")
        .filter(token_hash=token_hash, user__is_active=True)[:1]
    )


# Every API call with a token runs this first: compiled once (tremplin.core.compiled).
TOKEN = CompiledQuery(_token_query, token_hash=Input.text)


def token_for(raw: str) -> PersonalAccessToken | None:
    """The unrevoked token of an active member that `raw` is, or None (it may have
    expired: see authenticate_token)."""
    found = TOKEN.run(token_hash=hash_token(raw))
    return found[0] if found else None
