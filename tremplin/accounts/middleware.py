"""Second factor enforcement: members whose role sees other people's private data must
turn TOTP on before anything else.

What it costs a request: nothing for visitors, static files and the pages that stay
reachable; for a member, `requires_mfa` (their site flags, then their memberships, read
once per GET and shared with every other rule through `core.viewer`); for a member who
must use MFA, a cache lookup (`accounts.mfa.has_totp`), not a query."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.accounts.mfa import has_totp

# Pages a member who must set up MFA can still reach.
_ALLOWED_URL_NAMES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_generate_recovery_codes",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "switch_language",
}


class RequireMFAMiddleware:
    """Counsellors, agency administrators, moderators and site administrators see other
    people's private data: outside demo mode they must turn on TOTP before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if not settings.TREMPLIN_ENFORCE_MFA or user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is None or match.url_name in _ALLOWED_URL_NAMES:
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        if not user.requires_mfa:
            return None
        if has_totp(user.pk):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Your role requires two-factor authentication. Turn it on first.")},
                status=403,
            )
        return redirect(reverse("mfa_activate_totp"))
