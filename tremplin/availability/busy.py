"""What makes a member busy, told by the apps that book their time.

Each provider is `(user, start, end) -> iterable of (start, end)` (aware datetimes): the
member's commitments that overlap [start, end). Appointments register a counsellor's
scheduled and requested appointments; mentoring registers its sessions. Availability
knows none of them (it is below them in the layers): they fill this from their hooks.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from tremplin.core.hooks import Hook

Interval = tuple[datetime, datetime]
Provider = Callable[[Any, datetime, datetime], Iterable[Interval]]

providers: Hook[Provider] = Hook("busy times")


def busy_between(user: Any, start: datetime, end: datetime) -> list[Interval]:
    """Every registered commitment of `user` overlapping [start, end), sorted."""
    found: list[Interval] = []
    for provider in providers:
        found.extend(provider(user, start, end))
    return sorted(found)
