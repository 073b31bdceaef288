""" "Looking for collaborators": open projects the viewer may see, by words, skill,
region or remote, language and time needed, newest first, a page at a time.

The page is `WHERE status = 'open' AND <visible_to> AND <filters> ORDER BY id DESC
LIMIT 21`, with a keyset cursor (`before`: the last id shown), so a page costs the
same on page 1 and page 500 and never counts or sorts every match (DESIGN.md "Hot
paths"). The index `(status, id DESC)` serves the order: without a filter the database
walks it and stops after 21 visible rows. Words and skills are `LIKE` matches on the
folded `search_text` (each word; a skill as a whole "|skill|"), served on PostgreSQL by
a trigram index (migration 0002) when they are rare. Measured in bench/projects_search.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from tremplin.communities.queries.directory import fold
from tremplin.projects.models import Project, Status

PAGE = 20
MAX_WORDS = 8


@dataclass(frozen=True)
class Filters:
    q: str = ""
    skill: str = ""
    region: str = ""
    remote: bool = False
    language: str = ""
    max_hours: int | None = None

    @property
    def words(self) -> list[str]:
        return [w for w in fold(self.q).split() if w][:MAX_WORDS]


def _filtered(found: Any, filters: Filters) -> Any:
    for word in filters.words:
        found = found.filter(search_text__contains=word)
    skill = fold(" ".join(filters.skill.split()))
    if skill:
        found = found.filter(search_text__contains=f"|{skill}|")
    if filters.region and filters.remote:
        found = found.filter(Q(region=filters.region) | Q(remote=True))
    elif filters.region:
        found = found.filter(region=filters.region)
    elif filters.remote:
        found = found.filter(remote=True)
    if filters.language == "fr":
        found = found.filter(~Q(title_fr="") | ~Q(description_fr=""))
    elif filters.language == "en":
        found = found.filter(~Q(title_en="") | ~Q(description_en=""))
    if filters.max_hours is not None:
        found = found.filter(hours_per_week__lte=filters.max_hours)
    return found


def open_projects(
    viewer: Any, filters: Filters, before: int | None = None
) -> tuple[list[Project], int | None]:
    """One page of open projects and the cursor of the next page (None: the last)."""
    found = Project.objects.visible_to(viewer).filter(status=Status.OPEN)
    found = _filtered(found, filters)
    if before is not None:
        found = found.filter(pk__lt=before)
    rows = list(found.for_card().order_by("-pk")[: PAGE + 1])
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    return rows, (rows[-1].pk if more and rows else None)
