"""What other apps add to the job pages, registered from their own `hooks.py` (see
`tremplin.core.hooks`): jobs knows none of them.

- `list_search`: the search that lists the open postings on the jobs page and the form
  shown above them (job alerts' search engine). Without one, the page lists the newest
  postings itself, twenty a page.
- `list_links`: links in the jobs page's header (my alerts, my applications, imports).
- `posting_panels`: panels shown on a published posting's page (track it, forward it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from tremplin.core.hooks import Hook


@dataclass(frozen=True)
class ListSearch:
    """`results(request)` returns the page's `postings` with its own pager context, or
    None to let the jobs page list them (a cursor it cannot read); `form()` is the search
    form `template` renders above the list."""

    results: Callable[[HttpRequest], dict[str, Any] | None]
    form: Callable[[], Any]
    template: str


list_search: Hook[ListSearch] = Hook("jobs list search")


@dataclass(frozen=True)
class ListLink:
    """A link in the jobs page's header, after the jobs app's own, in `order`, shown to
    those for whom `shown(user)` is true."""

    order: int
    label: Any
    url_name: str
    shown: Callable[[Any], bool]


list_links: Hook[ListLink] = Hook("jobs list links")


def links_for(user: Any) -> list[ListLink]:
    return sorted((link for link in list_links if link.shown(user)), key=lambda link: link.order)


@dataclass(frozen=True)
class PostingPanel:
    """A template included on a published posting's page, with `posting` in its
    context."""

    order: int
    template: str


posting_panels: Hook[PostingPanel] = Hook("posting page panels")


def panels() -> list[PostingPanel]:
    return sorted(posting_panels, key=lambda panel: panel.order)
