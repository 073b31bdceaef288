"""Whether a member has turned TOTP on (asked once an hour at most), and whether THIS
session passed the second factor.

`RequireMFAMiddleware` asks it on every request of a signed-in member; the "has TOTP"
answer is kept in the cache (Redis in production) and forgotten the moment the member's
authenticators change (`signals.py`: any save or delete of one, from allauth's pages,
the admin site or a script), so turning TOTP on releases the member at once and
removing it is enforced at once.

A device existing is not enough: a session must have passed the second factor itself.
allauth records each step of a sign-in (and of a reauthentication) in the session
(`account_authentication_methods`); a session opened another way (the admin's old
password form, `django.contrib.auth.login` anywhere, a stolen cookie from a
password-only step) has no "mfa" record, and is sent to the second-factor step.

`gate()` is the one answer for every channel: pages and the API with a session
(`middleware.py`), personal access tokens (`tremplin.api.auth`) and websockets
(`socket_allowed`, registered in `hooks.py`)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any, Literal

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

CACHE_SECONDS = 3600

# What a member must do before anything else: turn TOTP on ("setup"), or give the
# second factor in this session ("verify").
Gate = Literal["setup", "verify"] | None


def _key(user_id: int) -> str:
    return f"accounts:has-totp:{user_id}"


def has_totp(user_id: int) -> bool:
    known = cache.get(_key(user_id))
    if known is not None:
        return bool(known)
    found = Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).exists()
    cache.set(_key(user_id), found, CACHE_SECONDS)
    return found


def forget(user_id: int) -> None:
    cache.delete(_key(user_id))


def session_passed_mfa(session: Mapping[str, Any] | None, user: Any) -> bool:
    """Whether this session's sign-in (or a later reauthentication) included a second
    factor, for this very user (allauth keys the records to the user)."""
    if session is None:
        return False
    records = get_authentication_records(SimpleNamespace(session=session), user)  # type: ignore[arg-type]
    return any(record.get("method") == "mfa" for record in records)


def gate(user: Any, session: Mapping[str, Any] | None) -> Gate:
    """What the member must do first on a channel bound to `session` (None for a
    personal access token: a token is not a sign-in, so only "setup" applies).

    Cost: a session that passed the second factor, of a member whose role does not
    require one, answers from the session alone; otherwise one cache lookup."""
    if not settings.TREMPLIN_ENFORCE_MFA or user is None or not user.is_authenticated:
        return None
    passed = session is not None and session_passed_mfa(session, user)
    if passed and not user.requires_mfa:
        return None
    if has_totp(user.pk):
        return "verify" if session is not None and not passed else None
    # No TOTP (any more): a role that requires it must turn it on, whatever the session.
    return "setup" if user.requires_mfa else None


def socket_allowed(scope: Mapping[str, Any]) -> bool:
    """A websocket opens only for a session that may use every other channel."""
    return gate(scope.get("user"), scope.get("session")) is None


def record_activation(request: HttpRequest) -> None:
    """Turning TOTP on proves the device with a code: the session that did it passed the
    second factor (recorded as allauth records a sign-in's code step)."""
    totp = Authenticator.objects.filter(
        user_id=request.user.pk, type=Authenticator.Type.TOTP
    ).first()
    if totp is not None:
        record_authentication(request, request.user, "mfa", id=totp.pk, type=totp.type)


def missing_proof(request: HttpRequest) -> str | None:
    """Before a sensitive action (creating an API token): the reauthentication page the
    member must go through first, or None when this session re-proved, within allauth's
    REAUTHENTICATION_TIMEOUT, the password AND (for a member who has TOTP) the second
    factor. As allauth's own check, only reauthentications count, not the sign-in: a
    session left open on a shared computer cannot make a token."""
    user: Any = request.user
    records = get_authentication_records(request, user)
    now = time.time()
    timeout = account_settings.REAUTHENTICATION_TIMEOUT
    recent = {
        record.get("method")
        for record in records
        if record.get("reauthenticated")
        and isinstance(record.get("at"), int | float)
        and now - record["at"] < timeout
    }
    if user.has_usable_password() and "password" not in recent:
        return "account_reauthenticate"
    if has_totp(user.pk) and "mfa" not in recent:
        return "mfa_reauthenticate"
    return None
