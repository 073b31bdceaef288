"""Every account has a profile: made when accounts announces a new member
(`accounts.events.account_created`, after the sign-up commits), and by a sweep for an
account whose announcement was lost (a process that died between the commit and the
dispatch). Both are idempotent (`create_profile` finds an existing one)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tremplin.accounts.models import User
from tremplin.profiles.services import create_profile

# The sweep looks at accounts this recent: an announcement is lost at most a few
# seconds after its sign-up, and the clock runs every minute.
SWEEP_WINDOW = timedelta(days=1)


def profile_for_new_account(user_id: int, name: str) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is not None:
        create_profile(user, name, user.language)


def profiles_for_accounts_without_one() -> int:
    """Periodic (core.hooks): the profiles of recent accounts that have none (named
    after their email address; the member can change it)."""
    since = timezone.now() - SWEEP_WINDOW
    missing = list(User.objects.filter(date_joined__gte=since, profile__isnull=True))
    for user in missing:
        create_profile(user, "", user.language)
    return len(missing)
