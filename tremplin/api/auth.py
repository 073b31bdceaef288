"""API authentication: a personal access token (Bearer) or the browser session (with
CSRF on writes). Reads of public data work anonymously; a bad, revoked or expired token
is always a 401.

A token is checked, on every call, against:
- its scopes: the area of the path (declared per router, `tremplin.api.scopes`) with
  read for GET/HEAD/OPTIONS and write for anything else; else 403 `insufficient_scope`;
- the channel guards (`core.hooks.channel_guards`, filled by accounts: a member whose
  role requires two-factor authentication and who has not turned it on); else 403
  `mfa_required`. A token made before its owner gained such a role stops working
  until they turn it on.
A session's own checks run before the API (accounts.middleware: the same guards, with
the session's record of its second factor)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from tremplin.api import scopes
from tremplin.api.models import PersonalAccessToken
from tremplin.api.services import authenticate_token
from tremplin.core import hooks
from tremplin.core.cache import count_hit
from tremplin.core.requests import client_ip

SAFE_METHODS = scopes.SAFE_METHODS
TOKEN_REQUESTS_PER_MINUTE = 300

INSUFFICIENT_SCOPE = "insufficient_scope"
MFA_REQUIRED = "mfa_required"
SESSION_REQUIRED = "session_required"


class ApiRefusal(HttpError):
    """An HttpError with a stable `code` for programs (the API's handler adds it)."""

    def __init__(self, status_code: int, message: str, code: str) -> None:
        super().__init__(status_code, message)
        self.code = code


def remember_token(request: HttpRequest, token: PersonalAccessToken | None) -> None:
    """Endpoints read `request.api_token` (None for a session or anonymous call)."""
    setattr(request, "api_token", token)  # noqa: B010  (HttpRequest declares no such attribute)


@cache
def _api_root() -> str:
    return reverse("api:api-root")


def area_of_path(path: str) -> str | None:
    """The area of a full path (/api/v1/vault/documents → "vault")."""
    root = _api_root()
    return scopes.area_of(path[len(root) :] if path.startswith(root) else path)


def area_of_request(request: HttpRequest) -> str | None:
    return area_of_path(request.path)


def check_scope(request: HttpRequest, token: PersonalAccessToken, write: bool = False) -> None:
    area = area_of_request(request)
    if area == scopes.SESSION_ONLY:
        raise ApiRefusal(
            403,
            _("This can only be done from the signed-in site, not with a token."),
            SESSION_REQUIRED,
        )
    method = "POST" if write else request.method or "GET"
    need = scopes.needed(area, method)
    if not token.allows(need):
        raise ApiRefusal(
            403,
            _("This token does not allow this: it needs the scope “%(scope)s”.")
            % {"scope": need or _("none")},
            INSUFFICIENT_SCOPE,
        )


def check_guards(user: Any) -> None:
    """The channel guards for a token (no session: a token is not a sign-in)."""
    for guard in hooks.channel_guards:
        if guard(user, None):
            raise ApiRefusal(
                403,
                _("Your role requires two-factor authentication: turn it on before using a token."),
                MFA_REQUIRED,
            )


class ApiAuth(HttpBearer):
    def __init__(self, *, anonymous: bool = False, write: bool = False) -> None:
        super().__init__()
        self.anonymous = anonymous
        self.write = write

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization")
        if header:
            return super().__call__(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS:
                error = check_csrf(request)
                if error:
                    raise HttpError(403, "CSRF check failed: send the X-CSRFToken header.")
            remember_token(request, None)
            return user
        if self.anonymous:
            remember_token(request, None)
            return AnonymousUser()
        return None

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = authenticate_token(token, client_ip(request))
        if found is None:
            return None
        if count_hit(f"api-rate:{found.pk}", window=60) > TOKEN_REQUESTS_PER_MINUTE:
            raise HttpError(429, "Too many requests: slow down and try again in a minute.")
        check_scope(request, found, self.write)
        check_guards(found.user)
        remember_token(request, found)
        request.user = found.user
        return found.user


class OptionalApiAuth(ApiAuth):
    """`read_or_anonymous`'s own class, only so that the OpenAPI schema can tell its
    operations apart (ninja names a security requirement after the class) and say that
    credentials are optional there: `TremplinAPI.get_openapi_schema` writes
    `[{}, {"ApiAuth": [...]}]`."""


read_or_anonymous = OptionalApiAuth(anonymous=True)
signed_in = ApiAuth()
writer = ApiAuth(write=True)
