"""The person picker's reads: whom a member may choose, by name, wherever a form asks for
a person (a new message, a mentorship proposal, an invitation, a forward).

The candidates are `Profile.objects.visible_to(viewer)` (the one rule: hidden profiles,
blocks either way and "connections only" profiles of strangers never appear), minus the
viewer, narrowed by the caller's scope, matched on every typed word (in the name, or the
start of the profile address). Connections come first, then the others who did not ask
to be left out of search; each group in name order, the whole bounded by `limit`.

Two bounded queries rather than one ordered by "is a connection": a sort on that
expression would read every match before the LIMIT. The viewer's connections are few
(their ids, read first); the others are found on PostgreSQL through the trigram
indexes of migration 0008 (`UPPER(display_name) LIKE '%WORD%'`) or, for a common word,
by walking the name-order index until `limit` rows match: both stay bounded at 100,000
members (docs/person_picker.md has the plans).

A form or an endpoint that restricts the choice further (a counsellor's clients, the
people not yet in a community) names a *scope*: a function registered here by the app
that owns the rule (from its hooks.py), so the page's field, the htmx endpoint and the
API narrow the same way, and this lower app imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q

from tremplin.core.viewer import viewer_of
from tremplin.profiles.models import Profile, ProfileQuerySet

PICKER_LIMIT = 8
MIN_TEXT = 2
MAX_WORDS = 4
TEXT_MAX_LENGTH = 100
SCOPE_MAX_LENGTH = 120
SCOPE_RE = re.compile(r"^[a-z][a-z_-]{0,30}(:[-A-Za-z0-9_]{1,80})?$")

# A scope: (viewer, candidates, argument) -> the candidates it keeps.
Narrow = Callable[[Any, ProfileQuerySet, str], ProfileQuerySet]


class Scopes:
    """Named restrictions of the candidates, filled by the apps that own them."""

    def __init__(self) -> None:
        self._narrows: dict[str, Narrow] = {}

    def register(self, name: str, narrow: Narrow) -> None:
        if name in self._narrows:
            raise RuntimeError(f"picker scope {name!r} already registered")
        self._narrows[name] = narrow

    def names(self) -> list[str]:
        return sorted(self._narrows)

    def apply(self, scope: str, viewer: Any, candidates: ProfileQuerySet) -> ProfileQuerySet:
        """`scope` is "" (everyone the viewer may see), "name" or "name:argument"; an
        unknown or malformed scope keeps nobody (deny by default)."""
        if not scope:
            return candidates
        name, _sep, argument = scope.partition(":")
        narrow = self._narrows.get(name)
        if narrow is None or not SCOPE_RE.match(scope):
            return candidates.none()
        return narrow(viewer, candidates, argument)


scopes = Scopes()


def words_of(text: str) -> list[str]:
    """The words typed, lowercased, the first MAX_WORDS (a leading @ dropped)."""
    return [w.lstrip("@") for w in text.lower().split()[:MAX_WORDS] if w.lstrip("@")]


def matching(text: str) -> Q:
    """Every word in the name, or at the start of the profile address."""
    wanted = Q()
    for word in words_of(text):
        wanted &= Q(display_name__icontains=word) | Q(handle__istartswith=word)
    return wanted


def candidates(viewer: Any, scope: str = "") -> ProfileQuerySet:
    """Everyone the viewer may choose in `scope` (before any text): profiles the viewer
    may see, never the viewer."""
    asking = viewer_of(viewer)
    if not asking.is_authenticated:
        return Profile.objects.none()
    found = Profile.objects.visible_to(viewer).exclude(user_id=asking.id)
    return scopes.apply(scope, viewer, found)


def people_for_picker(
    viewer: Any, text: str, limit: int = PICKER_LIMIT, *, scope: str = ""
) -> list[Profile]:
    """Up to `limit` people whose name (or profile address) matches `text`: the
    viewer's connections first, then the others. Each carries `is_connection`."""
    text = text.strip()[:TEXT_MAX_LENGTH]
    if len(text) < MIN_TEXT or not words_of(text) or limit < 1:
        return []
    found = candidates(viewer, scope).filter(matching(text)).for_list()
    # The connections as a list of ids: PostgreSQL then reads their few profiles by
    # user_id; given the subquery, it walked the name index over every member instead.
    connected = list(viewer_of(viewer).relation("connections"))
    first: list[Profile] = []
    if connected:
        mine = found.filter(user_id__in=connected).order_by("display_name", "pk")
        first = list(mine[:limit])
    rest: list[Profile] = []
    if len(first) < limit:
        others = found.findable(viewer).exclude(user_id__in=connected)
        rest = list(others.order_by("display_name", "pk")[: limit - len(first)])
    for profile in first:
        profile.is_connection = True  # type: ignore[attr-defined]
    for profile in rest:
        profile.is_connection = False  # type: ignore[attr-defined]
    return first + rest


def picked(
    viewer: Any, handles: Iterable[str], *, scope: str = ""
) -> tuple[list[Profile], list[str]]:
    """The people behind these profile addresses that the viewer may choose in `scope`,
    in the order given, and the addresses that match nobody the viewer may choose (a
    hidden profile answers as a missing one)."""
    wanted = list(dict.fromkeys(h for h in handles if h))
    if not wanted:
        return [], []
    found = {p.handle: p for p in candidates(viewer, scope).filter(handle__in=wanted).for_list()}
    return [found[h] for h in wanted if h in found], [h for h in wanted if h not in found]
