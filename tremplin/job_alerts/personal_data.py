"""What the job alerts app holds about a member: their saved searches and alerts.
They go with the account."""

from __future__ import annotations

from typing import Any

from tremplin.core.personal_data import plain_rows
from tremplin.job_alerts.models import SavedSearch


def export(user: Any) -> dict[str, Any]:
    searches = SavedSearch.objects.filter(owner=user).order_by("created", "pk")
    return {"saved_searches": plain_rows(searches, exclude=("owner", "query_text"))}


def erase(user: Any) -> int:
    deleted, _by_model = SavedSearch.objects.filter(owner=user).delete()
    return deleted
