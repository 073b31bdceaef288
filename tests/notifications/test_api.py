"""The notifications API: the caller's own notifications only; JSON errors."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.personas import VIEWERS, viewer_of
from tremplin.api.services import create_token
from tremplin.feed.hooks import MENTION, REPLY
from tremplin.network.hooks import CONNECTION_ACCEPTED
from tremplin.notifications import kinds
from tremplin.notifications.models import Delivery, Notification, Preference

API = "/api/v1/notifications"


def error(response, status) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def bearer(user, write=True) -> dict:
    _token, raw = create_token(user, "test", can_write=write)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def alices(personas, make):
    return make(
        personas.alice,
        CONNECTION_ACCEPTED,
        actor=personas.bob,
        target=personas.bob.profile,
        data={"excerpt": "Bonjour"},
    )


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", ""),
        ("get", "/unread-count"),
        ("post", "/read-all"),
        ("post", "/1/read"),
        ("get", "/preferences"),
        ("put", "/preferences"),
    ],
)
def test_anonymous_callers_get_a_401_in_json(db, method, url):
    error(getattr(Client(), method)(API + url), 401)


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if v != "anonymous"])
def test_only_the_recipient_lists_reads_or_counts_it(personas, alices, viewer):
    user = viewer_of(personas, viewer)
    headers = bearer(user)
    listed = Client().get(API, **headers).json()
    count = Client().get(f"{API}/unread-count", **headers).json()
    read = Client().post(f"{API}/{alices.pk}/read", **headers)
    if viewer == "alice":
        assert [n["id"] for n in listed["results"]] == [alices.pk]
        assert count == {"unread": 1}
        assert read.status_code == 200 and read.json()["unread"] is False
    else:
        assert listed == {"results": [], "next_cursor": None}
        assert count == {"unread": 0}
        error(read, 404)
        alices.refresh_from_db()
        assert alices.read_at is None


def test_the_list_is_rendered_in_the_callers_language(personas, alices):
    body = Client().get(API, HTTP_ACCEPT_LANGUAGE="en", **bearer(personas.alice)).json()
    item = body["results"][0]
    assert item["text"] == "Bob Roy accepted your connection request."
    assert item["url"] == "/en/p/bob-roy/"
    assert item["excerpt"] == "Bonjour"
    assert item["actor"] == "Bob Roy" and item["kind"] == "connection_accepted"
    # Without the header, the member's own language (French here) decides the links.
    plain = Client().get(API, **bearer(personas.alice)).json()
    assert plain["results"][0]["url"] == "/fr/p/bob-roy/"


def test_cursor_pages_and_the_unread_filter(personas, make):
    from tests.factories import UserFactory

    rows = [make(personas.alice, MENTION, actor=UserFactory()) for _ in range(5)]
    Notification.objects.filter(pk=rows[0].pk).update(read_at=rows[0].created)
    headers = bearer(personas.alice)
    first = Client().get(API, {"limit": 3}, **headers).json()
    assert len(first["results"]) == 3 and first["next_cursor"]
    second = Client().get(API, {"limit": 3, "cursor": first["next_cursor"]}, **headers).json()
    assert len(second["results"]) == 2 and second["next_cursor"] is None
    seen = [n["id"] for n in first["results"] + second["results"]]
    assert sorted(seen) == sorted(r.pk for r in rows)
    unread = Client().get(API, {"unread": "true"}, **headers).json()
    assert len(unread["results"]) == 4
    error(Client().get(API, {"cursor": "zzz"}, **headers), 422)
    error(Client().get(API, {"limit": 0}, **headers), 422)


def test_read_all(personas, make):
    make(personas.alice, MENTION, actor=personas.bob)
    make(personas.alice, REPLY, actor=personas.carol)
    response = Client().post(f"{API}/read-all", **bearer(personas.alice))
    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert Client().get(f"{API}/unread-count", **bearer(personas.alice)).json() == {"unread": 0}


def test_a_read_only_token_cannot_write(personas, alices):
    headers = bearer(personas.alice, write=False)
    error(Client().post(f"{API}/read-all", **headers), 403)
    error(Client().post(f"{API}/{alices.pk}/read", **headers), 403)
    put = Client().put(
        f"{API}/preferences",
        json.dumps({"preferences": {"reaction": "off"}}),
        content_type="application/json",
        **headers,
    )
    error(put, 403)


def test_a_session_write_needs_the_csrf_header(personas, alices):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.alice)
    error(client.post(f"{API}/read-all"), 403)


def test_preferences_get_and_put(personas):
    headers = bearer(personas.alice)
    got = Client().get(f"{API}/preferences", **headers).json()
    assert {p["kind"] for p in got} == set(kinds.all_keys())
    assert {p["kind"]: p["delivery"] for p in got}["mention"] == "digest"
    put = Client().put(
        f"{API}/preferences",
        json.dumps({"preferences": {"reaction": "off", "message": "email"}}),
        content_type="application/json",
        **headers,
    )
    assert put.status_code == 200
    now = {p["kind"]: p["delivery"] for p in put.json()}
    assert now["reaction"] == Delivery.OFF and now["message"] == Delivery.EMAIL
    assert now["mention"] == "digest"  # untouched
    assert Preference.objects.filter(user=personas.alice).count() == 2


@pytest.mark.parametrize(
    "body",
    [
        {"preferences": {"reaction": "sms"}},
        {"preferences": {"poke": "off"}},
        {"preferences": {"reaction": "off"}, "extra": 1},
        {},
    ],
)
def test_bad_preferences_are_a_422(personas, body):
    response = Client().put(
        f"{API}/preferences",
        json.dumps(body),
        content_type="application/json",
        **bearer(personas.alice),
    )
    error(response, 422)
    assert not Preference.objects.exists()
