"""Who sees what of a community, persona by persona, for each visibility: its page
(404 when not visible: existence is not confirmed), its content (the members list), on
the pages and through the API. See members_world.py for the cast."""

from __future__ import annotations

import pytest

from tests.communities.members_world import PERSONAS, world
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Who may see the community's page, by visibility.
SEES_PAGE = {
    "public": set(PERSONAS),
    "members": set(PERSONAS) - {"anonymous"},
    "private": set(PERSONAS) - {"anonymous", "frank"},
    "secret": {"alice", "bob", "carol"},
}
# Who may read its content (here: the members list).
READS = {
    "public": set(PERSONAS),
    "members": set(PERSONAS) - {"anonymous", "frank"},
    "private": {"alice", "bob", "carol"},
    "secret": {"alice", "bob", "carol"},
}


def clients(crew):
    return {
        name: client_for(None if name == "anonymous" else getattr(crew, name)) for name in PERSONAS
    }


def test_each_persona_sees_exactly_what_the_rules_allow_on_pages_and_api(crew):
    made = world(crew)
    browsers = clients(crew)
    for visibility, community in made.items():
        for name, client in browsers.items():
            sees, reads = name in SEES_PAGE[visibility], name in READS[visibility]
            where = f"{name} on {visibility}"
            page = client.get(f"/en/communities/{community.slug}/")
            assert page.status_code == (200 if sees else 404), where
            api = client.get(f"/api/v1/communities/{community.pk}")
            assert api.status_code == (200 if sees else 404), where
            listed = client.get(f"/en/communities/{community.slug}/members/")
            assert listed.status_code == (200 if reads else 404), where
            members = client.get(f"/api/v1/communities/{community.pk}/members")
            assert members.status_code == (200 if reads else 404), where
            if reads and name != "anonymous":
                # Moderators see everyone; others the members whose profile they see
                # (a visitor: those whose profile is public, none here).
                assert members.json()["count"] >= 1, where
            if sees and not reads:
                # The page says what the community is, and nothing of who is in it.
                html = page.content.decode()
                assert community.name_en in html and "Carol Singh" not in html, where
                assert "Bob Roy" not in html, where


def test_the_page_tells_search_engines_to_index_only_a_public_community(crew):
    made = world(crew)
    anonymous = client_for(None)
    public = anonymous.get(f"/fr/communities/{made['public'].slug}/").content.decode()
    assert '<meta name="robots" content="index,follow">' in public
    assert (
        f'rel="canonical" href="http://testserver/fr/communities/{made["public"].slug}/"' in public
        or 'rel="canonical"' in public
    )
    member = client_for(crew.carol)
    for visibility in ("members", "private", "secret"):
        html = member.get(f"/fr/communities/{made[visibility].slug}/").content.decode()
        assert '<meta name="robots" content="noindex,nofollow">' in html
        assert 'rel="canonical"' not in html


def test_a_banned_member_sees_nothing_of_a_private_or_secret_community(crew):
    made = world(crew)
    frank = client_for(crew.frank)
    for visibility in ("private", "secret"):
        community = made[visibility]
        for path in (
            f"/en/communities/{community.slug}/",
            f"/en/communities/{community.slug}/members/",
            f"/en/communities/{community.slug}/join/",
            f"/en/communities/{community.slug}/rules/",
            f"/en/communities/{community.slug}/picture/",
            f"/api/v1/communities/{community.pk}",
            f"/api/v1/communities/{community.pk}/members",
        ):
            assert frank.get(path).status_code == 404, path
        asked = frank.post(
            f"/api/v1/communities/{community.pk}/join",
            {"answers": ["x"]},
            content_type="application/json",
        )
        assert asked.status_code == 404


def test_management_pages_and_endpoints_are_404_to_all_but_moderators(crew):
    made = world(crew)
    community = made["public"]
    carol_row = community.memberships.get(user=crew.carol)
    pages = [
        f"/en/communities/{community.slug}/settings/",
        f"/en/communities/{community.slug}/requests/",
        f"/en/communities/{community.slug}/invitations/",
        f"/en/communities/{community.slug}/members/{carol_row.pk}/",
    ]
    apis = [
        f"/api/v1/communities/{community.pk}/requests",
        f"/api/v1/communities/{community.pk}/banned",
        f"/api/v1/communities/{community.pk}/invitations",
    ]
    for name in ("carol", "dave", "greta", "mallory", "frank"):
        client = client_for(getattr(crew, name))
        for path in pages + apis:
            assert client.get(path).status_code == 404, (name, path)
    bob = client_for(crew.bob)
    for path in pages + apis:
        assert bob.get(path).status_code == 200, path
    anonymous = client_for(None)
    for path in pages:
        assert anonymous.get(path).status_code == 302, path  # to sign in
    for path in apis:
        assert anonymous.get(path).status_code == 401, path


def test_an_invitation_to_a_secret_community_is_answered_without_seeing_its_page(crew):
    made = world(crew)
    secret = made["secret"]
    erin = client_for(crew.erin)
    mine = erin.get("/en/communities/mine/").content.decode()
    assert secret.name_en in mine
    assert erin.get(f"/en/communities/{secret.slug}/").status_code == 404
    mine_api = erin.get("/api/v1/communities/mine").json()
    assert sorted(c["community_id"] for c in mine_api["invited"]) == sorted(
        c.pk for c in made.values()
    )
    answered = erin.post(f"/api/v1/communities/{secret.pk}/invitation/accept")
    assert answered.status_code == 200 and answered.json()["status"] == "active"
    assert erin.get(f"/en/communities/{secret.slug}/").status_code == 200
    # Someone not invited cannot answer an invitation.
    greta = client_for(crew.greta)
    assert greta.post(f"/api/v1/communities/{secret.pk}/invitation/accept").status_code == 404
