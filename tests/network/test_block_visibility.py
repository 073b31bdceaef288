"""A block hides both people from each other everywhere: on the profile page, in people
search and in the API, whatever the audiences say (even "public"). Third parties are
not affected."""

from __future__ import annotations

import pytest

from tremplin.core.audience import Audience, SectionAudience, audience_q, audiences_of
from tremplin.network import services
from tremplin.profiles.models import Profile

# Both databases: people search (icontains: SQLite folds ASCII case only).
pytestmark = pytest.mark.both_databases

PERSONAS = ["alice", "bob", "carol", "dave"]


def make_public(*users):
    Profile.objects.filter(user__in=users).update(
        basics_visibility=Audience.PUBLIC, about_visibility=Audience.PUBLIC
    )


def sees(client, handle: str, name: str) -> dict[str, bool]:
    """Where `client` finds the profile `handle` (display name `name`)."""
    page = client.get(f"/fr/p/{handle}/")
    api = client.get(f"/api/v1/profiles/{handle}")
    search = client.get("/fr/people/", {"q": name.split()[0]})
    listed = client.get("/api/v1/profiles", {"q": name.split()[0]})
    return {
        "page": page.status_code == 200,
        "api": api.status_code == 200,
        "search": f"/fr/p/{handle}/" in search.content.decode(),
        "api_search": handle in [p["handle"] for p in listed.json()["results"]],
    }


@pytest.mark.parametrize("blocker", ["alice", "carol"])
@pytest.mark.parametrize("viewer", PERSONAS)
def test_a_block_hides_each_from_the_other_and_from_no_one_else(personas, as_user, blocker, viewer):
    """carol blocks alice, or alice blocks carol: they vanish for each other (pages,
    search, API) even with public profiles; bob and dave still see both."""
    alice, carol = personas.alice, personas.carol
    make_public(alice, carol)
    other = carol if blocker == "alice" else alice
    services.block(getattr(personas, blocker), other)
    client = as_user(getattr(personas, viewer))

    for target, handle, name in [
        ("alice", "alice-martin", "Alice Martin"),
        ("carol", "carol-singh", "Carol Singh"),
    ]:
        hidden = {viewer, target} == {"alice", "carol"}
        expected = not hidden
        found = sees(client, handle, name)
        assert found == dict.fromkeys(found, expected), (viewer, target, found)


def test_a_blocked_profile_answers_exactly_like_a_missing_one(personas, as_user):
    make_public(personas.alice)
    services.block(personas.alice, personas.carol)
    client = as_user(personas.carol)
    hidden = client.get("/api/v1/profiles/alice-martin")
    missing = client.get("/api/v1/profiles/nobody-here")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert client.get("/fr/p/alice-martin/").status_code == 404
    assert client.get("/fr/p/alice-martin/photo.jpg").status_code == 404


def test_audiences_of_is_empty_across_a_block_and_whole_for_oneself(personas):
    alice, carol, bob = personas.alice, personas.carol, personas.bob
    assert Audience.PUBLIC in audiences_of(carol, alice)
    services.block(carol, alice)
    assert audiences_of(carol, alice) == set()
    assert audiences_of(alice, carol) == set()
    assert audiences_of(alice, alice) == set(SectionAudience.values)
    assert Audience.CONNECTIONS in audiences_of(bob, alice)


def test_audience_q_excludes_blocked_owners_either_way(personas):
    alice, bob, carol = personas.alice, personas.bob, personas.carol
    make_public(alice, bob, carol)

    def visible(viewer):
        return set(
            Profile.objects.filter(audience_q(viewer, "basics_visibility", "user")).values_list(
                "user__email", flat=True
            )
        )

    services.block(alice, carol)
    assert carol.email not in visible(alice)
    assert alice.email not in visible(carol)
    assert {alice.email, bob.email} <= visible(alice)  # herself and her connection
    assert {alice.email, carol.email} <= visible(bob)
    # Anonymous visitors are not affected by members' blocks.
    from django.contrib.auth.models import AnonymousUser

    assert {alice.email, carol.email} <= visible(AnonymousUser())


def test_a_block_beats_a_connection_and_a_counselling_case(personas, as_user):
    """dave is alice's counsellor, bob her connection: a block still hides everything."""
    alice = personas.alice
    services.block(alice, personas.dave)
    services.block(personas.bob, alice)
    assert alice.profile.sections_visible_to(personas.dave) == set()
    assert alice.profile.sections_visible_to(personas.bob) == set()
    assert as_user(personas.dave).get("/fr/p/alice-martin/").status_code == 404
    assert as_user(personas.bob).get("/api/v1/profiles/alice-martin").status_code == 404


def test_unblocking_shows_them_again(personas, as_user):
    services.block(personas.alice, personas.carol)
    assert as_user(personas.carol).get("/fr/p/alice-martin/").status_code == 404
    services.unblock(personas.alice, personas.carol)
    assert as_user(personas.carol).get("/fr/p/alice-martin/").status_code == 200
