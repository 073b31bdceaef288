"""Response headers that every page carries.

The Content-Security-Policy allows no inline script or style: templates load every
script and stylesheet from our own origin, and htmx is told not to inject its
indicator <style> (see templates/base.html). Websockets may reach our own host only
(`wss://<host>`, `ws://` on plain HTTP), not any host.

A response to someone signed in (a session cookie, or an API token) may hold their
private data: unless the view said otherwise, it carries `Cache-Control: private,
no-store`, so that no shared cache keeps it and the browser does not show it again from
its history after they sign out. Deciding from the request's credentials costs no query.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

from tremplin.core import security_log

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'{websockets}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def csp_for(request: HttpRequest) -> str:
    """The policy, websockets allowed to this site's own host only."""
    try:
        host = request.get_host()
    except DisallowedHost:  # answered 400 already; no websocket for it
        return CSP.format(websockets="")
    scheme = "wss" if request.is_secure() else "ws"
    return CSP.format(websockets=f" {scheme}://{host}")


def signed_in(request: HttpRequest) -> bool:
    """Whether the request carries credentials (a session or an API token), from its
    headers alone."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def signed_out(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether this response ends a session: a sign-out that went through."""
    match = request.resolver_match
    return (
        request.method == "POST"
        and match is not None
        and match.url_name == "account_logout"
        and response.status_code == 302
    )


PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = csp_for(request)
        if "Cache-Control" not in response.headers and signed_in(request):
            response.headers["Cache-Control"] = "private, no-store"
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if signed_out(request, response):
            # What the browser kept of her pages (cache, storage) goes with the session.
            response.headers["Clear-Site-Data"] = '"cache", "storage"'
        if response.status_code in security_log.REFUSED_STATUSES:
            security_log.refused(request, response)
        return response
