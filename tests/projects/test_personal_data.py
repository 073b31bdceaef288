"""What projects hold about a member, in their archive and when their account is
erased: their projects, places, writings and shares; a project they led passes to its
longest-standing member, or goes when nobody else is left."""

from __future__ import annotations

import pytest

from tests.projects.world import make_project
from tremplin.projects import personal_data
from tremplin.projects.models import Member, Message, Project, Role
from tremplin.projects.services import board, discussion, members

pytestmark = pytest.mark.django_db


def test_the_archive_holds_my_projects_and_erasure_hands_the_lead_over(personas):
    shared = make_project(personas.alice, title_en="Shared garden")
    alone = make_project(personas.alice, title_en="Solo portfolio")
    members.apply(personas.bob, shared, "I can help")
    row = Member.objects.get(project=shared, user=personas.bob)
    members.decide(personas.alice, shared, row.pk, accept=True)
    board.create_task(personas.alice, shared, title="Dig")
    discussion.post_message(personas.alice, shared, "Saturday at ten")

    archive = personal_data.export(personas.alice)
    assert {p["title_en"] for p in archive["projects_led"]} == {"Shared garden", "Solo portfolio"}
    assert archive["messages"][0]["body"] == "Saturday at ten"
    assert archive["tasks_created"][0]["title"] == "Dig"
    assert "search_text" not in archive["projects_led"][0]
    assert personal_data.export(personas.bob)["memberships"][0]["message"] == "I can help"

    personal_data.erase(personas.alice)
    shared.refresh_from_db()
    assert shared.lead_id == personas.bob.pk
    assert Member.objects.get(project=shared, user=personas.bob).role == Role.LEAD
    assert not Project.objects.filter(pk=alone.pk).exists()
    assert not Message.objects.filter(author=personas.alice).exists()
    assert not Member.objects.filter(user=personas.alice).exists()
