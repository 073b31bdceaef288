"""What project members are told, each a notification written in the cause's
transaction (`notify`), its sentence rendered when read in the reader's language
(hooks.py). The data holds the project's title and the task's title as the recipient
reads them, so a line still says which after the recipient lost sight of it (no link
then: notifications link only to what `visible_to` still shows the reader)."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from tremplin.notifications.services import notify
from tremplin.projects.models import Member, Project, Task

APPLICATION = "project_application"
ANSWERED = "project_answered"
INVITED = "project_invitation"
ASSIGNED = "project_task_assigned"
TASK_COMMENT = "project_task_comment"
LEAD = "project_lead"


def title_for(project: Project, user: Any) -> str:
    """The project's title in the recipient's language."""
    with translation.override(getattr(user, "language", "") or "fr"):
        return project.title


def applied(member: Member) -> None:
    project = member.project
    notify(
        project.lead,
        APPLICATION,
        actor=member.user,
        target=project,
        group_key=f"project-applications:{project.pk}",
        data={"project": title_for(project, project.lead)},
    )


def answered(member: Member, accepted: bool) -> None:
    notify(
        member.user,
        ANSWERED,
        target=member.project,
        data={"project": title_for(member.project, member.user), "accepted": accepted},
    )


def invited(member: Member, by: Any) -> None:
    notify(
        member.user,
        INVITED,
        actor=by,
        target=member.project,
        data={"project": title_for(member.project, member.user)},
    )


def lead_handed(project: Project, former: Any, new: Any) -> None:
    """The new lead hears who handed them the project, and the former lead to whom
    (the actor of each line is the other one: nobody is told of their own act)."""
    notify(
        new,
        LEAD,
        actor=former,
        target=project,
        data={"project": title_for(project, new), "to_me": True},
    )
    notify(
        former,
        LEAD,
        actor=new,
        target=project,
        data={"project": title_for(project, former), "to_me": False},
    )


def assigned(task: Task, by: Any) -> None:
    if task.assignee is None:
        return
    notify(
        task.assignee,
        ASSIGNED,
        actor=by,
        target=task,
        data={"project": title_for(task.project, task.assignee), "task": task.title},
    )


def task_commented(task: Task, by: Any) -> None:
    """The assignee and the task's author hear of a comment (not the commenter)."""
    told = {u.pk: u for u in (task.assignee, task.created_by) if u is not None}
    for user in told.values():
        notify(
            user,
            TASK_COMMENT,
            actor=by,
            target=task,
            group_key=f"project-task-comments:{task.pk}",
            data={"project": title_for(task.project, user), "task": task.title},
        )
