"""The read path of moderation, shared by the pages and the API.

- `queue(viewer)`: one entry per reported thing with open reports, in the scopes the
  viewer moderates (`Report.objects.moderated_by`), oldest first. Each entry reads its
  content live through `moderation.reportables` (one query per kind of content on the
  page, whatever the number of entries) and counts the reasons; the reporters are never
  named.
- `entry_or_404(viewer, kind, object_id)`: one thing of the queue.
- `log(viewer)`: the decisions of the viewer's scopes, newest first.
- `notice_or_404(viewer, pk)`: a decision told to its author (or a log entry for its
  moderators); `my_reports(viewer)`: the viewer's own reports and what became of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.http import Http404

from tremplin.core.reads import visible_or_404
from tremplin.moderation import reportables
from tremplin.moderation.models import Decision, Reason, Report, Suspension

QUEUE_SIZE = 50
LOG_SIZE = 50
EXCERPT_MAX = 600


@dataclass
class Entry:
    """One reported thing, as its moderators see it."""

    kind: str
    object_id: int
    scope: str
    count: int
    first_reported: datetime
    label: Any = ""
    excerpt: str = ""
    link: str | None = None
    author_id: int | None = None
    author_name: str = ""
    exists: bool = False
    removable: bool = False
    reasons: list[tuple[str, Any, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _fill(entry: Entry, obj: Any) -> None:
    reportable = reportables.get(entry.kind)
    entry.label = reportables.label(entry.kind)
    if reportable is None:
        return
    entry.removable = reportable.removable
    if obj is None:
        return
    entry.exists = True
    text = reportable.excerpt(obj) or ""
    entry.excerpt = text if len(text) <= EXCERPT_MAX else text[:EXCERPT_MAX] + "…"
    entry.link = reportable.link(obj)
    author = reportable.author(obj)
    if author is not None:
        entry.author_id = author.pk
        entry.author_name = author.display_name


def _objects(entries: list[Entry]) -> dict[tuple[str, int], Any]:
    """The reported objects, one query per kind."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry.kind, set()).add(entry.object_id)
    found: dict[tuple[str, int], Any] = {}
    for kind, ids in wanted.items():
        reportable = reportables.get(kind)
        if reportable is None:
            continue
        for obj in reportable.every().filter(pk__in=ids):
            found[(kind, obj.pk)] = obj
    return found


def _reasons(open_reports: QuerySet[Report], entries: list[Entry]) -> None:
    """Each entry's reasons (counted) and notes: one query for the page."""
    if not entries:
        return
    where = Q()
    for entry in entries:
        where |= Q(kind=entry.kind, object_id=entry.object_id)
    by_entry: dict[tuple[str, int], Entry] = {(e.kind, e.object_id): e for e in entries}
    counted: dict[tuple[str, int], Counter[str]] = {key: Counter() for key in by_entry}
    rows = (
        open_reports.filter(where)
        .order_by("created")
        .values_list("kind", "object_id", "reason", "note")
    )
    for kind, object_id, reason, note in rows:
        key = (kind, object_id)
        counted[key][reason] += 1
        if note:
            by_entry[key].notes.append(note)
    labels = dict(Reason.choices)
    for key, counts in counted.items():
        by_entry[key].reasons = [(r, labels.get(r, r), n) for r, n in counts.most_common()]


def _entries(viewer: Any, reports: QuerySet[Report]) -> list[Entry]:
    rows = (
        reports.values("kind", "object_id", "scope")
        .annotate(count=Count("id"), first=Min("created"))
        .order_by("first", "kind", "object_id")
    )
    entries = [
        Entry(r["kind"], r["object_id"], r["scope"], r["count"], r["first"])
        for r in rows[:QUEUE_SIZE]
    ]
    objects = _objects(entries)
    for entry in entries:
        _fill(entry, objects.get((entry.kind, entry.object_id)))
    _reasons(reports, entries)
    return entries


def may_moderate(viewer: Any) -> bool:
    return reportables.moderates_anything(viewer)


def queue(viewer: Any) -> list[Entry]:
    """The viewer's queue (empty for anyone who moderates nothing)."""
    return _entries(viewer, Report.objects.moderated_by(viewer).open())


def entry_or_404(viewer: Any, kind: str, object_id: int) -> Entry:
    reports = Report.objects.moderated_by(viewer).open().filter(kind=kind, object_id=object_id)
    found = _entries(viewer, reports)
    if not found:
        raise Http404
    return found[0]


def log(viewer: Any) -> QuerySet[Decision]:
    return (
        Decision.objects.moderated_by(viewer)
        .select_related("moderator__profile", "author__profile", "suspension")
        .order_by("-created", "-pk")[:LOG_SIZE]
    )


def notice_or_404(viewer: Any, pk: int) -> Decision:
    return visible_or_404(Decision.objects.visible_to(viewer), pk=pk)


def my_reports(viewer: Any) -> QuerySet[Report]:
    return Report.objects.filter(reporter=viewer).order_by("-created", "-pk")[:LOG_SIZE]


def suspension_or_404(viewer: Any, pk: int) -> Suspension:
    """A suspension a site moderator may lift."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_moderator:
        raise Http404
    return visible_or_404(Suspension.objects.in_force().select_related("user"), pk=pk)


def reportable_or_404(viewer: Any, kind: str, pk: int) -> tuple[reportables.Reportable, Any]:
    """What the report form is about: a thing of `kind` the viewer may see, else 404."""
    reportable = reportables.get(kind)
    if reportable is None:
        raise Http404
    return reportable, visible_or_404(reportable.visible(viewer), pk=pk)
