"""The board: tasks move between columns by a form per move (no JavaScript needed) or
htmx; assignment and comments reach the people concerned; checklists, milestones, the
discussion and the activity log; bad input comes back with the reason."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import client_for
from tests.projects.world import make_project
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import text_of
from tremplin.projects.models import ChecklistItem, Column, Member, Task
from tremplin.projects.services import members

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(personas):
    project = make_project(personas.alice, title_en="Community garden", title_fr="Jardin")
    members.apply(personas.bob, project, "I can dig.")
    row = Member.objects.get(project=project, user=personas.bob)
    members.decide(personas.alice, project, row.pk, accept=True)
    return project


def test_a_task_moves_across_the_board_without_javascript(personas, team):
    alice = client_for(personas.alice)
    made = alice.post(
        f"/en/projects/{team.pk}/tasks/new/",
        {"title": "Buy seeds", "assignee": str(personas.bob.pk), "description": ""},
    )
    assert made.status_code == 302
    task = Task.objects.get(project=team)
    assert task.column == Column.TODO and task.assignee_id == personas.bob.pk
    for column in ("doing", "done"):
        moved = alice.post(f"/en/projects/{team.pk}/tasks/{task.pk}/move/", {"column": column})
        assert moved.status_code == 302 and moved["Location"].endswith(f"?moved={task.pk}")
        task.refresh_from_db()
        assert task.column == column
    board = alice.get(moved["Location"]).content.decode()
    assert "autofocus" in board
    again = alice.post(f"/en/projects/{team.pk}/tasks/{task.pk}/move/", {"column": "done"})
    assert again.status_code == 302  # refused (no move to itself): said in a message
    task.refresh_from_db()
    assert task.column == Column.DONE


def test_with_htmx_the_board_alone_comes_back(personas, team):
    task = Task.objects.create(project=team, title="Water", created_by=personas.alice)
    alice = client_for(personas.alice)
    answer = alice.post(
        f"/en/projects/{team.pk}/tasks/{task.pk}/move/",
        {"column": "doing"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert html.startswith('<div id="board"') and "<html" not in html


def test_assignment_and_comments_reach_those_concerned_in_their_language(personas, team):
    personas.bob.language = "fr"
    personas.bob.save(update_fields=["language"])
    alice = client_for(personas.alice)
    alice.post(
        f"/api/v1/projects/{team.pk}/tasks",
        {"title": "Build the fence", "assignee": personas.bob.profile.handle},
        content_type="application/json",
    )
    told = Notification.objects.get(recipient=personas.bob, kind="project_task_assigned")
    assert told.data["project"] == "Jardin"
    with translation.override("fr"):
        assert (
            text_of(told) == "Alice Martin vous a confié la tâche « Build the fence » dans Jardin."
        )
    task = Task.objects.get(project=team)
    client_for(personas.bob).post(
        f"/en/projects/{team.pk}/tasks/{task.pk}/comments/", {"body": "Started today."}
    )
    assert Notification.objects.filter(
        recipient=personas.alice, kind="project_task_comment"
    ).exists()
    assert not Notification.objects.filter(
        recipient=personas.bob, kind="project_task_comment"
    ).exists()


def test_an_outsider_cannot_be_assigned_and_an_empty_task_is_refused(personas, team):
    alice = client_for(personas.alice)
    page = alice.post(f"/en/projects/{team.pk}/tasks/new/", {"title": " ", "description": "x"})
    assert page.status_code == 400
    assert "x</textarea>" in page.content.decode()
    refused = alice.post(
        f"/api/v1/projects/{team.pk}/tasks",
        {"title": "Paint", "assignee": personas.carol.profile.handle},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert not Task.objects.filter(project=team).exists()


def test_checklist_milestones_discussion_and_activity(personas, team):
    bob = client_for(personas.bob)
    task = Task.objects.create(project=team, title="Plan beds", created_by=personas.alice)
    bob.post(f"/en/projects/{team.pk}/tasks/{task.pk}/checks/", {"text": "Measure"})
    item = ChecklistItem.objects.get(task=task)
    bob.post(f"/en/projects/{team.pk}/tasks/{task.pk}/checks/{item.pk}/", {"done": "1"})
    item.refresh_from_db()
    assert item.done
    bob.post(f"/en/projects/{team.pk}/milestones/", {"title": "First harvest"})
    milestones = bob.get(f"/api/v1/projects/{team.pk}/milestones").json()
    assert [m["title"] for m in milestones] == ["First harvest"]
    bob.post(f"/api/v1/projects/{team.pk}/milestones/{milestones[0]['id']}/reached")
    # Another project's milestone is a bad value in the body (422), not a missing project.
    elsewhere = make_project(personas.bob)
    other = bob.post(
        f"/api/v1/projects/{elsewhere.pk}/milestones",
        {"title": "Not here"},
        content_type="application/json",
    ).json()
    foreign = bob.post(
        f"/api/v1/projects/{team.pk}/tasks",
        {"title": "Dig", "milestone_id": other["id"]},
        content_type="application/json",
    )
    assert foreign.status_code == 422
    bob.post(f"/en/projects/{team.pk}/discussion/", {"body": "See you Saturday"})
    assert "See you Saturday" in bob.get(f"/en/projects/{team.pk}/discussion/").content.decode()
    lines = [i["text"] for i in bob.get(f"/api/v1/projects/{team.pk}/activity").json()["items"]]
    # The API speaks the member's language (French here); the page its URL's.
    assert "Bob Roy a marqué le jalon « First harvest » comme atteint." in lines
    assert "Bob Roy a rejoint le projet." in lines
    english = bob.get(f"/en/projects/{team.pk}/activity/").content.decode()
    assert "Bob Roy joined the project." in english
