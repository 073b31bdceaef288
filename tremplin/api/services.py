"""Token actions: create (the secret is shown once, the member is told by email), revoke
one or all, and note a token's use (when and from where)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.api.models import DEFAULT_DAYS, MAX_DAYS, PersonalAccessToken, hash_token
from tremplin.api.queries import token_for
from tremplin.api.scopes import legacy, normalized
from tremplin.api.tasks import tell_token_created
from tremplin.core.refusals import Refusal


class TokenRefusal(Refusal):
    area = "api"


# A token's `last_used` (and address) is written at most this often, or when the
# address changes: reads must not become writes.
LAST_USED_EVERY_SECONDS = 60


@transaction.atomic
def create_token(
    user: Any,
    name: str,
    can_write: bool = False,
    *,
    scopes: Iterable[str] | None = None,
    days: int = DEFAULT_DAYS,
) -> tuple[PersonalAccessToken, str]:
    """Returns the token row and the raw secret, which is shown once and never stored.

    `scopes` are "<area>:<access>" strings (tremplin.api.scopes); without them the token
    reads (and with `can_write` writes) every area, as the tokens of old did. It ends
    after `days` (1 to MAX_DAYS). The member is told by email once the row is saved."""
    if not 1 <= days <= MAX_DAYS:
        raise TokenRefusal(
            _("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS}, field="days"
        )
    chosen = normalized(scopes) if scopes is not None else legacy(can_write)
    if not chosen:
        raise TokenRefusal(_("Choose at least one area the token may use."), field="scopes")
    raw = PersonalAccessToken.new_raw_token()
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name,
        hint=raw[:8],
        token_hash=hash_token(raw),
        scopes=chosen,
        expires_at=timezone.now() + timedelta(days=days),
    )
    transaction.on_commit(lambda: tell_token_created.enqueue(token.pk))
    return token, raw


def revoke_token(user: Any, token_id: int) -> bool:
    return bool(
        PersonalAccessToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def revoke_all_tokens(user: Any) -> int:
    """End every token of the member (a new password, "sign out everywhere"): returns
    how many were still unrevoked."""
    user_id = getattr(user, "pk", user)
    return PersonalAccessToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def authenticate_token(raw: str, ip: str = "") -> PersonalAccessToken | None:
    """The token `raw` is (None when unknown, revoked or expired), noting its use: the
    time at most once a minute, or at once when the address changed."""
    token = token_for(raw)
    if token is None:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        return None
    address = ip or None
    stale = token.last_used is None or (
        (now - token.last_used).total_seconds() > LAST_USED_EVERY_SECONDS
    )
    if stale or address != token.last_used_ip:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used=now, last_used_ip=address)
        token.last_used, token.last_used_ip = now, address
    return token


# Revoked and expired tokens are kept this long (the tokens page no longer shows them;
# the admin does, for an investigation), then deleted with their last address.
KEEP_ENDED_TOKENS = timedelta(days=30)


def prune_ended_tokens() -> int:
    """The clock's periodic work: delete tokens revoked or expired more than
    KEEP_ENDED_TOKENS ago. Idempotent; returns how many rows went."""
    cutoff = timezone.now() - KEEP_ENDED_TOKENS
    ended = PersonalAccessToken.objects.filter(revoked_at__lt=cutoff) | (
        PersonalAccessToken.objects.filter(expires_at__lt=cutoff)
    )
    deleted, _by_model = ended.delete()
    return deleted
