"""Handing the lead over: only the lead, only to a current member, after a confirmation
page; the former lead stays a member, both are told in their own language, the
activity log says it. A lead leaves only after handing over."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import client_for
from tests.projects.world import make_project
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import text_of
from tremplin.projects.models import Activity, Member, Project, Role
from tremplin.projects.services import members

pytestmark = pytest.mark.django_db


def team_of_three(personas):
    """alice leads, bob is a member, carol has applied."""
    project = make_project(personas.alice, title_fr="Jardin partagé", title_en="Shared garden")
    members.apply(personas.bob, project, "Count me in")
    members.decide(personas.alice, project, row_of(project, personas.bob).pk, accept=True)
    members.apply(personas.carol, project, "Me too")
    return project


def row_of(project, user):
    return Member.objects.get(project=project, user=user)


def test_the_lead_hands_over_after_a_confirmation_page_and_both_are_told(personas):
    personas.alice.language = "en"
    personas.alice.save()
    personas.bob.language = "fr"
    personas.bob.save()
    project = team_of_three(personas)
    url = f"/fr/projects/{project.pk}/members/{row_of(project, personas.bob).pk}/lead/"
    alice = client_for(personas.alice)
    detail = alice.get(f"/fr/projects/{project.pk}/").content.decode()
    assert url in detail and "Confier la responsabilité à Bob Roy" in detail
    confirm = alice.get(url)
    assert confirm.status_code == 200
    assert "Confier la responsabilité de ce projet à Bob Roy ?" in confirm.content.decode()
    assert Project.objects.get(pk=project.pk).lead == personas.alice  # nothing yet
    done = alice.post(url)
    assert done.status_code == 302
    assert Project.objects.get(pk=project.pk).lead == personas.bob
    assert row_of(project, personas.bob).role == Role.LEAD
    former = row_of(project, personas.alice)
    assert (former.role, former.status) == (Role.MEMBER, "active")
    told_bob = Notification.objects.get(recipient=personas.bob, kind="project_lead")
    with translation.override("fr"):
        assert text_of(told_bob) == (
            "Alice Martin vous a confié la responsabilité du projet Jardin partagé."
        )
    told_alice = Notification.objects.get(recipient=personas.alice, kind="project_lead")
    with translation.override("en"):
        assert text_of(told_alice) == (
            "You handed the lead of the project Shared garden to Bob Roy."
        )
    line = Activity.objects.filter(project=project).latest("pk")
    assert (line.verb, line.data["person"]) == ("lead_handed", "Bob Roy")
    # The new lead answers the application; the former lead may now leave.
    assert "Me too" in client_for(personas.bob).get(f"/en/projects/{project.pk}/").content.decode()
    assert alice.post(f"/api/v1/projects/{project.pk}/leave").status_code == 200


def test_only_the_lead_hands_over_and_only_to_a_current_member(personas):
    project = team_of_three(personas)
    url = f"/api/v1/projects/{project.pk}/lead"
    alice = client_for(personas.alice)

    def hand_to(client, user):
        payload = {"member_id": row_of(project, user).pk}
        return client.post(url, payload, content_type="application/json")

    assert hand_to(client_for(personas.bob), personas.bob).status_code == 403
    applicant = hand_to(alice, personas.carol)
    assert applicant.status_code == 404
    # The API answers in the caller's language (alice reads French).
    assert (
        applicant.json()["detail"] == "Seul un membre actuel du projet peut en devenir responsable."
    )
    assert hand_to(alice, personas.alice).status_code == 409
    elsewhere = make_project(personas.bob)
    stranger_row = alice.post(
        url, {"member_id": row_of(elsewhere, personas.bob).pk}, content_type="application/json"
    )
    assert stranger_row.status_code == 404
    assert Project.objects.get(pk=project.pk).lead == personas.alice
    assert not Notification.objects.filter(kind="project_lead").exists()
    done = hand_to(alice, personas.bob)
    assert done.status_code == 200
    body = done.json()
    assert body["lead"]["handle"] == personas.bob.profile.handle
    assert body["my_membership"]["role"] == "member"
    # The former lead is no longer the lead: a second hand-over is refused.
    assert hand_to(alice, personas.bob).status_code == 403


def test_a_refused_hand_over_page_says_why(personas):
    project = team_of_three(personas)
    carol_row = row_of(project, personas.carol)
    page = client_for(personas.alice).get(f"/en/projects/{project.pk}/members/{carol_row.pk}/lead/")
    assert page.status_code == 404
    assert "Only a current member of the project can become its lead." in page.content.decode()
    bob_row = row_of(project, personas.bob)
    by_bob = client_for(personas.bob).post(f"/fr/projects/{project.pk}/members/{bob_row.pk}/lead/")
    assert by_bob.status_code == 403
    assert "Seul·e le ou la responsable du projet peut faire cela." in by_bob.content.decode()
    assert Project.objects.get(pk=project.pk).lead == personas.alice


def test_a_lead_with_members_must_hand_over_before_leaving(personas):
    project = team_of_three(personas)
    refused = client_for(personas.alice).post(f"/api/v1/projects/{project.pk}/leave")
    assert refused.status_code == 409
    assert "confiez d'abord ce rôle à un autre membre" in refused.json()["detail"]
    page = client_for(personas.alice).post(f"/fr/projects/{project.pk}/leave/", follow=True)
    html = page.content.decode()
    assert "ce rôle à un autre membre, puis vous pourrez partir" in html
    assert "Pour le quitter, confiez" in html
    assert row_of(project, personas.alice).status == "active"
