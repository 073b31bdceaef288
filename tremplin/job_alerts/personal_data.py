"""What the job alerts app holds about a member: their saved searches and alerts, their
job preferences (Jobs for you) and which postings its weekly emails suggested. They go
with the account."""

from __future__ import annotations

from typing import Any

from tremplin.core.personal_data import plain_rows
from tremplin.job_alerts.models import JobPreferences, SavedSearch, SuggestionSent


def export(user: Any) -> dict[str, Any]:
    searches = SavedSearch.objects.filter(owner=user).order_by("created", "pk")
    return {
        "saved_searches": plain_rows(searches, exclude=("owner", "query_text")),
        "job_preferences": plain_rows(
            JobPreferences.objects.filter(owner=user), exclude=("owner",)
        ),
        "jobs_suggested_by_email": plain_rows(
            SuggestionSent.objects.filter(owner=user).order_by("sent_at", "pk"), exclude=("owner",)
        ),
    }


def erase(user: Any) -> int:
    deleted, _by_model = SavedSearch.objects.filter(owner=user).delete()
    deleted += JobPreferences.objects.filter(owner=user).delete()[0]
    deleted += SuggestionSent.objects.filter(owner=user).delete()[0]
    return deleted
