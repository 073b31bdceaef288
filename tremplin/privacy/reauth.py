"""A fresh re-authentication before a download or a deletion.

In the browser, allauth's own re-authentication page (password, or the second factor
for a member who has one) marks the session; it counts for
`ACCOUNT_REAUTHENTICATION_TIMEOUT` seconds (5 minutes). Over the API, a token carries no
session: the request itself gives the password, and the current authenticator code when
the member has two-factor authentication, checked here with a per-member limit.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.http import HttpRequest
from django.utils.translation import gettext as _

from tremplin.core.cache import count_hit
from tremplin.privacy.refusals import PrivacyRefusal

ATTEMPTS_PER_WINDOW = 5
WINDOW_SECONDS = 300


def session_is_fresh(request: HttpRequest) -> bool:
    """The browser session re-authenticated within the last few minutes (never true for
    a token: `api_token` is set only when a token signed the request)."""
    if getattr(request, "api_token", None) is not None or not hasattr(request, "session"):
        return False
    return bool(did_recently_reauthenticate(request))


def _code_is_valid(user: Any, code: str) -> bool:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return True
    return bool(code) and TOTP(authenticator).validate_code(code)


def require_fresh(request: HttpRequest, password: str = "", code: str = "") -> None:
    """Refuse unless the session is fresh or the password (and code) are right."""
    if session_is_fresh(request):
        return
    user = request.user
    if not password:
        raise PrivacyRefusal(
            _("Confirm it is you: sign in again, or give your password."), code="forbidden"
        )
    if count_hit(f"privacy-reauth:{user.pk}", window=WINDOW_SECONDS) > ATTEMPTS_PER_WINDOW:
        raise PrivacyRefusal(
            _("Too many attempts: wait a few minutes and try again."), code="rate_limited"
        )
    if not user.check_password(password) or not _code_is_valid(user, code):
        raise PrivacyRefusal(
            _("The password or the authenticator code is not right."), code="forbidden"
        )
