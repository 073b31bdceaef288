"""Search results shared between viewers: the results fragment of the search page
(templates/job_alerts/_results.jinja) is the same for every viewer who sees the open
postings as many do (`tremplin.jobs.version.shared_view_of`: every visitor, or every
member whose organisations, agencies, blocks and own postings change nothing), given the
search, the language and the time zone. Nothing in it is the viewer's. It is kept in
the cache under the postings' version (`tremplin.jobs.version`), which every change of
a posting or of its search document moves on: a posting published, edited, closed or
expired shows (or goes) at the next request, as fast as alerts tell of it.

Never kept: a search by age ("posted in the last 7 days"), whose results change with the
clock, and a search by employer, whose address (slug) its admins may change without
touching a posting."""

from __future__ import annotations

import hashlib
from dataclasses import astuple

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from tremplin.job_alerts.search import SearchParams
from tremplin.jobs.version import (
    SHARED_SECONDS,
    cache_is_shared,
    postings_version,
    shared_view_of,
)


def results_key(user: object, params: SearchParams, query: str) -> str | None:
    """The cache key of these results for `user`, or None when they are not shared
    (the viewer's own view, a search by age or by employer, a cache of this process
    alone). Read before searching:
    results found while the version moves on are kept under the old one."""
    if params.posted_since or params.organization or not cache_is_shared():
        return None
    view = shared_view_of(user)
    if view is None:
        return None
    zone = timezone.get_current_timezone_name()
    what = repr((view, get_language(), zone, query, astuple(params)))
    digest = hashlib.sha256(what.encode()).hexdigest()[:32]
    return f"job_alerts:results:{postings_version()}:{digest}"


def kept(key: str | None) -> str | None:
    return cache.get(key) if key else None


def keep(key: str | None, html: str) -> None:
    if key:
        cache.set(key, html, SHARED_SECONDS)
