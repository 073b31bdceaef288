"""Whether a member has turned TOTP on, asked once an hour at most.

`RequireMFAMiddleware` asks it on every request of a member whose role requires a second
factor; the answer is kept in the cache (Redis in production) and forgotten the moment
the member's authenticators change (`signals.py`: any save or delete of one, from
allauth's pages, the admin site or a script), so turning TOTP on releases the member at
once and removing it is enforced at once."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.core.cache import cache

CACHE_SECONDS = 3600


def _key(user_id: int) -> str:
    return f"accounts:has-totp:{user_id}"


def has_totp(user_id: int) -> bool:
    known = cache.get(_key(user_id))
    if known is not None:
        return bool(known)
    found = Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).exists()
    cache.set(_key(user_id), found, CACHE_SECONDS)
    return found


def forget(user_id: int) -> None:
    cache.delete(_key(user_id))
