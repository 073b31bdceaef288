"""API authentication: a personal access token (Bearer) or the browser session (with
CSRF on writes). Reads of public data work anonymously; a bad token is always a 401."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from tremplin.api.models import PersonalAccessToken
from tremplin.api.services import authenticate_token
from tremplin.core.cache import count_hit

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
TOKEN_REQUESTS_PER_MINUTE = 300


def remember_token(request: HttpRequest, token: PersonalAccessToken | None) -> None:
    """Endpoints read `request.api_token` (None for a session or anonymous call)."""
    setattr(request, "api_token", token)  # noqa: B010  (HttpRequest declares no such attribute)


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
        found = authenticate_token(token)
        if found is None:
            return None
        if count_hit(f"api-rate:{found.pk}", window=60) > TOKEN_REQUESTS_PER_MINUTE:
            raise HttpError(429, "Too many requests: slow down and try again in a minute.")
        if self.write and not found.can_write:
            raise HttpError(403, "This token can only read: create one with write access.")
        remember_token(request, found)
        request.user = found.user
        return found.user


read_or_anonymous = ApiAuth(anonymous=True)
signed_in = ApiAuth()
writer = ApiAuth(write=True)
