"""The plan API for every persona: 404 for what the caller may not see, 403 for what
they see but may not change, 409 for a read-only case or a refused move, 422 JSON for
bad input; never a 500."""

from __future__ import annotations

from functools import partial

import pytest

from tests.api_calls import api_call
from tests.plans.conftest import CASE_VIEWERS, SEES_PLAN
from tremplin.counselling import services as counselling
from tremplin.plans.models import Goal, PlanItem

pytestmark = pytest.mark.django_db
API = "/api/v1/plans"


send = partial(api_call, API)


def error(response, status) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def snapshot():
    return (
        list(Goal.objects.order_by("pk").values_list("pk", "title", "status", "position")),
        list(PlanItem.objects.order_by("pk").values_list("pk", "title", "status", "owner")),
    )


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_the_plan_reads_for_the_client_and_the_counsellor_only(browser_of, crew, plan, name):
    response = send(browser_of(name), "get", f"/cases/{crew.case.pk}/plan")
    if name == "anonymous":
        error(response, 401)
    elif name not in SEES_PLAN:
        error(response, 404)
    else:
        assert response.status_code == 200
        body = response.json()
        assert body["role"] == ("client" if name == "alice" else "counsellor")
        assert body["read_only"] is False
        [goal] = body["goals"]
        assert goal["title"] == "Trouver un emploi en soins"
        assert (goal["done"], goal["total"]) == (0, 2)
        assert [i["owner"] for i in goal["items"]] == ["counsellor"]
        [sub] = goal["subgoals"]
        assert sub["items"][0]["title"] == "Écrire le brouillon du CV"


def calls(crew, plan):
    case, goal, mine, theirs = crew.case, plan.goal, plan.client_item, plan.counsellor_item
    return {
        "add_goal": ("post", f"/cases/{case.pk}/goals", {"title": "Nouveau"}, {"dave"}, 201),
        "add_sub_goal": (
            "post",
            f"/cases/{case.pk}/goals",
            {"title": "Sous", "parent_id": goal.pk},
            {"dave"},
            201,
        ),
        "patch_goal": ("patch", f"/goals/{goal.pk}", {"status": "achieved"}, {"dave"}, 200),
        "delete_goal": ("delete", f"/goals/{plan.sub.pk}", None, {"dave"}, 204),
        "add_own_item": (
            "post",
            f"/goals/{goal.pk}/items",
            {"title": "Étape", "due_on": None},
            {"alice", "dave"},
            201,
        ),
        "add_counsellor_item": (
            "post",
            f"/goals/{goal.pk}/items",
            {"title": "Étape", "owner": "counsellor"},
            {"dave"},
            201,
        ),
        "patch_own_item": (
            "patch",
            f"/items/{mine.pk}",
            {"status": "done"},
            {"alice", "dave"},
            200,
        ),
        "patch_counsellor_item": (
            "patch",
            f"/items/{theirs.pk}",
            {"status": "done"},
            {"dave"},
            200,
        ),
        "edit_item_text": ("patch", f"/items/{mine.pk}", {"title": "Autre"}, {"dave"}, 200),
        "delete_item": ("delete", f"/items/{theirs.pk}", None, {"dave"}, 204),
    }


CALLS = [
    "add_goal",
    "add_sub_goal",
    "patch_goal",
    "delete_goal",
    "add_own_item",
    "add_counsellor_item",
    "patch_own_item",
    "patch_counsellor_item",
    "edit_item_text",
    "delete_item",
]


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_each_write_for_each_persona(browser_of, crew, plan, name, call):
    method, url, body, allowed, status = calls(crew, plan)[call]
    before = snapshot()
    response = send(browser_of(name), method, url, body)
    if name in allowed:
        assert response.status_code == status, response.content
        assert snapshot() != before
        return
    assert snapshot() == before
    if name == "anonymous":
        error(response, 401)
    elif name in SEES_PLAN:
        error(response, 403)
    else:
        error(response, 404)


def test_after_a_reassignment_erin_reads_and_writes_and_dave_gets_404(browser_of, crew, plan):
    counselling.reassign(crew.greta, crew.case, crew.erin)
    assert send(browser_of("erin"), "get", f"/cases/{crew.case.pk}/plan").status_code == 200
    error(send(browser_of("dave"), "get", f"/cases/{crew.case.pk}/plan"), 404)
    error(send(browser_of("dave"), "patch", f"/goals/{plan.goal.pk}", {"title": "x"}), 404)
    response = send(browser_of("erin"), "patch", f"/goals/{plan.goal.pk}", {"title": "Par Erin"})
    assert response.status_code == 200 and response.json()["title"] == "Par Erin"


def test_a_closed_case_is_read_only_409_for_both(browser_of, crew, plan):
    counselling.close(crew.dave, crew.case, "employed")
    body = send(browser_of("alice"), "get", f"/cases/{crew.case.pk}/plan").json()
    assert body["read_only"] is True and body["case_status"] == "closed"
    before = snapshot()
    error(
        send(browser_of("alice"), "patch", f"/items/{plan.client_item.pk}", {"status": "done"}), 409
    )
    error(send(browser_of("dave"), "post", f"/cases/{crew.case.pk}/goals", {"title": "x"}), 409)
    error(send(browser_of("dave"), "delete", f"/items/{plan.client_item.pk}"), 409)
    assert snapshot() == before


def test_a_refused_transition_is_a_409(browser_of, crew, plan):
    dave = browser_of("dave")
    url = f"/items/{plan.counsellor_item.pk}"
    assert send(dave, "patch", url, {"status": "cancelled"}).status_code == 200
    error(send(dave, "patch", url, {"status": "done"}), 409)


BAD = [
    ("post", "/cases/{case}/goals", {"title": ""}),
    ("post", "/cases/{case}/goals", {"title": "x" * 201}),
    ("post", "/cases/{case}/goals", {"title": "a\x00b"}),
    ("post", "/cases/{case}/goals", {"title": "   "}),
    ("post", "/cases/{case}/goals", {"title": "x", "colour": "red"}),
    ("post", "/cases/{case}/goals", {"title": "x", "parent_id": "{sub}"}),
    ("post", "/goals/{goal}/items", {"title": "x", "due_on": "2999-12-31"}),
    ("post", "/goals/{goal}/items", {"title": "x", "due_on": "0001-01-01"}),
    ("post", "/goals/{goal}/items", {"title": "x", "due_on": "99999-01-01"}),
    ("post", "/goals/{goal}/items", {"title": "x", "owner": "boss"}),
    ("patch", "/items/{item}", {"status": "lost"}),
    ("patch", "/items/{item}", {"title": None}),
    ("patch", "/goals/{goal}", {"status": None}),
    ("patch", "/goals/{goal}", {"position": -1}),
]


@pytest.mark.parametrize(("method", "url", "body"), BAD)
def test_bad_input_is_a_422_and_saves_nothing(browser_of, crew, plan, method, url, body):
    fill = {"case": crew.case.pk, "goal": plan.goal.pk, "item": plan.client_item.pk}
    body = {k: (plan.sub.pk if v == "{sub}" else v) for k, v in body.items()}
    before = snapshot()
    error(send(browser_of("dave"), method, url.format(**fill), body), 422)
    assert snapshot() == before


@pytest.mark.parametrize("url", ["/cases/2147483648/plan", "/cases/0/plan", "/cases/abc/plan"])
def test_bad_ids_are_a_422(browser_of, crew, url):
    error(send(browser_of("dave"), "get", url), 422)


def test_moving_a_goal_by_position(browser_of, crew, plan):
    dave = browser_of("dave")
    made = send(dave, "post", f"/cases/{crew.case.pk}/goals", {"title": "Deuxième"}).json()
    response = send(dave, "patch", f"/goals/{made['id']}", {"position": 0})
    assert response.status_code == 200 and response.json()["position"] == 0
    order = [g["id"] for g in send(dave, "get", f"/cases/{crew.case.pk}/plan").json()["goals"]]
    assert order == [made["id"], plan.goal.pk]


def test_clearing_a_due_date_with_null(browser_of, crew, plan):
    response = send(browser_of("dave"), "patch", f"/items/{plan.client_item.pk}", {"due_on": None})
    assert response.status_code == 200 and response.json()["due_on"] is None


def test_a_parent_goal_the_plan_does_not_hold_is_a_404(crew, browser_of):
    response = send(
        browser_of("dave"),
        "post",
        f"/cases/{crew.case.pk}/goals",
        {"title": "Sous-objectif", "parent_id": 2_147_483_647},
    )
    assert response.status_code == 404 and response.json()["detail"]
    assert not Goal.objects.exists()
