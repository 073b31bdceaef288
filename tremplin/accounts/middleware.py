"""Second factor enforcement, for every page and the API with a session.

Two rules (`tremplin.accounts.mfa.gate`):
- members whose role sees other people's private data must turn TOTP on before
  anything else (sent to the activation page; the API answers 403 `mfa_required`);
- a member who has TOTP must have passed it in THIS session: a session opened with the
  password alone (any door around allauth's flow) is sent to the second-factor step
  (allauth's MFA reauthentication, which records it) and the API answers 403.

What it costs a request: nothing for visitors, static files and the pages that stay
reachable; for a member whose session passed the second factor, a look at the session;
otherwise a cache lookup (`accounts.mfa.has_totp`) and `requires_mfa` (their site
flags, then their memberships, read once per GET and shared with every other rule
through `core.viewer`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from tremplin.accounts.mfa import gate

# Pages a member who must set up (or give) a second factor can still reach.
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

MFA_REQUIRED = "mfa_required"


def mfa_refusal(step: str) -> JsonResponse:
    """The API's answer while a second factor is missing (session or token)."""
    if step == "verify":
        detail = _(
            "This session did not pass two-factor authentication: sign in again with your code."
        )
    else:
        detail = _("Your role requires two-factor authentication. Turn it on first.")
    return JsonResponse({"detail": detail, "code": MFA_REQUIRED}, status=403)


class RequireMFAMiddleware:
    """Counsellors, agency administrators, moderators and site administrators see other
    people's private data: outside demo mode they must turn on TOTP before anything
    else; and nobody with TOTP uses a session that skipped it."""

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
        step = gate(user, request.session)
        if step is None:
            return None
        if request.path.startswith("/api/"):
            return mfa_refusal(step)
        if step == "verify":
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return redirect(reverse("mfa_activate_totp"))
