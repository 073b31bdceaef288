"""The members part's API: create, read, change settings, join by each policy,
requests and decisions, roles, removals, bans, mutes, invitations (links and people),
my communities; each refusal with its status and a JSON body."""

from __future__ import annotations

import pytest

from tests.communities.members_world import make_community
from tests.conftest import client_for
from tremplin.communities.models import JoinPolicy, Membership, Visibility

pytestmark = pytest.mark.django_db

BASE = "/api/v1/communities"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_create_read_and_change_a_community(personas):
    alice = client_for(personas.alice)
    made = post(
        alice,
        f"{BASE}/",
        {
            "name_fr": "Cuisine professionnelle",
            "topics": ["cuisine", "restauration"],
            "region": "ON",
            "visibility": "members",
            "join_policy": "request",
            "join_questions": ["Avez-vous de l’expérience ?"],
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["slug"] == "cuisine-professionnelle" and body["topics"] == [
        "cuisine",
        "restauration",
    ]
    assert body["my_membership"]["role"] == "owner" and body["member_count"] == 1
    cid = body["id"]
    assert client_for(None).get(f"{BASE}/{cid}").status_code == 404  # members of Tremplin only
    seen = client_for(personas.bob).get(f"{BASE}/{cid}").json()
    assert seen["my_membership"] is None and seen["join_questions"] == [
        "Avez-vous de l’expérience ?"
    ]
    changed = alice.patch(
        f"{BASE}/{cid}",
        {"slow_mode_seconds": 30, "name_en": "Kitchens"},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["slow_mode_seconds"] == 30
    assert changed.json()["name_fr"] == "Cuisine professionnelle"
    refused = client_for(personas.bob).patch(
        f"{BASE}/{cid}", {"name_en": "Mine"}, content_type="application/json"
    )
    assert refused.status_code == 403 and refused.json()["detail"]


@pytest.mark.parametrize(
    "body",
    [
        {},  # no name
        {"name_fr": "x", "visibility": "hidden"},
        {"name_fr": "x", "join_questions": ["a", "b", "c", "d"]},
        {"name_fr": "x", "unknown": 1},
        {"name_fr": "x\x00"},
        {"name_fr": "x", "organization": "nowhere"},
    ],
)
def test_bad_input_is_a_4xx_with_a_json_error(personas, body):
    answer = post(client_for(personas.alice), f"{BASE}/", body)
    assert answer.status_code in (404, 422) and "detail" in answer.json()


def test_join_on_request_then_the_moderator_approves(personas):
    community = make_community(personas.alice, Visibility.PRIVATE)
    carol = client_for(personas.carol)
    missing = post(carol, f"{BASE}/{community.pk}/join", {"answers": []})
    assert missing.status_code == 422
    asked = post(carol, f"{BASE}/{community.pk}/join", {"answers": ["Cuisinière"]})
    assert asked.status_code == 200 and asked.json()["status"] == "pending"
    again = post(carol, f"{BASE}/{community.pk}/join", {"answers": ["Cuisinière"]})
    assert again.status_code == 409
    alice = client_for(personas.alice)
    (waiting,) = alice.get(f"{BASE}/{community.pk}/requests").json()
    assert waiting["answers"] == [{"question": "Quel métier visez-vous ?", "answer": "Cuisinière"}]
    approved = post(alice, f"{BASE}/{community.pk}/requests/{waiting['id']}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "active"
    assert post(alice, f"{BASE}/{community.pk}/requests/{waiting['id']}/decline").status_code == 409
    mine = carol.get(f"{BASE}/mine").json()
    assert [c["slug"] for c in mine["active"]] == [community.slug]
    rules = post(carol, f"{BASE}/{community.pk}/rules/accept")
    assert rules.status_code == 200 and rules.json()["rules_accepted"] is True
    left = post(carol, f"{BASE}/{community.pk}/leave")
    assert left.status_code == 200 and left.json()["status"] == "left"


def test_moderators_manage_members_through_the_api(personas):
    community = make_community(personas.alice, Visibility.PUBLIC, join_policy=JoinPolicy.OPEN)
    for user in (personas.bob, personas.carol):
        assert post(client_for(user), f"{BASE}/{community.pk}/join").status_code == 200
    bob_row = Membership.objects.get(community=community, user=personas.bob).pk
    carol_row = Membership.objects.get(community=community, user=personas.carol).pk
    alice, bob = client_for(personas.alice), client_for(personas.bob)
    # Bob is not a moderator yet: the endpoints do not exist for him.
    assert (
        post(bob, f"{BASE}/{community.pk}/members/{carol_row}/mute", {"days": 1}).status_code == 404
    )
    role = post(alice, f"{BASE}/{community.pk}/members/{bob_row}/role", {"role": "moderator"})
    assert role.status_code == 200 and role.json()["role"] == "moderator"
    bad = post(bob, f"{BASE}/{community.pk}/members/{carol_row}/mute", {"days": 2})
    assert bad.status_code == 422
    muted = post(bob, f"{BASE}/{community.pk}/members/{carol_row}/mute", {"days": 7})
    assert muted.status_code == 200 and muted.json()["muted_until"]
    assert post(bob, f"{BASE}/{community.pk}/members/{carol_row}/unmute").status_code == 200
    no_reason = post(bob, f"{BASE}/{community.pk}/members/{carol_row}/ban", {"reason": " "})
    assert no_reason.status_code == 422
    banned = post(bob, f"{BASE}/{community.pk}/members/{carol_row}/ban", {"reason": "Pourriel"})
    assert banned.status_code == 200 and banned.json()["status"] == "banned"
    assert [m["reason"] for m in bob.get(f"{BASE}/{community.pk}/banned").json()] == ["Pourriel"]
    assert post(bob, f"{BASE}/{community.pk}/members/{carol_row}/unban").status_code == 200
    owner_row = Membership.objects.get(community=community, user=personas.alice).pk
    on_owner = post(bob, f"{BASE}/{community.pk}/members/{owner_row}/remove", {"reason": "x"})
    assert on_owner.status_code == 403
    moved = post(alice, f"{BASE}/{community.pk}/members/{bob_row}/transfer")
    assert moved.status_code == 200 and moved.json()["role"] == "owner"
    page = client_for(None).get(f"{BASE}/{community.pk}/members").json()
    assert page["page"] == 1 and page["pages"] == 1


def test_invitation_links_and_people_through_the_api(personas):
    community = make_community(personas.alice, Visibility.SECRET, join_policy=JoinPolicy.INVITATION)
    alice = client_for(personas.alice)
    made = post(alice, f"{BASE}/{community.pk}/invitations/links", {"days": 1, "max_uses": 5})
    assert made.status_code == 201 and "/communities/join/" in made.json()["url"]
    token = made.json()["token"]
    bob = client_for(personas.bob)
    assert bob.get(f"{BASE}/{community.pk}").status_code == 404
    joined = post(bob, f"{BASE}/join/{token}")
    assert joined.status_code == 200 and joined.json()["status"] == "active"
    assert post(bob, f"{BASE}/join/{token}").status_code == 409
    assert post(client_for(personas.carol), f"{BASE}/join/not-a-token").status_code == 404
    invited = post(
        alice,
        f"{BASE}/{community.pk}/invitations/people",
        {"handle": personas.carol.profile.handle},
    )
    assert invited.status_code == 201 and invited.json()["status"] == "invited"
    listing = alice.get(f"{BASE}/{community.pk}/invitations").json()
    assert len(listing["links"]) == 1 and listing["links"][0]["uses"] == 1
    (person,) = listing["people"]
    revoked = post(alice, f"{BASE}/{community.pk}/invitations/{person['invitation_id']}/revoke")
    assert revoked.status_code == 204
    assert (
        post(client_for(personas.carol), f"{BASE}/{community.pk}/invitation/accept").status_code
        == 404
    )
    nobody = post(alice, f"{BASE}/{community.pk}/invitations/people", {"handle": "nobody-at-all"})
    assert nobody.status_code == 404
