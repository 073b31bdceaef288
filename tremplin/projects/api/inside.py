"""Projects API, the inside of a project (its active members only; anyone else gets a
404): the board and its tasks (move, checklist, comments), milestones, documents shared
from the vault (share, stop sharing), the discussion and the activity log."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router
from ninja.responses import Status

from tremplin.api.auth import signed_in, writer
from tremplin.api.schemas import ErrorOut
from tremplin.projects.api import out
from tremplin.projects.api.schemas import (
    ProjectActivityPageOut,
    ProjectBoardOut,
    ProjectBodyIn,
    ProjectCheckDoneIn,
    ProjectCheckIn,
    ProjectCheckOut,
    ProjectCommentOut,
    ProjectFileOut,
    ProjectMessageOut,
    ProjectMessagesOut,
    ProjectMilestoneIn,
    ProjectMilestoneOut,
    ProjectMoveIn,
    ProjectShareIn,
    ProjectTaskDetailOut,
    ProjectTaskIn,
    ProjectTaskOut,
    ProjectTaskPatchIn,
)
from tremplin.projects.models import Project, Task
from tremplin.projects.queries import inside as reads
from tremplin.projects.queries import projects as queries
from tremplin.projects.services import board, discussion, files

router = Router(tags=["projects"])

ID = Path(..., ge=1, le=2_147_483_647)
BEFORE = Query(None, ge=1, le=2_147_483_647)
READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
BASE = "/{int:project_id}"
TASK = BASE + "/tasks/{int:task_id}"


def _assignee_id(request: HttpRequest, project: Project, handle: str | None) -> int | None:
    """A handle to a user id: someone the caller may see (the service then checks that
    they are an active member)."""
    if not handle or not handle.strip():
        return None
    person = queries.person_by_handle(request.user, handle)
    if person is None:
        raise Http404
    return int(person.pk)


def _task_detail(task: Task) -> dict[str, Any]:
    return {
        **out.task(task),
        "checklist": [
            {"id": c.pk, "text": c.text, "done": c.done} for c in reads.checklist_of(task)
        ],
        "comments": [out.comment(c) for c in reads.comments_of(task)],
    }


@router.get(
    BASE + "/tasks", response={200: ProjectBoardOut, **READ}, auth=signed_in, summary="The board"
)
def tasks(request: HttpRequest, project_id: int = ID) -> dict[str, Any]:
    project = queries.inside_or_404(request.user, project_id)
    columns = reads.board(request.user, project)
    return {column: [out.task(t) for t in rows] for column, rows in columns.items()}


@router.post(
    BASE + "/tasks", response={201: ProjectTaskOut, **WRITE}, auth=writer, summary="Add a task"
)
def create_task(request: HttpRequest, payload: ProjectTaskIn, project_id: int = ID) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    made = board.create_task(
        request.user,
        project,
        title=payload.title,
        description=payload.description,
        assignee_id=_assignee_id(request, project, payload.assignee),
        due=payload.due,
        milestone_id=payload.milestone_id,
    )
    return Status(201, out.task(reads.task_or_404(request.user, project, made.pk)))


@router.get(TASK, response={200: ProjectTaskDetailOut, **READ}, auth=signed_in, summary="A task")
def task(request: HttpRequest, project_id: int = ID, task_id: int = ID) -> dict[str, Any]:
    project = queries.inside_or_404(request.user, project_id)
    return _task_detail(reads.task_or_404(request.user, project, task_id))


@router.patch(
    TASK, response={200: ProjectTaskDetailOut, **WRITE}, auth=writer, summary="Change a task"
)
def update_task(
    request: HttpRequest, payload: ProjectTaskPatchIn, project_id: int = ID, task_id: int = ID
) -> dict[str, Any]:
    project = queries.inside_or_404(request.user, project_id)
    found = reads.task_or_404(request.user, project, task_id)
    sent = payload.dict(exclude_unset=True)
    fields: dict[str, Any] = {k: sent[k] for k in ("title", "description", "due") if k in sent}
    if "assignee" in sent:
        fields["assignee_id"] = _assignee_id(request, project, sent["assignee"])
    if "milestone_id" in sent:
        fields["milestone_id"] = sent["milestone_id"] or None
    if fields.get("title") is None:
        fields.pop("title", None)
    board.update_task(request.user, found, **fields)
    return _task_detail(reads.task_or_404(request.user, project, task_id))


@router.post(
    TASK + "/move",
    response={200: ProjectTaskOut, **WRITE},
    auth=writer,
    summary="Move a task to a column",
)
def move(
    request: HttpRequest, payload: ProjectMoveIn, project_id: int = ID, task_id: int = ID
) -> Any:
    project = queries.inside_or_404(request.user, project_id)
    found = reads.task_or_404(request.user, project, task_id)
    board.move_task(request.user, found, payload.column)
    return out.task(reads.task_or_404(request.user, project, task_id))


@router.delete(TASK, response={204: None, **WRITE}, auth=writer, summary="Delete a task")
def delete_task(request: HttpRequest, project_id: int = ID, task_id: int = ID) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    board.delete_task(request.user, reads.task_or_404(request.user, project, task_id))
    return Status(204, None)


@router.post(
    TASK + "/checklist",
    response={201: ProjectCheckOut, **WRITE},
    auth=writer,
    summary="Add a checklist item",
)
def add_check(
    request: HttpRequest, payload: ProjectCheckIn, project_id: int = ID, task_id: int = ID
) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    item = board.add_check(
        request.user, reads.task_or_404(request.user, project, task_id), payload.text
    )
    return Status(201, {"id": item.pk, "text": item.text, "done": item.done})


@router.put(
    TASK + "/checklist/{int:item_id}",
    response={200: ProjectCheckOut, **WRITE},
    auth=writer,
    summary="Tick or untick a checklist item",
)
def set_check(
    request: HttpRequest,
    payload: ProjectCheckDoneIn,
    project_id: int = ID,
    task_id: int = ID,
    item_id: int = ID,
) -> dict[str, Any]:
    project = queries.inside_or_404(request.user, project_id)
    found = reads.task_or_404(request.user, project, task_id)
    item = board.set_check(
        request.user, reads.check_or_404(request.user, found, item_id), payload.done
    )
    return {"id": item.pk, "text": item.text, "done": item.done}


@router.post(
    TASK + "/comments",
    response={201: ProjectCommentOut, **WRITE},
    auth=writer,
    summary="Comment on a task",
)
def comment(
    request: HttpRequest, payload: ProjectBodyIn, project_id: int = ID, task_id: int = ID
) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    found = reads.task_or_404(request.user, project, task_id)
    made = board.comment_task(request.user, found, payload.body)
    made.author = request.user  # type: ignore[assignment]
    return Status(201, out.comment(made))


@router.get(
    BASE + "/milestones",
    response={200: list[ProjectMilestoneOut], **READ},
    auth=signed_in,
    summary="Milestones",
)
def milestones(request: HttpRequest, project_id: int = ID) -> list[dict[str, Any]]:
    project = queries.inside_or_404(request.user, project_id)
    return [out.milestone(m) for m in reads.milestones_of(request.user, project)]


@router.post(
    BASE + "/milestones",
    response={201: ProjectMilestoneOut, **WRITE},
    auth=writer,
    summary="Add a milestone",
)
def create_milestone(
    request: HttpRequest, payload: ProjectMilestoneIn, project_id: int = ID
) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    made = board.create_milestone(request.user, project, payload.title, payload.due)
    return Status(201, out.milestone(made))


@router.post(
    BASE + "/milestones/{int:milestone_id}/reached",
    response={200: ProjectMilestoneOut, **WRITE},
    auth=writer,
    summary="Mark a milestone as reached",
)
def reach(request: HttpRequest, project_id: int = ID, milestone_id: int = ID) -> dict[str, Any]:
    project = queries.inside_or_404(request.user, project_id)
    found = reads.milestone_or_404(request.user, project, milestone_id)
    return out.milestone(board.reach_milestone(request.user, found))


@router.get(
    BASE + "/files",
    response={200: list[ProjectFileOut], **READ},
    auth=signed_in,
    summary="Documents shared with the project",
)
def list_files(request: HttpRequest, project_id: int = ID) -> list[dict[str, Any]]:
    project = queries.inside_or_404(request.user, project_id)
    return [out.shared_file(f) for f in reads.files_of(request.user, project)]


@router.post(
    BASE + "/files",
    response={201: ProjectFileOut, **WRITE},
    auth=writer,
    summary="Share one of my vault documents with the project",
)
def share(request: HttpRequest, payload: ProjectShareIn, project_id: int = ID) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    made = files.share(request.user, project, payload.document_id)
    return Status(201, out.shared_file(reads.file_or_404(request.user, project, made.pk)))


@router.delete(
    BASE + "/files/{int:file_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Stop sharing a document (its owner, or the lead)",
)
def revoke(request: HttpRequest, project_id: int = ID, file_id: int = ID) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    files.revoke(request.user, reads.file_or_404(request.user, project, file_id))
    return Status(204, None)


@router.get(
    BASE + "/messages",
    response={200: ProjectMessagesOut, **READ},
    auth=signed_in,
    summary="The discussion, newest first",
)
def messages(
    request: HttpRequest, project_id: int = ID, before: int | None = BEFORE
) -> dict[str, Any]:
    project = queries.inside_or_404(request.user, project_id)
    rows, following = reads.messages_of(request.user, project, before)
    return {"items": [out.comment(m) for m in rows], "next_before": following}


@router.post(
    BASE + "/messages",
    response={201: ProjectMessageOut, **WRITE},
    auth=writer,
    summary="Write in the discussion",
)
def post_message(request: HttpRequest, payload: ProjectBodyIn, project_id: int = ID) -> Status:
    project = queries.inside_or_404(request.user, project_id)
    made = discussion.post_message(request.user, project, payload.body)
    made.author = request.user  # type: ignore[assignment]
    return Status(201, out.comment(made))


@router.get(
    BASE + "/activity",
    response={200: ProjectActivityPageOut, **READ},
    auth=signed_in,
    summary="The activity log, newest first",
)
def activity(
    request: HttpRequest, project_id: int = ID, before: int | None = BEFORE
) -> dict[str, Any]:
    project = queries.inside_or_404(request.user, project_id)
    rows, following = reads.activity_of(request.user, project, before)
    return {"items": [out.activity(r, reads.actor_name(r)) for r in rows], "next_before": following}
