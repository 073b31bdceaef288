"""What the job imports app holds about a member: the sources they added and the runs
they started for their agency. The sources are the agency's and stay; they no longer
name who added or ran them."""

from __future__ import annotations

from typing import Any

from tremplin.core.personal_data import when
from tremplin.job_imports.models import ImportRun, ImportSource


def export(user: Any) -> dict[str, Any]:
    return {
        "sources_added": [
            {"name": s.name, "kind": s.kind, "url": s.url, "agency": s.agency.name}
            for s in ImportSource.objects.filter(created_by=user).select_related("agency")
        ],
        "runs_started": [
            {
                "source": r.source.name,
                "status": r.status,
                "started": when(r.started),
                "created": when(r.created),
            }
            for r in ImportRun.objects.filter(started_by=user).select_related("source")
        ],
    }


def erase(user: Any) -> int:
    changed = ImportSource.objects.filter(created_by=user).update(created_by=None)
    changed += ImportRun.objects.filter(started_by=user).update(started_by=None)
    return changed
