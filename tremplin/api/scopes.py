"""What a personal access token may do: an area of the product and an access (read,
write), and which area each part of the API belongs to.

Every router is declared with its area in its app's `hooks.py`
(`hooks.Routes(area=...)`); `tremplin.api.api` registers each router's prefix here when
it mounts it, and `tremplin.api.auth` asks `area_of(path)` on every call made with a
token: a GET (or HEAD, OPTIONS) needs `<area>:read`, any other method `<area>:write`.
A path under no declared area needs a scope no token can have: deny by default.
Sessions (the browser) are not limited by scopes: they are the member themselves."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

AREAS = {
    "profile": _("Account and profile (and notifications, statistics)"),
    "network": _("Network: connections, follows, mentoring, organisations"),
    "feed": _("Feed: posts, comments, articles"),
    "messages": _("Messages"),
    "vault": _("Document vault"),
    "counselling": _("Counselling: your case, plan, appointments"),
    "casework": _("Casework: case notes, follow-ups, surveys (staff)"),
    "jobs": _("Jobs, job alerts and imports"),
    "applications": _("Applications"),
    "privacy": _("Your data: the archive, account deletion, who saw your data"),
    "moderation": _("Reports and moderation"),
    "communities": _("Communities: threads, questions, polls, events, resources"),
    "projects": _("Collaboration projects: tasks, files, discussion"),
}
ACCESSES = ("read", "write")
ALL_SCOPES = tuple(f"{area}:{access}" for area in AREAS for access in ACCESSES)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The area of routers that no token may call (managing tokens themselves).
SESSION_ONLY = "session"


def needed(area: str | None, method: str) -> str | None:
    """The scope a call needs, or None when no token may make it."""
    if area is None or area not in AREAS:
        return None
    return f"{area}:{'read' if method in SAFE_METHODS else 'write'}"


def normalized(scopes: Iterable[str]) -> list[str]:
    """Known scopes only, write implying read, in the table's order."""
    wanted = set(scopes)
    for area in AREAS:
        if f"{area}:write" in wanted:
            wanted.add(f"{area}:read")
    return [scope for scope in ALL_SCOPES if scope in wanted]


def legacy(can_write: bool) -> list[str]:
    """What a token of the old kind could do: read (and write) in every area."""
    return normalized(ALL_SCOPES if can_write else [f"{area}:read" for area in AREAS])


# ------------------------------------------------------------------ the registry

_prefixes: dict[str, str | None] = {}


def register(prefix: str, area: str | None) -> None:
    """`prefix` (a router's api_prefix, "/" for the root) serves `area`."""
    _prefixes[prefix.strip("/")] = area


def area_of(tail: str) -> str | None:
    """The area of a path below /api/v1/ (without that root): the longest registered
    prefix it is under, by whole segments; None when none."""
    tail = tail.strip("/")
    best: tuple[int, str | None] = (-1, None)
    for prefix, area in _prefixes.items():
        if (not prefix or tail == prefix or tail.startswith(prefix + "/")) and len(prefix) > best[
            0
        ]:
            best = (len(prefix), area)
    return best[1]


def registered() -> dict[str, str | None]:
    return dict(_prefixes)
