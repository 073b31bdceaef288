"""The network API: the same actions as the pages, JSON errors with 4xx statuses."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.factories import OrganizationFactory
from tremplin.api.services import create_token
from tremplin.network import services
from tremplin.network.models import Block, ConnectionRequest, Follow, Mute, RequestStatus

API = "/api/v1/network"


def post(client, url, body=None, **extra):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **extra)


def error(response, status) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/connections"),
        ("get", "/requests/received"),
        ("get", "/requests/sent"),
        ("get", "/following"),
        ("get", "/blocks"),
        ("get", "/mutes"),
        ("get", "/suggestions"),
        ("post", "/requests"),
        ("post", "/requests/1/accept"),
        ("post", "/requests/1/withdraw"),
        ("delete", "/connections/alice-martin"),
        ("put", "/following/people/alice-martin"),
        ("put", "/following/hashtags/emploi"),
        ("put", "/blocks/alice-martin"),
        ("delete", "/mutes/alice-martin"),
    ],
)
def test_anonymous_callers_get_a_401_in_json(db, method, url):
    error(getattr(Client(), method)(API + url), 401)


def test_a_read_only_token_cannot_write(personas):
    _token, raw = create_token(personas.carol, "lecture", can_write=False)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get(f"{API}/connections", **headers).status_code == 200
    error(post(Client(), f"{API}/requests", {"handle": "alice-martin"}, **headers), 403)
    assert not ConnectionRequest.objects.exists()


def test_the_whole_request_lifecycle_with_tokens(personas):
    _t, carol_raw = create_token(personas.carol, "w", can_write=True)
    _t, alice_raw = create_token(personas.alice, "w", can_write=True)
    carol = {"HTTP_AUTHORIZATION": f"Bearer {carol_raw}"}
    alice = {"HTTP_AUTHORIZATION": f"Bearer {alice_raw}"}
    client = Client()

    made = post(client, f"{API}/requests", {"handle": "alice-martin", "note": "Salut"}, **carol)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "pending" and body["direction"] == "sent"
    assert body["person"]["handle"] == "alice-martin"

    received = client.get(f"{API}/requests/received", **alice).json()
    assert [(r["id"], r["note"], r["person"]["handle"]) for r in received] == [
        (body["id"], "Salut", "carol-singh")
    ]
    ignored = post(client, f"{API}/requests/{body['id']}/ignore", **alice)
    assert ignored.json()["status"] == "ignored"
    sent = client.get(f"{API}/requests/sent", **carol).json()
    assert sent[0]["status"] == "pending"  # the sender is not told

    accepted = post(client, f"{API}/requests/{body['id']}/accept", **alice)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    handles = [p["handle"] for p in client.get(f"{API}/connections", **carol).json()["results"]]
    assert handles == ["alice-martin"]
    error(post(client, f"{API}/requests/{body['id']}/accept", **alice), 404)  # closed

    assert client.delete(f"{API}/connections/alice-martin", **carol).status_code == 204
    error(client.delete(f"{API}/connections/alice-martin", **carol), 404)
    assert not services.are_connected(personas.alice, personas.carol)


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_sessions_work_too_and_connections_can_be_searched(personas, as_user):
    services.connect(personas.alice, personas.carol)
    alice = as_user(personas.alice)
    found = alice.get(f"{API}/connections", {"q": "carol"}).json()
    assert found["count"] == 1 and found["results"][0]["handle"] == "carol-singh"
    assert alice.get(f"{API}/connections").json()["count"] == 2


@pytest.mark.parametrize(
    ("who", "handle", "status"),
    [
        ("bob", "alice-martin", 409),  # already connected
        ("alice", "alice-martin", 409),  # herself
        ("carol", "nobody-here", 404),
    ],
)
def test_refused_requests_are_4xx_json(personas, as_user, who, handle, status):
    error(post(as_user(getattr(personas, who)), f"{API}/requests", {"handle": handle}), status)


def test_a_second_request_is_a_409_and_the_rate_limit_a_429(personas, as_user, monkeypatch):
    carol = as_user(personas.carol)
    assert post(carol, f"{API}/requests", {"handle": "alice-martin"}).status_code == 201
    error(post(carol, f"{API}/requests", {"handle": "alice-martin"}), 409)
    monkeypatch.setattr(services, "RATE_LIMIT", 1)
    error(post(carol, f"{API}/requests", {"handle": "bob-roy"}), 429)


def test_personal_data_in_a_note_is_a_422_until_confirmed(personas, as_user):
    carol = as_user(personas.carol)
    note = "Écris-moi: carol.singh@example.org"
    body = error(post(carol, f"{API}/requests", {"handle": "alice-martin", "note": note}), 422)
    assert body["pii"] == {"note": ["email"]}
    assert not ConnectionRequest.objects.exists()
    ok = post(
        carol, f"{API}/requests", {"handle": "alice-martin", "note": note, "confirm_pii": True}
    )
    assert ok.status_code == 201 and ok.json()["note"] == note


@pytest.mark.parametrize(
    "body",
    [
        {"handle": "alice-martin", "note": "x" * 301},
        {"handle": "alice-martin", "unknown": 1},
        {"note": "no handle"},
        {"handle": "alice-martin", "confirm_pii": "yes"},
    ],
)
def test_bad_input_is_a_422_json(personas, as_user, body):
    error(post(as_user(personas.carol), f"{API}/requests", body), 422)


@pytest.mark.parametrize("action", ["accept", "decline", "ignore"])
def test_a_third_party_cannot_answer_someone_elses_request(personas, as_user, action):
    request = services.request_connection(personas.carol, personas.alice)
    for intruder in (personas.bob, personas.carol, personas.dave):
        error(post(as_user(intruder), f"{API}/requests/{request.pk}/{action}"), 404)
    error(post(as_user(personas.alice), f"{API}/requests/{request.pk}/withdraw"), 404)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_an_answer_twice_is_a_409(personas, as_user):
    request = services.request_connection(personas.carol, personas.alice)
    alice = as_user(personas.alice)
    assert post(alice, f"{API}/requests/{request.pk}/ignore").status_code == 200
    error(post(alice, f"{API}/requests/{request.pk}/ignore"), 409)


def test_follow_people_organisations_and_hashtags(personas, as_user):
    OrganizationFactory(kind="employer", name="Acier Nord", slug="acier-nord")
    alice = as_user(personas.alice)
    assert alice.put(f"{API}/following/people/carol-singh").status_code == 204
    assert alice.put(f"{API}/following/people/carol-singh").status_code == 204  # idempotent
    assert alice.put(f"{API}/following/organizations/acier-nord").status_code == 204
    assert alice.put(f"{API}/following/hashtags/Soudure").status_code == 204
    assert alice.get(f"{API}/following").json() == {
        "people": [
            {
                "handle": "carol-singh",
                "display_name": "Carol Singh",
                "headline": "",
                "city": "",
                "region": "",
                "photo_url": None,
                "url": "/fr/p/carol-singh/",
                "open_to_collaborate": False,
            }
        ],
        "organizations": [{"slug": "acier-nord", "name": "Acier Nord"}],
        "hashtags": ["soudure"],
    }
    error(alice.put(f"{API}/following/people/alice-martin"), 409)  # herself
    error(alice.put(f"{API}/following/people/nobody"), 404)
    error(alice.put(f"{API}/following/organizations/nowhere"), 404)
    error(alice.put(f"{API}/following/hashtags/deux%20mots"), 422)
    for url in ("people/carol-singh", "organizations/acier-nord", "hashtags/soudure"):
        assert alice.delete(f"{API}/following/{url}").status_code == 204
        error(alice.delete(f"{API}/following/{url}"), 404)
    assert not Follow.objects.exists()


def test_block_and_mute_over_the_api(personas, as_user):
    bob = as_user(personas.bob)
    assert bob.put(f"{API}/mutes/alice-martin").status_code == 204
    assert bob.get(f"{API}/mutes").json() == [
        {"handle": "alice-martin", "display_name": "Alice Martin"}
    ]
    assert bob.put(f"{API}/blocks/alice-martin").status_code == 204
    assert Block.objects.filter(blocker=personas.bob).count() == 1
    assert not services.are_connected(personas.alice, personas.bob)
    assert bob.get(f"{API}/blocks").json() == [
        {"handle": "alice-martin", "display_name": "Alice Martin"}
    ]
    # Hidden both ways now: a second block, a follow or a request is a 404.
    error(bob.put(f"{API}/blocks/alice-martin"), 404)
    error(bob.put(f"{API}/following/people/alice-martin"), 404)
    alice = as_user(personas.alice)
    error(post(alice, f"{API}/requests", {"handle": "bob-roy"}), 404)
    error(alice.get("/api/v1/profiles/bob-roy"), 404)
    assert alice.get(f"{API}/connections").json()["count"] == 0
    assert bob.delete(f"{API}/blocks/alice-martin").status_code == 204
    error(bob.delete(f"{API}/blocks/alice-martin"), 404)
    assert bob.delete(f"{API}/mutes/alice-martin").status_code == 204
    assert not Mute.objects.exists()
    error(bob.put(f"{API}/blocks/bob-roy"), 409)  # himself


def test_suggestions_over_the_api(personas, as_user):
    services.connect(personas.bob, personas.carol)
    services.block(personas.erin, personas.alice)
    found = as_user(personas.alice).get(f"{API}/suggestions", {"limit": 5}).json()
    assert found[0]["person"]["handle"] == "carol-singh"
    assert found[0]["mutual_connections"] == 1
    handles = {s["person"]["handle"] for s in found}
    assert not handles & {"alice-martin", "bob-roy", "erin-walsh"}
    error(as_user(personas.alice).get(f"{API}/suggestions", {"limit": 500}), 422)


def test_a_request_from_a_hidden_member_shows_only_her_name_and_headline(personas, as_user):
    from tremplin.core.audience import Audience
    from tremplin.profiles.models import Profile

    services.request_connection(personas.carol, personas.alice)
    Profile.objects.filter(user=personas.carol).update(
        basics_visibility=Audience.ONLY_ME, city="Timmins", region="ON"
    )

    [received] = as_user(personas.alice).get(f"{API}/requests/received").json()

    assert received["person"]["display_name"] == "Carol Singh"
    assert (received["person"]["city"], received["person"]["region"]) == ("", "")
    assert received["person"]["photo_url"] is None


def test_requests_between_blocked_people_stay_out_of_the_lists(personas, as_user):
    services.request_connection(personas.carol, personas.alice)
    services.block(personas.alice, personas.carol)

    assert as_user(personas.alice).get(f"{API}/requests/received").json() == []
    assert as_user(personas.carol).get(f"{API}/requests/sent").json() == []
