"""Inviting with the person picker (scope "project:<id>"): the lead chooses by name among
the people they may see who are not in the project yet, and for a team project only
among its agency's staff; whatever is posted, the server checks the chosen person
again. The API keeps taking a profile address."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tests.projects.world import make_project
from tremplin.core.audience import Audience
from tremplin.notifications.models import Notification
from tremplin.profiles.picker import people_for_picker
from tremplin.projects.models import Member, MemberStatus, Visibility
from tremplin.projects.services import members

pytestmark = pytest.mark.django_db


def names(viewer, text, project):
    found = people_for_picker(viewer, text, scope=f"project:{project.pk}")
    return [p.display_name for p in found]


def test_the_picker_offers_the_lead_only_people_not_yet_in_the_project(personas):
    project = make_project(personas.alice, Visibility.INVITATION)
    members.invite(personas.alice, project, personas.bob)
    assert names(personas.alice, "Bob", project) == []  # invited already
    assert names(personas.alice, "Carol", project) == ["Carol Singh"]
    # Carol shows her profile to her connections only: alice cannot choose her.
    personas.carol.profile.basics_visibility = Audience.CONNECTIONS
    personas.carol.profile.save()
    assert names(personas.alice, "Carol", project) == []
    # Only the lead has the scope: bob, invited, and carol, a stranger, find nobody.
    assert names(personas.bob, "Dave", project) == []
    assert names(personas.carol, "Dave", project) == []
    assert people_for_picker(personas.alice, "Dave", scope="project:99999999999") == []


def test_a_team_project_offers_only_its_agency_staff(crew):
    team = make_project(crew.dave, Visibility.TEAM)
    assert names(crew.dave, "Erin", team) == ["Erin Walsh"]
    # Neither a stranger nor another agency's counsellor could ever see the project.
    assert names(crew.dave, "Carol", team) == []
    assert names(crew.dave, "Frank", team) == []
    page = client_for(crew.dave).post(
        f"/en/projects/{team.pk}/invite/", {"invitee": crew.carol.profile.handle}
    )
    assert page.status_code == 400
    assert "You cannot invite" in page.content.decode()
    assert not Member.objects.filter(project=team, user=crew.carol).exists()
    assert not Notification.objects.filter(recipient=crew.carol).exists()


def test_the_lead_page_shows_the_picker_and_a_chosen_person_is_invited(personas):
    project = make_project(personas.alice, Visibility.CONNECTIONS)
    alice = client_for(personas.alice)
    page = alice.get(f"/en/projects/{project.pk}/").content.decode()
    assert "data-person-picker" in page
    assert f"scope=project%3A{project.pk}" in page
    assert 'name="invitee_text"' in page
    sent = alice.post(
        f"/en/projects/{project.pk}/invite/", {"invitee": personas.carol.profile.handle}
    )
    assert sent.status_code == 302
    row = Member.objects.get(project=project, user=personas.carol)
    assert row.status == MemberStatus.INVITED
    assert Notification.objects.filter(recipient=personas.carol, kind="project_invitation").exists()
    # Invited now, she is no longer offered; posting her again is refused, her chip kept.
    again = alice.post(
        f"/en/projects/{project.pk}/invite/", {"invitee": personas.carol.profile.handle}
    )
    assert again.status_code == 400
    assert "they are already in the project or invited" in again.content.decode()


def test_a_refused_choice_says_why_in_french(personas):
    project = make_project(personas.alice)
    page = client_for(personas.alice).post(
        f"/fr/projects/{project.pk}/invite/", {"invitee_text": "Zoé Inconnue"}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Personne que vous pouvez choisir ici" in html
    assert 'value="Zoé Inconnue"' in html  # the text is kept
    assert not Member.objects.filter(project=project).exclude(user=personas.alice).exists()


def test_the_api_still_invites_by_profile_address(personas):
    project = make_project(personas.alice, Visibility.INVITATION)
    api = client_for(personas.alice)
    url = f"/api/v1/projects/{project.pk}/invitations"
    made = api.post(url, {"handle": personas.carol.profile.handle}, content_type="application/json")
    assert made.status_code == 201
    assert made.json()["status"] == "invited"
    again = api.post(
        url, {"handle": personas.carol.profile.handle}, content_type="application/json"
    )
    assert again.status_code == 409
    personas.bob.profile.basics_visibility = Audience.ONLY_ME
    personas.bob.profile.save()
    hidden = api.post(url, {"handle": personas.bob.profile.handle}, content_type="application/json")
    assert hidden.status_code == 404
