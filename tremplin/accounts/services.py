"""Account actions: notice a sign-in from a new browser (and email the member), change
the language, record an address that left the account and lock the account from that
address's link ("it was not me")."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.accounts.models import AddressChange, KnownDevice, User
from tremplin.accounts.tasks import send_new_device_email
from tremplin.api.services import revoke_all_tokens
from tremplin.core.email import send
from tremplin.core.refusals import Refusal

logger = logging.getLogger(__name__)


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
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M %Z")
    # The task names the device; the member's address is read when it runs.
    transaction.on_commit(lambda: send_new_device_email.enqueue(device.pk, ip, when))
    return True


def email_new_device(device_id: int, ip: str, when: str) -> bool:
    """The "new sign-in" email (from the queue), to the member's address now."""
    device = KnownDevice.objects.select_related("user").filter(pk=device_id).first()
    if device is None or not device.user.is_active:
        return False
    user = device.user
    with translation.override(user.language):
        sessions_path = reverse("usersessions_list")
    context = {
        "user_agent": device.user_agent,
        "ip": ip,
        "when": when,
        "sessions_path": sessions_path,
    }
    send(user.email, "email/new_device", context, user.language)
    return True


@transaction.atomic
def set_language(user: User, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def note_address_left(user: User, old_email: str, new_email: str) -> AddressChange:
    """An address left the account (changed to `new_email`, or removed when it is "")."""
    kind = AddressChange.Kind.CHANGED if new_email else AddressChange.Kind.REMOVED
    return AddressChange.objects.create(
        user=user, kind=kind, old_email=old_email, new_email=new_email
    )


def prune_address_changes() -> int:
    """Periodic work: records of old addresses go once their lock link has expired."""
    cutoff = timezone.now() - timedelta(days=settings.TREMPLIN_ADDRESS_CHANGE_DAYS)
    deleted, _by_model = AddressChange.objects.filter(created__lt=cutoff).delete()
    return deleted


class LockRefusal(Refusal):
    area = "accounts"


def end_sessions(user: Any) -> int:
    """Every session of the member (a user or their id) ends, their open sockets closing
    with them (accounts.signals); returns how many ended. The one way to sign a member
    out everywhere: a lock from the old address, a suspension, an erasure."""
    ended = 0
    for session in UserSession.objects.filter(user_id=getattr(user, "pk", user)):
        session.end()
        ended += 1
    return ended


def _restore_address(user: User, old_email: str) -> bool:
    """The old address becomes the account's only one again (verified: it was, and it
    just proved it can read its mail). False when another account holds it now."""
    taken = EmailAddress.objects.filter(email__iexact=old_email).exclude(user=user).exists()
    if taken or User.objects.filter(email__iexact=old_email).exclude(pk=user.pk).exists():
        return False
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=old_email, verified=True, primary=True)
    user.email = old_email
    return True


@transaction.atomic
def lock_after_address_change(change_id: int) -> bool:
    """ "It was not me": the owner of the old address locks the account. Every session
    ends, every API token is revoked, the password no longer works (it must be reset,
    from the old address), and the old address comes back. Once per change (the link is
    single-use); returns whether the address came back."""
    change = AddressChange.objects.select_for_update().filter(pk=change_id).first()
    if change is None or change.locked_at is not None:
        raise LockRefusal(_("This link was already used or has expired."), "expired")
    user = User.objects.select_for_update().get(pk=change.user_id)
    restored = _restore_address(user, change.old_email)
    user.set_unusable_password()  # also voids every session's auth hash
    user.save()
    revoke_all_tokens(user)
    end_sessions(user)
    # A second factor added since the change is not the member's: it would keep them out.
    Authenticator.objects.filter(user=user, created_at__gte=change.created).delete()
    change.locked_at = timezone.now()
    change.save(update_fields=["locked_at"])
    logger.warning("account %s locked from the old address's link", user.pk)
    return restored
