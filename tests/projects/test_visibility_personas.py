"""Who sees what of a project, persona by persona: an invitation-only project and a
team project of another agency reach nobody outside their audience, on the pages, in
the API, in the search and in notifications (see world.py for the cast)."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.projects.world import PERSONAS, SEES, WORKS_ON, world
from tremplin.notifications.models import Notification
from tremplin.projects.services import members

pytestmark = pytest.mark.django_db


def test_each_persona_sees_exactly_its_audience_in_pages_api_and_search(crew):
    made = world(crew)
    for name in PERSONAS:
        client = client_for(None if name == "anonymous" else getattr(crew, name))
        found = client.get("/api/v1/projects/").json()["items"]
        listed = {item["id"] for item in found}
        html = client.get("/en/projects/").content.decode()
        for key, audience in SEES.items():
            project = getattr(made, key)
            where = f"{name} on {key}"
            sees = name in audience
            assert client.get(f"/en/projects/{project.pk}/").status_code == (
                200 if sees else 404
            ), where
            assert client.get(f"/api/v1/projects/{project.pk}").status_code == (
                200 if sees else 404
            ), where
            assert (project.pk in listed) == sees, where
            assert (f"/en/projects/{project.pk}/" in html) == sees, where
            inside = name in WORKS_ON[key]
            for path in ("board", "files", "discussion", "activity", "milestones"):
                page = client.get(f"/en/projects/{project.pk}/{path}/")
                assert page.status_code == (
                    200 if inside else 302 if name == "anonymous" else 404
                ), (
                    where,
                    path,
                )
            api = client.get(f"/api/v1/projects/{project.pk}/tasks")
            assert api.status_code == (200 if inside else 401 if name == "anonymous" else 404), (
                where
            )


def test_an_invitation_reaches_only_the_invitee_and_says_the_title_only_to_them(crew):
    made = world(crew)
    members.invite(crew.alice, made.invitation, crew.carol)
    members.invite(crew.dave, made.team, crew.erin)
    notified = Notification.objects.filter(kind="project_invitation")
    assert {n.recipient_id for n in notified} == {crew.bob.pk, crew.carol.pk, crew.erin.pk}
    # Carol, invited, now sees the project; frank (another agency) still does not.
    carol = client_for(crew.carol)
    assert carol.get(f"/en/projects/{made.invitation.pk}/").status_code == 200
    frank = client_for(crew.frank)
    assert frank.get(f"/en/projects/{made.team.pk}/").status_code == 404
    centre = frank.get("/en/notifications/").content.decode()
    assert "Agency team" not in centre and "Project invitation" not in centre


def test_a_team_project_takes_only_its_agency_staff(crew):
    made = world(crew)
    client = client_for(crew.dave)
    refused = client.post(
        f"/api/v1/projects/{made.team.pk}/invitations",
        {"handle": crew.carol.profile.handle},
        content_type="application/json",
    )
    # Carol is not staff of the agency: she can neither be invited nor see it.
    assert refused.status_code == 422
    assert not Notification.objects.filter(recipient=crew.carol, kind="project_invitation").exists()
    member = client_for(crew.alice)
    made_team = member.post(
        "/api/v1/projects/",
        {"title_en": "Not mine", "kind": "personal", "visibility": "team"},
        content_type="application/json",
    )
    assert made_team.status_code == 403
