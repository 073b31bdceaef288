"""The security log: one JSON line per security-relevant event on the `tremplin.security`
logger (ASVS V7): sign-ins, failed sign-ins, sign-outs, changes of password, email
address and second factor, failed second-factor codes, and every request refused for
lack of credentials, permission or rate (401, 403, 429).

A line says what happened, when (UTC), to which account (its id, never the address), from
which address and on which path; it never holds a password, a code, a token, a session
key or the text of a message. An address typed at a failed sign-in is logged as a short
digest, so that repeated attempts on one account can be seen without keeping the
address. Each line is `json.dumps` of a flat dict, so a newline or a quote in a
user-supplied value cannot forge a second line (log injection).

Operators route the logger where their other security logs go (`LOGGING` in
settings.py); it is on the console with the rest by default.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest, HttpResponse

from tremplin.core.requests import client_ip

logger = logging.getLogger("tremplin.security")

# Statuses that are a refusal worth a line: no credentials, no permission, too many tries.
REFUSED_STATUSES = frozenset({401, 403, 429})


def digest(value: str) -> str:
    """A short, stable fingerprint of an identifier (an address typed at sign-in)."""
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:16]


def event(name: str, request: HttpRequest | None = None, user: Any = None, **fields: Any) -> None:
    """Writes one line for `name`; `fields` must hold no secret and no personal text."""
    line: dict[str, Any] = {"event": name, "at": datetime.now(UTC).isoformat()}
    if user is not None and getattr(user, "pk", None) is not None:
        line["user"] = user.pk
    if request is not None:
        line["ip"] = client_ip(request)
        line["method"] = request.method
        line["path"] = request.path[:300]
    line.update(fields)
    logger.info(json.dumps(line, ensure_ascii=True, default=str))


def refused(request: HttpRequest, response: HttpResponse) -> None:
    """A line for a response that refused the request (called by the headers middleware)."""
    if response.status_code in REFUSED_STATUSES:
        user = getattr(request, "user", None)
        signed = user is not None and user.is_authenticated
        event("refused", request, user if signed else None, status=response.status_code)


def _logged_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    event("sign_in", request, user)


def _logged_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    event("sign_out", request, user)


def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    typed = str(credentials.get("email") or credentials.get("username") or "")
    event("sign_in_failed", request, account=digest(typed) if typed else None)


def _account_change(name: str) -> Any:
    def receiver(
        sender: Any, request: HttpRequest | None = None, user: Any = None, **kw: Any
    ) -> None:
        event(name, request, user)

    return receiver


def _mfa_failed(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kw: Any
) -> None:
    authenticator = kw.get("authenticator")
    event("second_factor_failed", request, user, type=getattr(authenticator, "type", None))


def connect() -> None:
    """Connects the receivers (CoreConfig.ready). Django's auth signals cover every way in
    (allauth signs in through `django.contrib.auth.login`)."""
    from allauth.account import signals as account
    from allauth.mfa import signals as mfa

    pairs = [
        (auth_signals.user_logged_in, _logged_in),
        (auth_signals.user_logged_out, _logged_out),
        (auth_signals.user_login_failed, _login_failed),
        (account.password_changed, _account_change("password_changed")),
        (account.password_reset, _account_change("password_reset")),
        (account.password_set, _account_change("password_set")),
        (account.email_changed, _account_change("email_changed")),
        (mfa.authenticator_added, _account_change("second_factor_added")),
        (mfa.authenticator_removed, _account_change("second_factor_removed")),
        (mfa.authenticator_reset, _account_change("second_factor_reset")),
        (mfa.authentication_failed, _mfa_failed),
    ]
    for signal, receiver in pairs:
        # Strong references: the change receivers are closures made here.
        signal.connect(receiver, weak=False, dispatch_uid=f"tremplin-security-log-{id(signal)}")
