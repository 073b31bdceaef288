"""One line in a project's activity log, written in the action's transaction."""

from __future__ import annotations

from typing import Any

from tremplin.projects.models import Activity, Project


def log(project: Project, actor: Any, verb: str, **data: Any) -> Activity:
    return Activity.objects.create(project=project, actor=actor, verb=verb, data=data)
