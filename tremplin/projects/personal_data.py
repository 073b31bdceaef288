"""What projects hold about a member: the projects they lead (whole), their places in
projects, the tasks, comments and discussion messages they wrote, the documents they
shared. Erasing: their messages and comments go; their member rows and shares go; a
project they led passes to its longest-standing active member, or goes when there is
none (nobody else is left to work on it)."""

from __future__ import annotations

from typing import Any

from tremplin.core.personal_data import plain, when
from tremplin.projects.models import (
    Member,
    MemberStatus,
    Message,
    Project,
    Role,
    SharedFile,
    Task,
    TaskComment,
)


def export(user: Any) -> dict[str, Any]:
    led = Project.objects.filter(lead=user).order_by("pk")
    rows = Member.objects.filter(user=user).select_related("project").order_by("pk")
    return {
        "projects_led": [plain(p, exclude=("search_text",)) for p in led],
        "memberships": [
            {
                "project": m.project.title_fr or m.project.title_en,
                "role": m.role,
                "status": m.status,
                "message": m.message,
                "since": when(m.created),
            }
            for m in rows
        ],
        "tasks_created": [
            {"title": t.title, "description": t.description, "created": when(t.created)}
            for t in Task.objects.filter(created_by=user).order_by("pk")
        ],
        "task_comments": [
            {"body": c.body, "created": when(c.created)}
            for c in TaskComment.objects.filter(author=user).order_by("pk")
        ],
        "messages": [
            {"body": m.body, "created": when(m.created)}
            for m in Message.objects.filter(author=user).order_by("pk")
        ],
        "documents_shared": [
            {"document": f.document_id, "project": f.project_id, "revoked": when(f.revoked_at)}
            for f in SharedFile.objects.filter(shared_by=user).order_by("pk")
        ],
    }


def _hand_over(project: Project, user: Any) -> int:
    heir = (
        Member.objects.active()
        .filter(project=project)
        .exclude(user=user)
        .order_by("created", "pk")
        .first()
    )
    if heir is None:
        project.delete()
        return 1
    Member.objects.filter(pk=heir.pk).update(role=Role.LEAD)
    Project.objects.filter(pk=project.pk).update(lead=heir.user)
    return 1


def erase(user: Any) -> int:
    changed = 0
    for project in Project.objects.filter(lead=user):
        changed += _hand_over(project, user)
    changed += Message.objects.filter(author=user).delete()[0]
    changed += TaskComment.objects.filter(author=user).delete()[0]
    changed += SharedFile.objects.filter(shared_by=user).delete()[0]
    changed += Member.objects.filter(user=user).exclude(status=MemberStatus.ACTIVE).delete()[0]
    changed += Member.objects.filter(user=user).delete()[0]
    return changed
