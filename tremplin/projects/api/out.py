"""Rows as the projects API shows them (dicts for the schemas in schemas.py)."""

from __future__ import annotations

from typing import Any

from tremplin.projects.activity import sentence
from tremplin.projects.models import (
    Activity,
    Member,
    Message,
    Milestone,
    Project,
    SharedFile,
    Task,
    TaskComment,
)


def person(user: Any) -> dict[str, str] | None:
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is None:
        return None
    return {"handle": profile.handle, "display_name": profile.display_name}


def member(row: Member) -> dict[str, Any]:
    return {
        "id": row.pk,
        "person": person(row.user),
        "role": row.role,
        "status": row.status,
        "message": row.message,
        "since": row.created,
    }


def card(project: Project) -> dict[str, Any]:
    return {
        "id": project.pk,
        "url": project.get_absolute_url(),
        "title": project.title,
        "languages": project.languages,
        "skills": project.skill_list,
        "region": project.region,
        "remote": project.remote,
        "hours_per_week": project.hours_per_week,
        "kind": project.kind,
        "lead": person(project.lead),
    }


def project_out(project: Project, row: Member | None) -> dict[str, Any]:
    return {
        **card(project),
        "title_fr": project.title_fr,
        "title_en": project.title_en,
        "description_fr": project.description_fr,
        "description_en": project.description_en,
        "status": project.status,
        "visibility": project.visibility,
        "team_of": project.organization.slug if project.organization else None,
        "created": project.created,
        "my_membership": member(row) if row is not None else None,
    }


def task(row: Task) -> dict[str, Any]:
    return {
        "id": row.pk,
        "title": row.title,
        "description": row.description,
        "column": row.column,
        "assignee": person(row.assignee),
        "due": row.due,
        "milestone_id": row.milestone_id,
        "moved": row.moved,
    }


def comment(row: TaskComment | Message) -> dict[str, Any]:
    return {"id": row.pk, "author": person(row.author), "body": row.body, "created": row.created}


def milestone(row: Milestone) -> dict[str, Any]:
    return {"id": row.pk, "title": row.title, "due": row.due, "reached": row.reached}


def shared_file(row: SharedFile) -> dict[str, Any]:
    return {
        "id": row.pk,
        "document_id": row.document_id,
        "title": row.document.title,
        "url": row.document.get_absolute_url(),
        "shared_by": person(row.shared_by),
        "created": row.created,
    }


def activity(row: Activity, actor: str) -> dict[str, Any]:
    return {
        "id": row.pk,
        "verb": row.verb,
        "text": sentence(row.verb, actor, row.data),
        "created": row.created,
    }
