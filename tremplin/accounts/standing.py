"""Whether a member may sign in at all: the one question every sign-in asks.

Accounts sits low in the layers, so it does not know why a member might be kept out (a
moderator's suspension lives in moderation, above it). Apps register a barrier from their
hooks.py: a function of the user that returns the sentence to show them, or None. The
allauth adapter asks `barred(user)` before any sign-in completes (password, code, social
account, after a password reset), so a barred member gets no session; the app that bars
someone also ends the sessions, sockets and tokens they already had (moderation does).
Asked only at sign-in, never per request: a signed-in page pays nothing for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tremplin.core.hooks import Hook

Barrier = Callable[[Any], str | None]

barriers: Hook[Barrier] = Hook("sign-in barriers")


def barred(user: Any) -> str | None:
    """The first barrier's sentence for `user`, or None when they may sign in."""
    for barrier in barriers:
        reason = barrier(user)
        if reason:
            return reason
    return None
