"""Small questions about the request being served, asked the same way by pages and the
API."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the request came from (`REMOTE_ADDR`, which `core.http` fills from the
    ASGI scope), or "" when it is unknown."""
    return str(request.META.get("REMOTE_ADDR") or "")
