"""The plan's rules, straight on services.py: who may do what, the lifecycles, the
checks on input, the notification of the other party, and the caseload counts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tremplin.counselling import services as counselling
from tremplin.counselling.models import Case
from tremplin.notifications.models import Notification
from tremplin.plans import services
from tremplin.plans.hooks import PLAN_UPDATE
from tremplin.plans.models import Goal, PlanItem
from tremplin.plans.queries import annotate_caseload

pytestmark = pytest.mark.django_db


def refused(code: str, action, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        action(*args, **kwargs)
    assert caught.value.code == code, caught.value.messages
    assert caught.value.messages[0]
    return caught.value


def test_the_counsellor_builds_goals_sub_goals_and_items_in_order(crew, plan):
    second = services.create_goal(crew.dave, crew.case, title="Suivre une formation")
    assert [plan.goal.position, second.position] == [0, 1]
    assert plan.sub.parent == plan.goal
    assert plan.client_item.owner == "client" and plan.client_item.created_by == crew.dave
    services.move_goal(crew.dave, second, 0)
    assert list(Goal.objects.filter(parent=None).values_list("pk", flat=True)) == [
        second.pk,
        plan.goal.pk,
    ]


def test_a_sub_goal_of_a_sub_goal_is_refused(crew, plan):
    error = refused(
        "invalid", services.create_goal, crew.dave, crew.case, title="x", parent=plan.sub
    )
    assert getattr(error, "field", None) == "parent"
    assert Goal.objects.count() == 2


@pytest.mark.parametrize("title", ["", "   ", "x" * 201, "a\x00b"])
def test_a_goal_needs_a_clean_title(crew, title):
    refused("invalid", services.create_goal, crew.dave, crew.case, title=title)
    assert not Goal.objects.exists()


@pytest.mark.parametrize("days", [-6 * 365, 6 * 365])
def test_a_due_date_further_than_five_years_is_refused(crew, plan, days):
    far = timezone.localdate() + datetime.timedelta(days=days)
    error = refused("invalid", services.add_item, crew.dave, plan.goal, title="Loin", due_on=far)
    assert getattr(error, "field", None) == "due_on"
    assert not PlanItem.objects.filter(title="Loin").exists()


def test_the_client_adds_only_her_own_items(crew, plan):
    item = services.add_item(crew.alice, plan.goal, title="Visiter le salon de l'emploi")
    assert item.owner == "client" and item.created_by == crew.alice
    refused("forbidden", services.add_item, crew.alice, plan.goal, title="x", owner="counsellor")


def test_the_client_moves_her_items_but_not_the_counsellors(crew, plan):
    done = services.set_item_status(crew.alice, plan.client_item, "done")
    assert done.status == "done" and done.completed_at is not None
    refused("forbidden", services.set_item_status, crew.alice, plan.counsellor_item, "done")
    # A step dave wrote for her: she moves its status, not its text.
    refused("forbidden", services.edit_item, crew.alice, plan.client_item, title="Autre")
    refused("forbidden", services.delete_item, crew.alice, plan.client_item)


def test_the_client_edits_and_deletes_the_items_she_wrote(crew, plan):
    item = services.add_item(crew.alice, plan.goal, title="Lire trois offres")
    services.edit_item(crew.alice, item, title="Lire cinq offres", details="en ligne")
    item.refresh_from_db()
    assert (item.title, item.details) == ("Lire cinq offres", "en ligne")
    services.delete_item(crew.alice, item)
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_the_client_changes_no_goal(crew, plan):
    refused("forbidden", services.create_goal, crew.alice, crew.case, title="x")
    refused("forbidden", services.edit_goal, crew.alice, plan.goal, title="x")
    refused("forbidden", services.delete_goal, crew.alice, plan.goal)


def test_the_lifecycles_refuse_undeclared_moves(crew, plan):
    services.set_item_status(crew.dave, plan.counsellor_item, "cancelled")
    refused("transition", services.set_item_status, crew.dave, plan.counsellor_item, "done")
    refused("invalid", services.set_item_status, crew.dave, plan.counsellor_item, "lost")
    services.edit_goal(crew.dave, plan.goal, status="dropped")
    refused("transition", services.edit_goal, crew.dave, plan.goal, status="achieved")
    reopened = services.set_item_status(crew.dave, plan.counsellor_item, "to_do")
    assert reopened.completed_at is None


@pytest.mark.parametrize("how", ["pause", "close"])
def test_a_paused_or_closed_case_is_read_only_for_both(crew, plan, how):
    if how == "pause":
        counselling.pause(crew.alice, crew.case)
    else:
        counselling.close(crew.dave, crew.case, "employed")
    refused("read_only", services.create_goal, crew.dave, crew.case, title="x")
    refused("read_only", services.add_item, crew.dave, plan.goal, title="x")
    refused("read_only", services.set_item_status, crew.alice, plan.client_item, "done")
    refused("read_only", services.delete_goal, crew.dave, plan.goal)
    assert PlanItem.objects.get(pk=plan.client_item.pk).status == "to_do"


@pytest.mark.parametrize("name", ["erin", "frank", "greta", "carol", "mallory", "sam"])
def test_nobody_else_acts_on_the_plan(crew, plan, name):
    user = getattr(crew, name)
    refused("not_found", services.create_goal, user, crew.case, title="x")
    refused("not_found", services.add_item, user, plan.goal, title="x")
    refused("not_found", services.set_item_status, user, plan.client_item, "done")


def test_after_a_reassignment_the_new_counsellor_acts_and_the_old_one_does_not(crew, plan):
    counselling.reassign(crew.greta, crew.case, crew.erin)
    services.add_item(crew.erin, plan.goal, title="Préparer l'entrevue", owner="counsellor")
    refused("not_found", services.add_item, crew.dave, plan.goal, title="x")


def test_each_change_notifies_the_other_party_grouped_per_plan(
    crew, plan, django_capture_on_commit_callbacks
):
    to_alice = Notification.objects.filter(recipient=crew.alice, kind=PLAN_UPDATE)
    assert to_alice.count() == 1  # the four changes of the fixture, merged
    row = to_alice.get()
    assert row.group_key == f"plan:{crew.case.pk}"
    assert row.count == 4 and row.actor == crew.dave
    assert row.target_id == crew.case.pk
    assert not Notification.objects.filter(recipient=crew.dave).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.set_item_status(crew.alice, plan.client_item, "in_progress")
    to_dave = Notification.objects.get(recipient=crew.dave, kind=PLAN_UPDATE)
    assert to_dave.actor == crew.alice and to_dave.group_key == f"plan:{crew.case.pk}"


def test_a_refused_change_notifies_nobody(crew, plan):
    before = Notification.objects.count()
    refused("forbidden", services.set_item_status, crew.alice, plan.counsellor_item, "done")
    assert Notification.objects.count() == before


def test_annotate_caseload_counts_open_and_overdue_items_in_one_query(crew, plan):
    today = timezone.localdate()
    goal = plan.goal
    services.add_item(crew.dave, goal, title="En retard", due_on=today - datetime.timedelta(days=2))
    late_done = services.add_item(
        crew.dave, goal, title="Fini en retard", due_on=today - datetime.timedelta(days=3)
    )
    services.set_item_status(crew.dave, late_done, "done")
    services.set_item_status(crew.dave, plan.counsellor_item, "in_progress")
    services.add_item(crew.dave, goal, title="Aujourd'hui", due_on=today)
    empty = counselling.open_case(crew.agency, crew.dave, crew.carol)

    with CaptureQueriesContext(connection) as queries:
        found = {c.pk: c for c in annotate_caseload(Case.objects.filter(counsellor=crew.dave))}
    assert len(queries) == 1
    mine = found[crew.case.pk]
    # open: the client's item, dave's (in progress), "En retard", "Aujourd'hui"
    assert (mine.open_plan_items, mine.overdue_plan_items) == (4, 1)
    assert (found[empty.pk].open_plan_items, found[empty.pk].overdue_plan_items) == (0, 0)
    assert isinstance(found[empty.pk].open_plan_items, int)
