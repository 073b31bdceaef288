from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

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

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
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
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return None
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Your role requires two-factor authentication. Turn it on first.")},
                status=403,
            )
        return redirect(reverse("mfa_activate_totp"))
