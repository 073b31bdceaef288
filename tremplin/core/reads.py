"""The one way a page or an endpoint gets a single object: through its model's
`visible_to(viewer)` rule, or a 404.

Each app's `queries.py` holds its reads (lists and "one object the viewer may see"),
shared by its pages (`views.py`) and its API (`api.py`); neither imports the other. Those
helpers are written with `visible_or_404`, so "not there" and "not there for you" answer
alike (a 404: existence is not confirmed), and the per-object question has one name on
every model: `is_visible_to(viewer)`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def visible_or_404(queryset: QuerySet[M], **lookup: Any) -> M:
    """The one row of an already `visible_to`-filtered queryset matching `lookup`, else
    Http404. A malformed lookup value (a word for an id) is a 404 too, never a 500."""
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
