"""What the accounts app holds about a member: the account, its email addresses, its
second factors (their kinds, never their secrets), the browsers and sessions it signed in
from. Its eraser runs last (tremplin.core.personal_data): it ends every session and turns
the account into a tombstone that names no one, so the rows other apps keep for
continuity ("deleted member") or for counts still point somewhere."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from tremplin.accounts.models import AddressChange, KnownDevice, User
from tremplin.accounts.services import end_sessions
from tremplin.core.personal_data import plain_rows, tombstone_email, when


def export(user: User) -> dict[str, Any]:
    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "language": user.language,
            "date_joined": when(user.date_joined),
            "last_login": when(user.last_login),
            "is_site_administrator": user.is_staff,
            "is_moderator": user.is_moderator,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "second_factors": sorted(
            {
                str(kind)
                for kind in Authenticator.objects.filter(user=user).values_list("type", flat=True)
            }
        ),
        "address_changes": plain_rows(
            AddressChange.objects.filter(user=user).order_by("created"), exclude=("user",)
        ),
        "known_browsers": plain_rows(
            KnownDevice.objects.filter(user=user).order_by("first_seen"),
            exclude=("user", "fingerprint"),
        ),
        "sessions": [
            {
                "ip": s.ip,
                "user_agent": s.user_agent,
                "created_at": when(s.created_at),
                "last_seen_at": when(s.last_seen_at),
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }


def erase(user: User) -> int:
    changed = end_sessions(user)
    for model in (EmailAddress, Authenticator, KnownDevice, AddressChange):
        deleted, _by_model = model.objects.filter(user=user).delete()
        changed += deleted
    user.email = tombstone_email()
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_moderator = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return changed + 1
