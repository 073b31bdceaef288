"""Rate limits of the members part, tighter for new accounts (the ones spammers make):
invitations sent (links made and people invited), counted per member over a day in the
cache (`core.cache.count_hit`: one Redis round trip). A new account's limit is the one
operators set for every community write (`moderation.check_new_account_limits`,
COMMUNITIES_NEW_ACCOUNT_INVITATIONS_PER_DAY); an established account's is below. A
refusal is "rate_limited" (429); nothing is written."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services.moderation import check_new_account_limits, is_new_account
from tremplin.core.cache import count_hit

DAY = 24 * 3600
# An established account's limit per day (a new account's: moderation.LIMITS).
LIMITS = {"invite": 200}
NEW_ACCOUNT_LIMITS = {"invite": "invitation"}


def throttle(user: Any, what: str) -> None:
    """Count one `what` ("invite") for `user`, or refuse past the day's
    limit."""
    if is_new_account(user):
        check_new_account_limits(user, NEW_ACCOUNT_LIMITS[what])
        return
    if count_hit(f"communities:{what}:{user.pk}", window=DAY) > LIMITS[what]:
        raise CommunityRefusal(
            _("You have reached today's limit for this. Try again tomorrow."), "rate_limited"
        )
