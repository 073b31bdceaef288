"""Websockets opened by our own pages only.

Channels' `AllowedHostsOriginValidator` compared the Origin's host name with
ALLOWED_HOSTS and ignored its port: a page served on another port of the same host (any
other program there) could open a signed-in member's socket with their cookie. Here the
Origin must be this site's, scheme and port included (default ports aside): its public
address (SITE_URL), or the address the socket was asked on (its Host header, when that
host is one of ALLOWED_HOSTS, with the socket's own scheme).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) address, or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname.lower(), port or DEFAULT_PORTS[parts.scheme]


def same_origin(scope: dict[str, Any]) -> bool:
    headers = dict(scope.get("headers") or [])
    origin = _origin(headers.get(b"origin", b"").decode("latin-1"))
    if origin is None:
        return False
    ours = {_origin(settings.SITE_URL)}
    host = headers.get(b"host", b"").decode("latin-1")
    domain, _port = split_domain_port(host)
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:  # as Django's HttpRequest.get_host
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    if domain and validate_host(domain, allowed):
        scheme = "https" if scope.get("scheme") == "wss" else "http"
        ours.add(_origin(f"{scheme}://{host}"))
    return origin in ours


class SameOriginValidator:
    """Wraps the websocket application: refuses (closes) a socket whose Origin is not
    this site's."""

    def __init__(self, application: Any) -> None:
        self.application = application
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not same_origin(scope):
            return await self.denier(scope, receive, send)
        return await self.application(scope, receive, send)
