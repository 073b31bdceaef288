"""Joining a project: applying with a message (the lead is told, in their language),
the lead's answer (the applicant is told), invitations (the person picker on the
page, a profile address in the API), leaving, removal; refused forms come back with the
text and the reason."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import client_for
from tests.projects.world import make_project
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import text_of
from tremplin.projects.models import Member, MemberStatus, Status
from tremplin.projects.services import members, projects

pytestmark = pytest.mark.django_db


def test_an_application_goes_to_the_lead_and_its_answer_to_the_applicant(personas):
    project = make_project(personas.alice, title_fr="Site du quartier", title_en="")
    carol = client_for(personas.carol)
    page = carol.post(f"/en/projects/{project.pk}/apply/", {"message": "I design websites."})
    assert page.status_code == 302
    row = Member.objects.get(project=project, user=personas.carol)
    assert row.status == MemberStatus.APPLIED
    told = Notification.objects.get(recipient=personas.alice, kind="project_application")
    with translation.override("fr"):
        assert (
            text_of(told) == "Carol Singh propose sa participation à votre projet Site du quartier."
        )
    alice = client_for(personas.alice)
    lead_page = alice.get(f"/en/projects/{project.pk}/").content.decode()
    assert "I design websites." in lead_page
    alice.post(f"/en/projects/{project.pk}/members/{row.pk}/decide/", {"answer": "accept"})
    row.refresh_from_db()
    assert row.status == MemberStatus.ACTIVE
    answer = Notification.objects.get(recipient=personas.carol, kind="project_answered")
    with translation.override("en"):
        assert "was accepted" in text_of(answer)
    assert carol.get(f"/en/projects/{project.pk}/board/").status_code == 200


def test_an_empty_application_comes_back_with_the_reason_and_nothing_is_recorded(personas):
    project = make_project(personas.alice)
    carol = client_for(personas.carol)
    page = carol.post(f"/en/projects/{project.pk}/apply/", {"message": "   "})
    assert page.status_code == 400
    assert 'class="errorlist' in page.content.decode() or "required" in page.content.decode()
    assert not Member.objects.filter(project=project, user=personas.carol).exists()


def test_a_closed_project_takes_no_application(personas):
    project = make_project(personas.alice)
    projects.set_status(personas.alice, project, Status.CLOSED)
    answer = client_for(personas.carol).post(
        f"/api/v1/projects/{project.pk}/apply",
        {"message": "Hello"},
        content_type="application/json",
    )
    assert answer.status_code == 409


def test_the_lead_invites_by_name_and_the_invitee_answers(personas):
    project = make_project(personas.alice, visibility="invitation")
    alice = client_for(personas.alice)
    unknown = alice.post(f"/en/projects/{project.pk}/invite/", {"invitee_text": "Nobody Here"})
    assert unknown.status_code == 400
    assert "Nobody Here" in unknown.content.decode()
    # Without JavaScript: the name typed is resolved to the one person it matches.
    sent = alice.post(f"/en/projects/{project.pk}/invite/", {"invitee_text": "Carol Singh"})
    assert sent.status_code == 302
    carol = client_for(personas.carol)
    mine = carol.get("/en/projects/mine/").content.decode()
    assert "Project invitation" in mine
    carol.post(f"/en/projects/{project.pk}/invitation/", {"answer": "accept"})
    assert Member.objects.get(project=project, user=personas.carol).status == MemberStatus.ACTIVE


def test_leaving_and_removal_end_the_inside(personas):
    project = make_project(personas.alice)
    members.apply(personas.bob, project, "Count me in")
    members.apply(personas.carol, project, "Me too")
    for user in (personas.bob, personas.carol):
        row = Member.objects.get(project=project, user=user)
        members.decide(personas.alice, project, row.pk, accept=True)
    bob = client_for(personas.bob)
    bob.post(f"/en/projects/{project.pk}/leave/")
    assert bob.get(f"/en/projects/{project.pk}/board/").status_code == 404
    carol_row = Member.objects.get(project=project, user=personas.carol)
    client_for(personas.alice).post(f"/en/projects/{project.pk}/members/{carol_row.pk}/remove/")
    carol_row.refresh_from_db()
    assert carol_row.status == MemberStatus.REMOVED
    refused = client_for(personas.carol).post(
        f"/api/v1/projects/{project.pk}/apply",
        {"message": "again"},
        content_type="application/json",
    )
    assert refused.status_code == 409
    # The lead, now alone, cannot leave: a project keeps its lead (they close it).
    lead_leaves = client_for(personas.alice).post(f"/api/v1/projects/{project.pk}/leave")
    assert lead_leaves.status_code == 403
    assert "fermez plutôt le projet" in lead_leaves.json()["detail"]


def test_only_the_lead_changes_the_project(personas):
    project = make_project(personas.alice, visibility="public")
    members.apply(personas.bob, project, "hi")
    answer = client_for(personas.bob).patch(
        f"/api/v1/projects/{project.pk}", {"title_en": "Mine now"}, content_type="application/json"
    )
    assert answer.status_code == 403
    page = client_for(personas.alice).post(
        f"/en/projects/{project.pk}/edit/",
        {"title_fr": "", "title_en": "", "kind": "portfolio", "visibility": "public"},
    )
    assert page.status_code == 400
    assert "Give the project a title" in page.content.decode()
