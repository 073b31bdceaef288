"""Rate limits of the members part, tighter for new accounts (the ones spammers make):
invitations sent (links made and people invited), counted per member over a day in the
cache (`core.cache.count_hit`: one Redis round trip). A refusal is "rate_limited"
(429); nothing is written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.communities.refusals import CommunityRefusal
from tremplin.core.cache import count_hit

DAY = 24 * 3600
# An account younger than this is "new".
NEW_ACCOUNT = timedelta(days=7)
# (new account, established account) per day.
LIMITS = {"invite": (20, 200)}


def is_new_account(user: Any) -> bool:
    joined = getattr(user, "date_joined", None)
    return joined is None or joined > timezone.now() - NEW_ACCOUNT


def throttle(user: Any, what: str) -> None:
    """Count one `what` ("invite") for `user`, or refuse past the day's
    limit."""
    new, established = LIMITS[what]
    limit = new if is_new_account(user) else established
    if count_hit(f"communities:{what}:{user.pk}", window=DAY) > limit:
        raise CommunityRefusal(
            _("You have reached today's limit for this. Try again tomorrow."), "rate_limited"
        )
