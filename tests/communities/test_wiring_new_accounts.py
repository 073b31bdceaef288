"""New accounts are held to limits wherever they write in a community: threads and
replies, resources and events count as posts, invitations have their own limit; past the
limit the API answers 429 with a JSON error; an old account is never counted. A new
account's post with a link waits for a moderator, like a first post under pre-approval."""

from __future__ import annotations

import json

import pytest

from tests.communities.events_world import later
from tests.communities.moderation_world import community, member, old_user
from tests.conftest import client_for
from tests.factories import UserFactory
from tremplin.communities.models import PostState, Role, Thread, Visibility

pytestmark = pytest.mark.django_db

BASE = "/api/v1/communities"


def send(client, url, body=None):
    return client.post(
        BASE + url, json.dumps(body or {}), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip


@pytest.fixture
def place():
    return community("entraide", Visibility.PUBLIC)


def test_a_new_account_posts_threads_and_replies_up_to_its_limit(place, settings):
    settings.COMMUNITIES_NEW_ACCOUNT_POSTS_PER_HOUR = 2
    fresh, old = UserFactory(), old_user()
    member(place, fresh)
    member(place, old)
    new_client, old_client = client_for(fresh), client_for(old)
    made = send(new_client, f"/{place.slug}/threads", {"title": "Bonjour", "body": "Salut"})
    assert made.status_code == 201, made.content
    thread = made.json()["id"]
    assert send(new_client, f"/threads/{thread}/replies", {"body": "Encore"}).status_code == 201
    refused = send(new_client, f"/threads/{thread}/replies", {"body": "Trop"})
    assert refused.status_code == 429
    assert "New accounts" in refused.json()["detail"]
    refused = send(new_client, f"/{place.slug}/threads", {"title": "Re", "body": "Trop"})
    assert refused.status_code == 429
    for n in range(4):  # an old account is never counted
        answer = send(old_client, f"/threads/{thread}/replies", {"body": f"Réponse {n}"})
        assert answer.status_code == 201, answer.content


def test_a_new_accounts_link_waits_for_a_moderator(place):
    fresh, old = UserFactory(), old_user()
    member(place, fresh)
    member(place, old)
    body = {"title": "Offre", "body": "Voyez https://exemple.org/offre"}
    held = send(client_for(fresh), f"/{place.slug}/threads", body)
    assert held.status_code == 201
    assert Thread.objects.get(pk=held.json()["id"]).state == PostState.PENDING
    shown = send(client_for(old), f"/{place.slug}/threads", body)
    assert Thread.objects.get(pk=shown.json()["id"]).state == PostState.PUBLISHED
    plain = send(client_for(fresh), f"/threads/{shown.json()['id']}/replies", {"body": "Merci"})
    assert plain.json()["number"] == 1
    linked = send(
        client_for(fresh), f"/threads/{shown.json()['id']}/replies", {"body": "[ici](/x)"}
    )
    assert linked.status_code == 201
    assert Thread.objects.get(pk=shown.json()["id"]).replies.get(number=2).state == (
        PostState.PENDING
    )


def test_resources_count_as_posts(place, settings):
    settings.COMMUNITIES_NEW_ACCOUNT_POSTS_PER_HOUR = 1
    fresh, old = UserFactory(), old_user()
    member(place, fresh)
    member(place, old)
    url = f"{BASE}/resources/community/{place.slug}"
    guide = {"kind": "guide", "title": "Un guide", "body": "Le texte", "language": "fr"}
    new_client, old_client = client_for(fresh), client_for(old)
    assert new_client.post(url, guide).status_code == 201
    refused = new_client.post(url, {**guide, "title": "Un autre"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429 and "New accounts" in refused.json()["detail"]
    for n in range(3):
        assert old_client.post(url, {**guide, "title": f"Guide {n}"}).status_code == 201


def test_events_count_as_posts(place, settings):
    settings.COMMUNITIES_NEW_ACCOUNT_POSTS_PER_HOUR = 1
    fresh, old = UserFactory(), old_user()
    member(place, fresh, Role.MODERATOR)
    member(place, old, Role.OWNER)
    body = {
        "community": place.slug,
        "title": "Atelier CV",
        "kind": "workshop",
        "format": "online",
        "online_url": "https://meet.example.org/cv",
        "starts": later(days=2).isoformat(),
        "ends": later(days=2, hours=2).isoformat(),
    }
    new_client, old_client = client_for(fresh), client_for(old)
    assert send(new_client, "/events", body).status_code == 201
    assert send(new_client, "/events", body).status_code == 429
    for _ in range(3):
        assert send(old_client, "/events", body).status_code == 201


def test_invitations_have_their_own_limit(place, settings):
    settings.COMMUNITIES_NEW_ACCOUNT_INVITATIONS_PER_DAY = 1
    fresh, old = UserFactory(), old_user()
    member(place, fresh, Role.MODERATOR)
    member(place, old, Role.OWNER)
    new_client, old_client = client_for(fresh), client_for(old)
    url = f"/{place.pk}/invitations/links"
    assert send(new_client, url, {"days": 1}).status_code == 201
    refused = send(new_client, url, {"days": 1})
    assert refused.status_code == 429 and "invitations" in refused.json()["detail"]
    for _ in range(3):
        assert send(old_client, url, {"days": 1}).status_code == 201
