"""Receivers of allauth's and Django's signals (library signals: our own apps talk
through tremplin.core.events)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.models import Authenticator
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from tremplin.accounts import mfa, sessions
from tremplin.accounts.models import User
from tremplin.accounts.services import note_sign_in


@receiver(user_logged_in, dispatch_uid="tremplin-new-device")
def on_login(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """A new device is noticed; the session's activity was just recorded (allauth's
    own receiver wrote its row)."""
    note_sign_in(user, request.headers.get("User-Agent", ""), request.META.get("REMOTE_ADDR", ""))
    if hasattr(request, "session"):
        sessions.mark_recorded(request)


@receiver(post_save, sender=Authenticator, dispatch_uid="tremplin-totp-changed")
@receiver(post_delete, sender=Authenticator, dispatch_uid="tremplin-totp-removed")
def on_authenticator_change(sender: Any, instance: Authenticator, **kwargs: Any) -> None:
    mfa.forget(instance.user_id)
