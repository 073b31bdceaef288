"""Receivers of allauth's and Django's signals (library signals: our own apps talk
through tremplin.core.events)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import (
    email_changed,
    email_removed,
    password_changed,
    password_reset,
    password_set,
    user_logged_in,
)
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from tremplin.accounts import mfa, sessions
from tremplin.accounts.models import User
from tremplin.accounts.services import note_address_left, note_sign_in
from tremplin.api.services import revoke_all_tokens
from tremplin.core.realtime import close_session_sockets


@receiver(user_logged_in, dispatch_uid="tremplin-new-device")
def on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """A new device is noticed; the session's activity was just recorded (allauth's
    own receiver wrote its row); whether the member has TOTP is read once."""
    note_sign_in(user, request.headers.get("User-Agent", ""), request.META.get("REMOTE_ADDR", ""))
    # Asked now, remembered for an hour: the second-factor check of the requests that
    # follow is a cache lookup (accounts.mfa, RequireMFAMiddleware).
    mfa.has_totp(user.pk)
    if hasattr(request, "session"):
        sessions.mark_recorded(request)


@receiver(post_save, sender=Authenticator, dispatch_uid="tremplin-totp-changed")
@receiver(post_delete, sender=Authenticator, dispatch_uid="tremplin-totp-removed")
def on_authenticator_change(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    mfa.forget(instance.user_id)


@receiver(password_changed, dispatch_uid="tremplin-tokens-end-on-password-change")
@receiver(password_set, dispatch_uid="tremplin-tokens-end-on-password-set")
@receiver(password_reset, dispatch_uid="tremplin-tokens-end-on-password-reset")
def on_password_changed(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """A new password ends every personal access token: whoever had the old one (and
    made a token with it) keeps nothing."""
    revoke_all_tokens(user)


@receiver(user_logged_out, dispatch_uid="tremplin-close-sockets-on-logout")
def on_logout(sender: Any, request: HttpRequest, **kwargs: Any) -> None:
    """Signed out: the session's open sockets close (sent before Django flushes it)."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        close_session_sockets(session.session_key)


@receiver(post_delete, sender=UserSession, dispatch_uid="tremplin-close-sockets-on-revoke")
def on_session_ended(sender: Any, instance: UserSession, **kwargs: Any) -> None:
    """A session revoked from the sessions page ("sign out other sessions") or removed:
    its open sockets close."""
    close_session_sockets(instance.session_key)


@receiver(email_changed, dispatch_uid="tremplin-address-changed")
def on_email_changed(
    sender: Any, user: User, from_email_address: Any, to_email_address: Any, **kwargs: Any
) -> None:
    """The old address is recorded before allauth tells it (its email names this row)."""
    if from_email_address is not None and from_email_address.email != to_email_address.email:
        note_address_left(user, from_email_address.email, to_email_address.email)


@receiver(email_removed, dispatch_uid="tremplin-address-removed")
def on_email_removed(sender: Any, user: User, email_address: Any, **kwargs: Any) -> None:
    note_address_left(user, email_address.email, "")
