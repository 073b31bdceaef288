"""The session list's "last active", written at most once every few minutes.

allauth.usersessions records a session's activity (IP address, browser, last seen) on
every signed-in request with its own middleware: a write transaction and a second load
of the user on every GET. `SessionActivityMiddleware` records it through allauth's same
function, but only when the session's last record is older than `ACTIVITY_EVERY`; the
time of the last record is kept in the session itself (read with the session, written
with the record). Signing in records it too (allauth's own receiver), so a member's
GETs write nothing between two records and "last active" is right to `ACTIVITY_EVERY`.

At each record the member's standing is asked again (`accounts.standing`): a session a
suspension somehow did not end (the app that bars someone ends their sessions at once)
is signed out within `ACTIVITY_EVERY`, for one query every few minutes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from allauth.core import context as allauth_context
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from allauth.usersessions.models import UserSession
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from tremplin.accounts import standing
from tremplin.api.services import revoke_all_tokens

ACTIVITY_EVERY = timedelta(minutes=5)
RECORDED_AT = "tremplin_activity_at"


def mark_recorded(request: HttpRequest) -> None:
    """The session's activity was just recorded (at sign-in, or by the middleware)."""
    request.session[RECORDED_AT] = int(time.time())


def due(request: HttpRequest) -> bool:
    recorded = request.session.get(RECORDED_AT)
    if not isinstance(recorded, int):
        return True
    return time.time() - recorded >= ACTIVITY_EVERY.total_seconds()


class SessionActivityMiddleware:
    """allauth's UserSessionsMiddleware, at most once every ACTIVITY_EVERY per session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is not None
            and session.session_key
            and user is not None
            and user.is_authenticated
            and due(request)
        ):
            if standing.barred(user):
                logout(request)
                return self.get_response(request)
            UserSession.objects.create_from_request(request)
            mark_recorded(request)
        return self.get_response(request)


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    """ "Sign out other sessions" (the sessions page, the only way to end sessions there)
    means "sign out everywhere": the member's personal access tokens end with them.
    Sessions that simply expire are purged by allauth without this adapter."""

    def end_sessions(self, sessions: Any) -> None:
        sessions = list(sessions)
        super().end_sessions(sessions)
        request = allauth_context.request
        user = getattr(request, "user", None)
        owners = {session.user_id for session in sessions}
        if user is not None and user.is_authenticated:
            owners.add(user.pk)
        for owner in owners:
            revoke_all_tokens(owner)
