"""Account actions: notice a sign-in from a new browser (and email the member), change
the language."""

from __future__ import annotations

import hashlib

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from tremplin.accounts.models import KnownDevice, User
from tremplin.core.tasks import send_email


def device_fingerprint(user_agent: str) -> str:
    return hashlib.sha256(user_agent.encode("utf-8", "replace")).hexdigest()


@transaction.atomic
def note_sign_in(user: User, user_agent: str, ip: str) -> bool:
    """Remember the browser; email the member when it is a new one. Returns True when
    an alert was queued. The very first device (the one used to sign up) is silent."""
    user_agent = (user_agent or "?")[:300]
    first_ever = not user.known_devices.exists()
    device, created = KnownDevice.objects.get_or_create(
        user=user,
        fingerprint=device_fingerprint(user_agent),
        defaults={"user_agent": user_agent},
    )
    if not created:
        device.save(update_fields=["last_seen"])
        return False
    if first_ever:
        return False
    with translation.override(user.language):
        sessions_path = reverse("usersessions_list")
    context = {
        "user_agent": user_agent,
        "ip": ip,
        "when": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
        "sessions_path": sessions_path,
    }
    transaction.on_commit(
        lambda: send_email.enqueue(user.email, "new_device", context, user.language)
    )
    return True


@transaction.atomic
def set_language(user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])
