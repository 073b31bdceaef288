"""GET /api/v1/influence/summary: the caller's own numbers only, 401 without
credentials, 422 for a bad `days`, the same suppression rule as the page."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import client_for
from tests.influence.conftest import Api, days_ago, follow, member, members, react, today, view


def test_anonymous_callers_get_401(db):
    response = Api().get("/summary")
    assert response.status_code == 401
    assert response.data["detail"]


def test_a_bad_token_gets_401(db):
    response = Api().get("/summary", HTTP_AUTHORIZATION="Bearer trp_nope")
    assert response.status_code == 401


@pytest.mark.parametrize("days", ["0", "abc", "-3", "91", "7.5", ""])
def test_a_bad_period_gets_422_with_a_clear_message(personas, days):
    response = Api(personas.alice).get(f"/summary?days={days}")
    assert response.status_code == 422
    assert response.data["detail"] == "The request does not match the schema."
    assert any("days" in error["loc"] for error in response.data["errors"])


def test_my_summary(personas, post, article):
    alice = personas.alice
    view(post, personas.bob)
    view(post, personas.bob, days_ago(1))
    view(article, personas.carol)
    view(article, personas.carol, days_ago(10))  # outside a 7-day period
    react(personas.bob, post)
    follow(personas.carol, alice, days_ago(3))

    response = Api(alice).get("/summary?days=7")

    assert response.status_code == 200
    data = response.data
    assert data["days"] == 7
    assert data["start"] == days_ago(6).isoformat() and data["end"] == today().isoformat()
    assert data["totals"]["views"] == {"current": 3, "previous": 1}
    assert data["totals"]["viewers"] == {"current": 2, "previous": 1}
    assert data["totals"]["reactions"] == {"current": 1, "previous": 0}
    assert data["totals"]["followers"] == {"current": 1, "previous": 0}
    assert len(data["daily"]) == 7
    last = data["daily"][-1]
    assert last == {"day": today().isoformat(), "views": 2, "reactions": 1,
                    "new_followers": 0, "followers": 1}  # fmt: skip
    assert [t["id"] for t in data["top_items"]] == [post.pk, article.pk]
    assert data["top_items"][0]["url"] == post.get_absolute_url()
    assert data["top_items"][0]["reactions"] == 1
    assert data["audience"]["minimum_group_size"] == 5
    assert data["audience"]["regions"] == {"groups": [], "suppressed": False}


def test_the_default_period_is_30_days(personas):
    data = Api(personas.alice).get("/summary").data
    assert data["days"] == 30 and len(data["daily"]) == 30


def test_the_breakdown_follows_the_suppression_rule(personas, post):
    for person in members("Néo-Écossais", 5, region="NS", sector="health"):
        view(post, person)
    for person in members("Yukonnais", 3, region="YT", sector="arts"):
        view(post, person)
    for person in members("Nunavois", 2, region="NU", sector="it"):
        view(post, person)
    hidden = member("Discret", region="NS", basics="only_me")
    view(post, hidden)

    with translation.override("en"):
        data = Api(personas.alice).get("/summary", HTTP_ACCEPT_LANGUAGE="en").data

    regions = data["audience"]["regions"]
    assert [(g["code"], g["people"]) for g in regions["groups"]] == [("NS", 5), ("other", 5)]
    assert regions["suppressed"] is False
    sectors = data["audience"]["sectors"]
    assert [(g["code"], g["people"]) for g in sectors["groups"]] == [("health", 5), ("other", 5)]
    assert data["totals"]["viewers"]["current"] == 11


@pytest.mark.parametrize("name", ["bob", "carol", "dave", "mallory", "sam"])
def test_others_get_their_own_numbers_never_alices(personas, post, name):
    view(post, personas.bob)
    view(post, personas.carol)
    data = Api(getattr(personas, name)).get("/summary").data
    assert data["totals"]["views"]["current"] == 0
    assert data["top_items"] == []


def test_the_browser_session_works_too(personas, post):
    view(post, personas.bob)
    response = client_for(personas.alice).get("/api/v1/influence/summary?days=90")
    assert response.status_code == 200
    assert response.json()["totals"]["views"]["current"] == 1


def test_the_operation_documents_its_status_codes(db):
    schema = client_for(None).get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/influence/summary"]["get"]
    assert set(operation["responses"]) == {"200", "401", "422"}
    days = next(p for p in operation["parameters"] if p["name"] == "days")
    assert days["schema"]["minimum"] == 1 and days["schema"]["maximum"] == 90
