"""The tabs of a community's page. Each part registers its own from its hooks_<part>.py:

    tabs.register(tabs.Tab("events", _("Events"), "communities/events/_tab.html", order=30))

The page (members part) shows the registered tabs in `order`; a tab's template is
rendered with `community`, `membership` (the viewer's, or None) and `viewer`, and fetches
its own rows through its part's queries (a template tag or an inclusion the part owns).
`context(community, viewer)` (optional) returns the extra context the tab's template
needs, computed by the part's queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tremplin.core.hooks import Hook


@dataclass(frozen=True)
class Tab:
    key: str
    label: Any
    template: str
    order: int = 50
    context: Callable[[Any, Any], dict[str, Any]] | None = None


registered: Hook[Tab] = Hook("community tabs")


def register(tab: Tab) -> Tab:
    registered.add(tab)
    return tab


def all_tabs() -> list[Tab]:
    return sorted(registered, key=lambda tab: tab.order)
