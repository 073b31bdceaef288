"""The read path of job alerts: the member's saved searches, one of them or 404, and the
newest open postings the jobs page lists through the search engine."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.core.reads import visible_or_404
from tremplin.job_alerts.models import SavedSearch
from tremplin.job_alerts.search import BadSearch, SearchParams, search


def saved_searches(viewer: Any) -> QuerySet[SavedSearch]:
    """The viewer's saved searches and alerts, last changed first."""
    return SavedSearch.objects.visible_to(viewer).for_display()


def saved_search_or_404(viewer: Any, pk: int) -> SavedSearch:
    return visible_or_404(saved_searches(viewer), pk=pk)


def newest_open(viewer: Any, cursor: str) -> dict[str, Any] | None:
    """The jobs page's list: the newest open postings the viewer may see, from `cursor`
    on (date order, keyset), with its pager; None for a cursor that cannot be read (the
    jobs page then lists them itself)."""
    try:
        page = search(viewer, SearchParams(sort="date", cursor=cursor))
    except BadSearch:
        return None
    return {
        "postings": list(page.results),
        "cursor_page": {"next": page.next_cursor, "first": bool(cursor)},
    }
