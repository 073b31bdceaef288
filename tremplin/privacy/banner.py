"""The banner a member sees while their account is scheduled for deletion: remembered
in the session when they sign in or schedule it (no query on each page), cleared when
they cancel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "privacy_deletion_due"


def remember(request: HttpRequest, due_at: Any) -> None:
    if hasattr(request, "session"):
        request.session[SESSION_KEY] = due_at.isoformat() if due_at else None


def forget(request: HttpRequest) -> None:
    if hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    from tremplin.privacy.queries import scheduled_deletion

    found = scheduled_deletion(user)
    if found is not None:
        remember(request, found.due_at)
    else:
        forget(request)


def context(request: HttpRequest) -> dict[str, Any]:
    """A template context processor: `privacy_deletion_due`, a datetime or None."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return {}  # a visitor without a session: reading one would add "Vary: Cookie"
    session = getattr(request, "session", None)
    raw = session.get(SESSION_KEY) if session is not None else None
    if not raw:
        return {}
    try:
        due = datetime.fromisoformat(raw)
    except ValueError:
        return {}
    return {"privacy_deletion_due": due}
