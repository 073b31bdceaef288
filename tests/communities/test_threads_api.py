"""The threads API in use: create, read, reply, edit, revisions, follow, vote, accept,
polls, moderators' actions, private questions; each refusal with its status and a JSON
body."""

from __future__ import annotations

import pytest

from tests.communities.threads_world import build
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

BASE = "/api/v1/communities"


def send(client, method, url, body=None):
    return getattr(client, method)(url, body or {}, content_type="application/json")


@pytest.fixture
def w(personas):
    return build(personas)


def test_a_question_from_start_to_accepted_answer(w):
    alice, bob = client_for(w.alice), client_for(w.bob)
    made = send(
        alice,
        "post",
        f"{BASE}/{w.public.slug}/threads",
        {
            "title": "Lettre de présentation ?",
            "body": "Des conseils ?",
            "kind": "question",
            "tags": ["lettre"],
            "poll": {"question": "Longueur ?", "options": ["1 page", "2 pages"]},
        },
    )
    assert made.status_code == 201, made.content
    tid = made.json()["id"]
    assert made.json()["poll"] == {"question": "Longueur ?", "voter_count": 0}
    answer = send(bob, "post", f"{BASE}/threads/{tid}/replies", {"body": "Une page suffit."})
    assert answer.status_code == 201 and answer.json()["number"] == 1
    rid = answer.json()["id"]
    assert send(bob, "post", f"{BASE}/replies/{rid}/vote").status_code == 409  # own answer
    voted = send(alice, "post", f"{BASE}/replies/{rid}/vote", {"up": True})
    assert voted.json()["vote_count"] == 1 and voted.json()["voted"]
    assert (
        send(bob, "post", f"{BASE}/threads/{tid}/accept", {"reply": rid}).status_code == 200
    )  # owner moderates
    assert (
        send(
            client_for(w.carol), "post", f"{BASE}/threads/{tid}/accept", {"reply": rid}
        ).status_code
        == 403
    )
    assert alice.get(f"{BASE}/threads/{tid}").json()["accepted_reply"] == rid
    poll = alice.get(f"{BASE}/threads/{tid}/poll").json()
    voted = send(
        alice, "post", f"{BASE}/threads/{tid}/poll/vote", {"options": [poll["options"][0]["id"]]}
    )
    assert voted.status_code == 200 and voted.json()["options"][0]["chosen"]
    assert voted.json()["results_visible"] is False  # anonymous: fewer than 5 voters
    assert voted.json()["options"][0]["vote_count"] is None


def test_edit_revisions_follow_and_delete(w):
    alice = client_for(w.alice)
    tid = w.threads["public"].pk
    edited = send(alice, "patch", f"{BASE}/threads/{tid}", {"title": "Nouveau", "body": "Texte"})
    assert edited.status_code == 200 and edited.json()["edited"]
    assert [r["title"] for r in alice.get(f"{BASE}/threads/{tid}/revisions").json()] == [
        "Sujet public"
    ]
    assert (
        send(
            client_for(w.bob), "patch", f"{BASE}/threads/{tid}", {"title": "x", "body": "y"}
        ).status_code
        == 403
    )
    follow = send(alice, "put", f"{BASE}/threads/{tid}/follow", {"level": "muted"})
    assert follow.json()["level"] == "muted"
    assert send(alice, "delete", f"{BASE}/threads/{tid}").status_code == 204
    assert alice.get(f"{BASE}/threads/{tid}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"title": "", "body": "b"}, 422),
        ({"title": "t", "body": "   "}, 422),
        ({"title": "t", "body": "b\u0000"}, 422),
        ({"title": "t", "body": "b", "unknown": 1}, 422),
        ({"title": "t", "body": "b", "tags": ["a", "b", "c", "d", "e", "f"]}, 422),
        ({"title": "t", "body": "b", "poll": {"question": "q", "options": ["seul"]}}, 422),
        ({"title": "t", "body": "b", "category": 999999}, 404),
        ({"title": "t", "body": "Appelez-moi au 613-555-0199"}, 422),
    ],
)
def test_bad_threads_are_refused_with_json(w, body, status):
    answer = send(client_for(w.alice), "post", f"{BASE}/{w.public.slug}/threads", body)
    assert answer.status_code == status, answer.content
    assert answer.json()["detail"]


def test_who_may_write(w):
    tid = w.threads["private"].pk
    assert (
        send(client_for(None), "post", f"{BASE}/threads/{tid}/replies", {"body": "x"}).status_code
        == 401
    )
    assert (
        send(
            client_for(w.carol), "post", f"{BASE}/threads/{tid}/replies", {"body": "x"}
        ).status_code
        == 404
    )
    pub = w.threads["public"].pk
    assert (
        send(
            client_for(w.carol), "post", f"{BASE}/threads/{pub}/replies", {"body": "x"}
        ).status_code
        == 403
    )
    assert (
        send(
            client_for(w.alice), "post", f"{BASE}/threads/{pub}/moderate", {"pinned": True}
        ).status_code
        == 403
    )
    pinned = send(
        client_for(w.bob),
        "post",
        f"{BASE}/threads/{pub}/moderate",
        {"pinned": True, "closed": True},
    )
    assert pinned.json()["pinned"] and pinned.json()["closed"]
    closed = send(client_for(w.alice), "post", f"{BASE}/threads/{pub}/replies", {"body": "encore"})
    assert closed.status_code == 409


def test_private_questions_through_the_api(w):
    alice = client_for(w.alice)
    asked = send(
        alice,
        "post",
        f"{BASE}/questions/private",
        {"asked_of": w.dave.profile.handle, "title": "Mon CV", "body": "Relire ?"},
    )
    assert asked.status_code == 201 and asked.json()["community"] is None
    refused = send(
        alice,
        "post",
        f"{BASE}/questions/private",
        {"asked_of": w.erin.profile.handle, "title": "t", "body": "b"},
    )
    assert refused.status_code == 404
    dave = client_for(w.dave)
    assert [t["title"] for t in dave.get(f"{BASE}/questions/private").json()] == ["Mon CV"]
    assert (
        send(
            dave, "post", f"{BASE}/threads/{asked.json()['id']}/replies", {"body": "Oui"}
        ).status_code
        == 201
    )


def test_watch_a_category(w, django_capture_on_commit_callbacks):
    from tremplin.communities.models import Category, CategoryWatch

    jobs = Category.objects.create(community=w.private, name_fr="Emplois", slug="emplois")
    url = f"{BASE}/{w.private.slug}/categories/{jobs.pk}/watch"
    assert send(client_for(w.carol), "put", url, {"watch": True}).status_code == 404
    assert send(client_for(w.alice), "put", url, {"watch": True}).json() == {"watch": True}
    assert CategoryWatch.objects.filter(category=jobs, user=w.alice).exists()
