"""The plan on the case page and its POST endpoints, for every persona: only the client
and the case's current counsellor see or change anything; the others get a 404 (the
anonymous visitor: the sign-in page); bad input keeps the text and saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.plans.conftest import CASE_VIEWERS, SEES_PLAN
from tremplin.counselling import services as counselling
from tremplin.plans.models import Goal, PlanItem

pytestmark = pytest.mark.django_db


def case_page(client, case, lang="en"):
    return client.get(f"/{lang}/counselling/cases/{case.pk}/")


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_the_client_and_the_counsellor_see_the_plan_on_the_case_page(
    browser_of, crew, plan, name
):
    response = case_page(browser_of(name), crew.case)
    text = response.content.decode()
    if name in SEES_PLAN:
        assert response.status_code == 200
        assert 'id="plan"' in text and "Service plan" in text
        assert "Trouver un emploi en soins" in text and "Mettre le CV à jour" in text
        assert "Écrire le brouillon du CV" in text and "0 of 2 steps done" in text
    else:
        assert response.status_code in (302, 404)
        assert "Trouver un emploi" not in text


def test_the_plan_is_nested_and_says_who_does_what(browser_of, crew, plan):
    text = case_page(browser_of("alice"), crew.case).content.decode()
    goal_at = text.index(f'id="goal-{plan.goal.pk}"')
    sub_at = text.index(f'id="goal-{plan.sub.pk}"')
    item_at = text.index(f'id="item-{plan.client_item.pk}"')
    assert goal_at < sub_at < item_at
    assert "The client" in text and "The counsellor" in text
    # alice may move her own item's status, not dave's, and adds only her own steps.
    assert f"/en/plans/items/{plan.client_item.pk}/status/" in text
    assert f"/en/plans/items/{plan.counsellor_item.pk}/status/" not in text
    assert f"/en/plans/cases/{crew.case.pk}/items/add/" in text
    assert f"/en/plans/cases/{crew.case.pk}/goals/add/" not in text
    assert 'name="owner"' not in text


def test_an_overdue_item_is_marked_in_words(browser_of, crew, plan):
    PlanItem.objects.filter(pk=plan.client_item.pk).update(
        due_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    text = case_page(browser_of("dave"), crew.case).content.decode()
    assert "(overdue)" in text


def post_as(browser_of, name, url, data):
    return browser_of(name).post(url, data)


def calls(crew, plan):
    """Each endpoint with good data, and who may use it on alice's active case."""
    case, goal, mine, theirs = crew.case, plan.goal, plan.client_item, plan.counsellor_item
    other = Goal.objects.create(case=case, title="Autre objectif", position=1)
    return {
        "add_goal": (f"/en/plans/cases/{case.pk}/goals/add/", {"title": "Nouveau"}, {"dave"}),
        "add_item": (
            f"/en/plans/cases/{case.pk}/items/add/",
            {"goal": goal.pk, "title": "Étape", "owner": "client"},
            {"alice", "dave"},
        ),
        "goal_status": (f"/en/plans/goals/{goal.pk}/status/", {"status": "achieved"}, {"dave"}),
        "move_goal": (f"/en/plans/goals/{other.pk}/move/", {"direction": "up"}, {"dave"}),
        "edit_goal": (f"/en/plans/goals/{goal.pk}/edit/", {"title": "Renommé"}, {"dave"}),
        "item_status": (
            f"/en/plans/items/{mine.pk}/status/",
            {"status": "done"},
            {"alice", "dave"},
        ),
        "counsellor_item_status": (
            f"/en/plans/items/{theirs.pk}/status/",
            {"status": "done"},
            {"dave"},
        ),
        "edit_item": (
            f"/en/plans/items/{theirs.pk}/edit/",
            {"title": "Autre", "owner": "counsellor"},
            {"dave"},
        ),
        "delete_item": (f"/en/plans/items/{theirs.pk}/delete/", {}, {"dave"}),
        "delete_goal": (f"/en/plans/goals/{plan.sub.pk}/delete/", {}, {"dave"}),
    }


CALLS = [
    "add_goal",
    "add_item",
    "goal_status",
    "move_goal",
    "edit_goal",
    "item_status",
    "counsellor_item_status",
    "edit_item",
    "delete_item",
    "delete_goal",
]


def snapshot():
    return (
        list(Goal.objects.order_by("pk").values_list("pk", "title", "status", "position")),
        list(PlanItem.objects.order_by("pk").values_list("pk", "title", "status")),
    )


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_each_endpoint_for_each_persona(browser_of, crew, plan, name, call):
    url, data, allowed = calls(crew, plan)[call]
    before = snapshot()
    response = post_as(browser_of, name, url, data)
    if name in allowed:
        assert response.status_code == 302, response.content
        assert response["Location"].endswith(f"/counselling/cases/{crew.case.pk}/#plan")
        assert snapshot() != before
        return
    assert snapshot() == before
    if name == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif name in SEES_PLAN:
        assert response.status_code == 403
        assert "Only the counsellor" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("url", ["/en/plans/goals/{goal}/edit/", "/en/plans/items/{item}/edit/"])
@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_the_edit_pages_show_to_the_counsellor_only(browser_of, crew, plan, name, url):
    response = browser_of(name).get(url.format(goal=plan.goal.pk, item=plan.counsellor_item.pk))
    expected = {"dave": 200, "alice": 403, "anonymous": 302}.get(name, 404)
    assert response.status_code == expected
    if name == "dave":
        assert "Trouver un emploi en soins" in response.content.decode() or (
            "Appeler le partenaire" in response.content.decode()
        )


def test_after_a_reassignment_erin_has_the_plan_and_dave_has_nothing(browser_of, crew, plan):
    counselling.reassign(crew.greta, crew.case, crew.erin)
    assert "Trouver un emploi en soins" in case_page(browser_of("erin"), crew.case).content.decode()
    assert case_page(browser_of("dave"), crew.case).status_code == 404
    url = f"/en/plans/items/{plan.counsellor_item.pk}/status/"
    assert post_as(browser_of, "dave", url, {"status": "done"}).status_code == 404
    assert post_as(browser_of, "erin", url, {"status": "done"}).status_code == 302
    assert PlanItem.objects.get(pk=plan.counsellor_item.pk).status == "done"


def test_a_closed_case_shows_a_read_only_plan_to_both(browser_of, crew, plan):
    counselling.close(crew.dave, crew.case, "employed")
    for name in ("alice", "dave"):
        text = case_page(browser_of(name), crew.case).content.decode()
        assert "read-only" in text and "Trouver un emploi en soins" in text
        assert "/en/plans/" not in text  # no form at all
    before = snapshot()
    response = post_as(
        browser_of, "alice", f"/en/plans/items/{plan.client_item.pk}/status/", {"status": "done"}
    )
    assert response.status_code == 409 and "read-only" in response.content.decode()
    response = post_as(
        browser_of, "dave", f"/en/plans/cases/{crew.case.pk}/goals/add/", {"title": "x"}
    )
    assert response.status_code == 409
    assert snapshot() == before


def test_an_invited_case_has_no_plan(browser_of, crew):
    invited = counselling.invite(crew.erin, crew.agency, client=crew.bob)
    response = post_as(
        browser_of, "erin", f"/en/plans/cases/{invited.pk}/goals/add/", {"title": "x"}
    )
    assert response.status_code == 404
    assert 'id="plan"' not in case_page(browser_of("erin"), invited).content.decode()


BAD_ITEMS = [
    ({"title": "", "details": "mon texte gardé"}, "This field is required."),
    ({"title": "Étape gardée", "due_on": "2999-01-01"}, "within five years"),
    ({"title": "Étape gardée", "due_on": "1-2-3"}, "Enter a valid date."),
    ({"title": "Étape gardée", "due_on": "99999-01-01"}, "Enter a valid date."),
    ({"title": "Étape gardée", "owner": "boss"}, "Select a valid choice"),
    ({"title": "Étape\x00gardée"}, "Null characters are not allowed."),
]


@pytest.mark.parametrize(("data", "message"), BAD_ITEMS)
def test_a_bad_item_keeps_the_text_saves_nothing_and_says_why(
    browser_of, crew, plan, data, message
):
    before = snapshot()
    response = post_as(
        browser_of,
        "dave",
        f"/en/plans/cases/{crew.case.pk}/items/add/",
        {"goal": plan.goal.pk, "owner": "client", **data},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    kept = data.get("details") or data["title"]
    if "\x00" not in kept:
        assert kept in text
    assert snapshot() == before


def test_a_sub_goal_of_a_sub_goal_is_refused_on_the_form(browser_of, crew, plan):
    before = snapshot()
    response = post_as(
        browser_of,
        "dave",
        f"/en/plans/cases/{crew.case.pk}/goals/add/",
        {"title": "Trop profond", "parent": plan.sub.pk},
    )
    assert response.status_code == 400
    assert "Trop profond" in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        "/en/plans/goals/{goal}/status/",
        "/en/plans/items/{item}/status/",
        "/en/plans/goals/{goal}/move/",
    ],
)
def test_bad_choices_are_a_400_not_a_500(browser_of, crew, plan, url):
    target = url.format(goal=plan.goal.pk, item=plan.client_item.pk)
    response = post_as(browser_of, "dave", target, {"status": "nope", "direction": "sideways"})
    assert response.status_code == 400


def test_a_refused_move_is_a_409_with_the_reason(browser_of, crew, plan):
    url = f"/en/plans/items/{plan.counsellor_item.pk}/status/"
    assert post_as(browser_of, "dave", url, {"status": "cancelled"}).status_code == 302
    response = post_as(browser_of, "dave", url, {"status": "done"})
    assert response.status_code == 409
    assert "cannot go from" in response.content.decode()


def test_huge_ids_are_a_404(browser_of, crew):
    response = post_as(browser_of, "dave", "/en/plans/items/99999999999999999999/status/", {})
    assert response.status_code == 404
