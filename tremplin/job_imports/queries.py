"""The read path of job imports: the agencies the viewer administers, their sources
(one or 404), a source's recent runs, one run or 404, and a run's item errors. Every
source and run is found through `visible_to` (an agency's admins only)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.core.reads import visible_or_404
from tremplin.job_imports.models import (
    ImportItemError,
    ImportRun,
    ImportSource,
    administered_agency_ids,
)
from tremplin.organizations.models import Organization, OrgKind

SOURCES_SHOWN = 200


def administered_agencies(viewer: Any) -> QuerySet[Organization]:
    """The agencies the viewer administers (the only people who manage imports)."""
    ids = administered_agency_ids(viewer)
    return Organization.objects.filter(kind=OrgKind.AGENCY, pk__in=sorted(ids))


def sources_of(viewer: Any) -> QuerySet[ImportSource]:
    """The sources of the agencies the viewer administers, by agency and name."""
    return (
        ImportSource.objects.visible_to(viewer).for_display().order_by("agency__name", "name", "pk")
    )


def source_or_404(viewer: Any, pk: int) -> ImportSource:
    return visible_or_404(ImportSource.objects.visible_to(viewer).for_display(), pk=pk)


def recent_runs(source: ImportSource, limit: int = 50) -> QuerySet[ImportRun]:
    return source.runs.select_related("started_by").order_by("-created", "-id")[:limit]


def runs_of(source: ImportSource) -> QuerySet[ImportRun]:
    return source.runs.order_by("-created", "-id")


def run_or_404(viewer: Any, pk: int) -> ImportRun:
    return visible_or_404(ImportRun.objects.visible_to(viewer).for_display(), pk=pk)


def run_items(run: ImportRun) -> QuerySet[ImportItemError]:
    """The items a run could not import, in the document's order."""
    return run.item_errors.order_by("position", "id")
