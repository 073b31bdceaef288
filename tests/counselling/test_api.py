"""The counselling API for every persona: 404 for what the caller may not see, 403 for
a part they do not hold, 409 for a refused move, 422 JSON for bad input."""

from __future__ import annotations

import json
from functools import partial

import pytest

from tests.api_calls import api_call
from tests.counselling.conftest import CASE_VIEWERS, SEES_CASE
from tremplin.core.viewer import viewer_of
from tremplin.counselling import services
from tremplin.counselling.models import Case, CaseStatus, Scope

API = "/api/v1/counselling"


send = partial(api_call, API)


def error(response, status) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


ENDPOINTS = [
    ("get", "/links"),
    ("get", "/caseload"),
    ("get", "/cases/{pk}"),
    ("get", "/cases/{pk}/consents"),
    ("post", "/cases"),
    ("post", "/cases/{pk}/accept"),
    ("post", "/cases/{pk}/decline"),
    ("put", "/cases/{pk}/scopes"),
    ("post", "/cases/{pk}/pause"),
    ("post", "/cases/{pk}/resume"),
    ("post", "/cases/{pk}/end"),
    ("post", "/cases/{pk}/close"),
    ("post", "/cases/{pk}/reassign"),
    ("post", "/agencies/agence-horizon/reassign"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_every_endpoint_wants_a_signed_in_caller(browser_of, crew, method, url):
    response = send(browser_of("anonymous"), method, url.format(pk=crew.case.pk))
    error(response, 401)


# What each caller may do to alice's active case with dave (the others: 404 when they
# may not see it, 403 when they see it but hold another part).
CASE_CALLS = {
    "detail": ("get", "/cases/{pk}", None, {"alice", "dave", "greta"}),
    "consents": ("get", "/cases/{pk}/consents", None, {"alice", "dave"}),
    "scopes": ("put", "/cases/{pk}/scopes", {"scopes": ["profile"]}, {"alice"}),
    "pause": ("post", "/cases/{pk}/pause", None, {"alice", "dave"}),
    "end": ("post", "/cases/{pk}/end", None, {"alice"}),
    "close": ("post", "/cases/{pk}/close", {"exit_reason": "employed"}, {"dave"}),
    "reassign": ("post", "/cases/{pk}/reassign", {"counsellor": "erin-walsh"}, {"greta"}),
}


@pytest.mark.parametrize("call", CASE_CALLS)
@pytest.mark.parametrize("name", [n for n in CASE_VIEWERS if n != "anonymous"])
def test_each_persona_gets_exactly_its_part(browser_of, crew, name, call):
    method, url, body, allowed = CASE_CALLS[call]
    response = send(browser_of(name), method, url.format(pk=crew.case.pk), body)
    if name in allowed:
        assert response.status_code == 200, response.content
        return
    error(response, 403 if name in SEES_CASE else 404)
    crew.case.refresh_from_db()
    assert crew.case.status == CaseStatus.ACTIVE
    assert crew.case.scopes == set(Scope.values)
    assert crew.case.counsellor == crew.dave


def test_a_case_nobody_may_see_looks_like_a_case_that_does_not_exist(browser_of, crew):
    carol = browser_of("carol")
    hidden = error(send(carol, "get", f"/cases/{crew.case.pk}"), 404)
    missing = error(send(carol, "get", "/cases/999999"), 404)
    assert hidden == missing


@pytest.mark.parametrize("name", CASE_VIEWERS[:-1])
def test_lists_show_only_the_callers_own_links(browser_of, crew, name):
    client = browser_of(name)
    links = send(client, "get", "/links").json()
    assert [c["id"] for c in links] == ([crew.case.pk] if name == "alice" else [])
    caseload = send(client, "get", "/caseload").json()
    assert [c["id"] for c in caseload["results"]] == ([crew.case.pk] if name == "dave" else [])


def test_the_admin_sees_status_and_counsellor_not_more(browser_of, crew):
    data = send(browser_of("greta"), "get", f"/cases/{crew.case.pk}").json()
    assert data["role"] == "admin"
    assert data["counsellor"]["handle"] == "dave-cote"
    assert data["status"] == "active"
    assert data["client"] is None and data["scopes"] is None and data["started"] is None


def test_the_whole_lifecycle_over_the_api(browser_of, crew):
    dave, bob = browser_of("dave"), browser_of("bob")
    made = send(dave, "post", "/cases", {"who": "bob-roy"})
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["status"] == "invited"
    assert [c["id"] for c in send(bob, "get", "/links").json()] == [pk]

    accepted = send(bob, "post", f"/cases/{pk}/accept", {"scopes": ["documents", "profile"]})
    assert accepted.status_code == 200
    assert accepted.json()["scopes"] == ["documents", "profile"]
    assert viewer_of(crew.dave).counsels(crew.bob.pk, Scope.DOCUMENTS)

    changed = send(bob, "put", f"/cases/{pk}/scopes", {"scopes": []})
    assert changed.json()["scopes"] == []
    assert not viewer_of(crew.dave).counsels(crew.bob.pk, Scope.DOCUMENTS)

    assert send(dave, "post", f"/cases/{pk}/pause").json()["status"] == "paused"
    assert send(dave, "post", f"/cases/{pk}/resume").json()["status"] == "active"
    closed = send(dave, "post", f"/cases/{pk}/close", {"exit_reason": "training"})
    assert (closed.json()["status"], closed.json()["exit_reason"]) == ("closed", "training")

    history = send(bob, "get", f"/cases/{pk}/consents").json()
    assert [h["action"] for h in history] == ["closed", "resumed", "paused", "changed", "granted"]
    assert history[-1]["scopes"] == ["documents", "profile"]
    assert history[-1]["version"] == 1
    assert history[-1]["by"]["handle"] == "bob-roy"


def test_refused_moves_are_409(browser_of, crew):
    alice = browser_of("alice")
    error(send(alice, "post", f"/cases/{crew.case.pk}/accept", {"scopes": []}), 409)
    error(send(alice, "post", f"/cases/{crew.case.pk}/resume"), 409)
    send(alice, "post", f"/cases/{crew.case.pk}/pause")
    body = error(send(browser_of("dave"), "post", f"/cases/{crew.case.pk}/resume"), 409)
    assert "only they can resume it" in body["detail"]
    send(alice, "post", f"/cases/{crew.case.pk}/end")
    error(send(alice, "put", f"/cases/{crew.case.pk}/scopes", {"scopes": []}), 409)
    dave = browser_of("dave")
    error(send(dave, "post", f"/cases/{crew.case.pk}/close", {"exit_reason": "moved"}), 409)
    error(send(dave, "post", f"/cases/{crew.case.pk}/pause"), 409)


def test_a_second_open_link_for_the_pair_is_409(browser_of, crew):
    body = error(send(browser_of("dave"), "post", "/cases", {"who": "alice-martin"}), 409)
    assert "already" in body["detail"]


@pytest.mark.parametrize(
    ("who", "method", "url", "body", "status", "words"),
    [
        ("alice", "put", "/cases/{pk}/scopes", {"scopes": ["profile", "salary"]}, 422, "'profile'"),
        ("alice", "put", "/cases/{pk}/scopes", {"scopes": "profile"}, 422, "schema"),
        ("alice", "put", "/cases/{pk}/scopes", {"scopes": [], "extra": 1}, 422, "schema"),
        ("dave", "post", "/cases/{pk}/close", {}, 422, "schema"),
        ("dave", "post", "/cases/{pk}/close", {"exit_reason": ""}, 422, "'employed'"),
        ("dave", "post", "/cases/{pk}/close", {"exit_reason": "client_ended"}, 422, "'moved'"),
        ("dave", "post", "/cases", {"who": "dave-cote"}, 422, "own client"),
        ("dave", "post", "/cases", {}, 422, "schema"),
        ("dave", "post", "/cases", {"who": ""}, 422, "schema"),
        ("dave", "post", "/cases", {"who": "bob@roy@example.org"}, 422, "valid email"),
        ("dave", "post", "/cases", {"who": "nobody-at-all"}, 404, "Not found"),
        ("dave", "post", "/cases", {"who": "bob-roy", "agency": "emploi-boreal"}, 403, "agency"),
        ("carol", "post", "/cases", {"who": "bob-roy"}, 403, "counsellor"),
        ("greta", "post", "/cases", {"who": "bob-roy"}, 403, "counsellor"),
        ("greta", "post", "/cases/{pk}/reassign", {"counsellor": "frank-ouellet"}, 422, "agency"),
        ("greta", "post", "/cases/{pk}/reassign", {"counsellor": "dave-cote"}, 422, "already"),
        ("dave", "get", "/caseload?status=lost", None, 422, "status"),
    ],
)
def test_bad_input_gets_a_clear_json_error(browser_of, crew, who, method, url, body, status, words):
    client = browser_of(who)
    url = url.format(pk=crew.case.pk)
    response = send(client, method, url, body)
    found = error(response, status)
    # A schema refusal lists the allowed values in `errors`; the others say it in `detail`.
    assert words.lower() in json.dumps(found).lower(), found


def test_an_email_invitation_over_the_api_hides_the_member_behind_the_address(browser_of, crew):
    made = send(browser_of("erin"), "post", "/cases", {"who": "bob@example.org"})
    assert made.status_code == 201
    data = made.json()
    assert data["client"] is None
    assert data["invited_email"] == "bob@example.org"
    assert Case.objects.get(pk=data["id"]).client == crew.bob


def test_reassigning_a_caseload(browser_of, crew):
    services.invite(crew.dave, crew.agency, client=crew.bob)
    response = send(
        browser_of("greta"),
        "post",
        "/agencies/agence-horizon/reassign",
        {"from_counsellor": "dave-cote", "to_counsellor": "erin-walsh"},
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["moved"]) == 2
    assert not Case.objects.open().filter(counsellor=crew.dave).exists()
    error(
        send(
            browser_of("dave"),
            "post",
            "/agencies/agence-horizon/reassign",
            {"from_counsellor": "erin-walsh", "to_counsellor": "dave-cote"},
        ),
        403,
    )
    error(
        send(
            browser_of("greta"),
            "post",
            "/agencies/no-such-agency/reassign",
            {"from_counsellor": "erin-walsh", "to_counsellor": "dave-cote"},
        ),
        404,
    )
