"""The activity log's verbs and their sentences, rendered when read, in the reader's
language (the row keeps plain names, so a line reads the same after the thing is gone)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SENTENCES: dict[str, Any] = {
    "created": _("%(actor)s created the project."),
    "status": _("%(actor)s set the status to “%(status)s”."),
    "joined": _("%(actor)s joined the project."),
    "left": _("%(actor)s left the project."),
    "removed": _("%(actor)s removed %(person)s from the project."),
    "lead_handed": _("%(actor)s handed the lead of the project to %(person)s."),
    "task_created": _("%(actor)s added the task “%(task)s”."),
    "task_moved": _("%(actor)s moved “%(task)s” to “%(column)s”."),
    "task_assigned": _("%(actor)s assigned “%(task)s” to %(person)s."),
    "milestone_created": _("%(actor)s added the milestone “%(milestone)s”."),
    "milestone_reached": _("%(actor)s marked the milestone “%(milestone)s” as reached."),
    "file_shared": _("%(actor)s shared the document “%(document)s”."),
    "file_revoked": _("%(actor)s stopped sharing the document “%(document)s”."),
}


class _Blank(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return ""


def sentence(verb: str, actor: str, data: dict[str, Any]) -> str:
    template = SENTENCES.get(verb)
    if template is None:
        return ""
    values = _Blank({k: "" if v is None else str(v) for k, v in (data or {}).items()})
    values["actor"] = actor
    if verb == "status" and values.get("status"):
        from tremplin.projects.models import Status

        code = values["status"]
        values["status"] = str(Status(code).label) if code in Status.values else code
    if verb == "task_moved" and values.get("column"):
        from tremplin.projects.models import Column

        code = values["column"]
        values["column"] = str(Column(code).label) if code in Column.values else code
    return str(template) % values
