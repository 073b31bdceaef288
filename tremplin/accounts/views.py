"""The site root's language choice, the language switch, the security page and API
tokens, and allauth's MFA step with a rate limit."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.core import ratelimit
from allauth.mfa.base.views import authenticate
from allauth.mfa.totp.views import activate_totp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.accounts import mfa
from tremplin.accounts.forms import LanguageForm, TokenForm
from tremplin.accounts.mail import change_of_token
from tremplin.accounts.mfa import has_totp, missing_proof
from tremplin.accounts.models import Language
from tremplin.accounts.services import LockRefusal, lock_after_address_change, set_language
from tremplin.api.queries import tokens_of
from tremplin.api.scopes import AREAS
from tremplin.api.services import create_token, revoke_token
from tremplin.core.i18n import url_in_language
from tremplin.core.refusals import Refusal

LANGUAGE_CODES = {code for code, _label in Language.choices}


def choose_language(request: HttpRequest) -> HttpResponse:
    """The site root: a returning visitor goes to their language; a first visit is
    offered Français | English with equal prominence (no guessing from the browser)."""
    if request.user.is_authenticated:
        return redirect(f"/{request.user.language}/")
    remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if remembered in LANGUAGE_CODES:
        return redirect(f"/{remembered}/")
    return render(request, "choose_language.html")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return redirect("/")
    language = form.cleaned_data["language"]
    next_url = form.cleaned_data["next"] or f"/{language}/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = f"/{language}/"
    if request.user.is_authenticated:
        set_language(request.user, language)
    response = HttpResponseRedirect(url_in_language(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite="Lax",
        httponly=True,
    )
    return response


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/security.html")


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The member's tokens, and a new one. Creating one asks for a recent proof of the
    password and, for a member who has it, of the second factor (allauth's
    reauthentication pages; the form's POST is kept and resumed after them)."""
    raw = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        step = missing_proof(request)
        if step is not None:
            return suspend_request(request, reverse(step))
        try:
            _token, raw = create_token(
                request.user,
                form.cleaned_data["name"],
                scopes=form.scopes(),
                days=form.cleaned_data["days"],
            )
        except Refusal as refusal:
            form.add_error(None, refusal)
        else:
            form = TokenForm()
    context = {"form": form, "tokens": tokens_of(request.user), "raw": raw, "areas": AREAS}
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if revoke_token(request.user, token_id):
        messages.success(request, _("The token is revoked: it no longer works."))
    return redirect("accounts:tokens")


def mfa_authenticate(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """allauth's MFA code step, with a per-IP limit that answers 429 (allauth itself
    locks a user's code entry after five wrong codes)."""
    if request.method == "POST":
        limited = ratelimit.consume_or_429(request, action="mfa_authenticate")
        if limited:
            return limited
    return authenticate(request, *args, **kwargs)


def mfa_activate_totp(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """allauth's TOTP activation. The code the member typed proves the device: the
    session that turned TOTP on has passed the second factor (recorded as allauth
    records a sign-in's code step), so RequireMFAMiddleware lets it go on."""
    had_totp = request.user.is_authenticated and has_totp(request.user.pk)
    response = activate_totp(request, *args, **kwargs)
    if request.method == "POST" and request.user.is_authenticated and not had_totp:
        mfa.forget(request.user.pk)
        if has_totp(request.user.pk):
            mfa.record_activation(request)
    return response


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The Django admin's own sign-in form is closed: it checked the password alone,
    with no second factor and no rate limit (a side door around both). The admin signs
    in through the site's flow (allauth: limits, lockout, two-factor), then comes back."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    target = next_url or reverse("admin:index")
    if request.user.is_authenticated:
        return redirect(target if request.user.is_staff else "home")
    return redirect_to_login(target, login_url=reverse("account_login"))


@require_http_methods(["GET", "POST"])
def not_me(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email to an address that left an account ("it was not me"). GET
    explains and asks (mail scanners open links: nothing changes on a GET); POST locks
    the account. No sign-in: the person may no longer be able to sign in."""
    change = change_of_token(token)
    if change is None or change.locked_at is not None:
        return render(request, "accounts/not_me_invalid.html", status=410)
    if request.method == "GET":
        return render(request, "accounts/not_me.html", {"change": change})
    try:
        restored = lock_after_address_change(change.pk)
    except LockRefusal:
        return render(request, "accounts/not_me_invalid.html", status=410)
    if request.user.is_authenticated and request.user.pk == change.user_id:
        logout(request)  # this browser's session too (already ended in the store)
    context = {"change": change, "restored": restored}
    return render(request, "accounts/not_me_done.html", context)
