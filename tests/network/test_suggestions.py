"""People you may know: ranked by mutual connections first, never oneself, one's
connections, open requests, blocked people or profiles one may not see."""

from __future__ import annotations

import pytest
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OrganizationFactory, UserFactory
from tremplin.core.audience import Audience
from tremplin.network import services
from tremplin.network.queries import suggestions
from tremplin.network.services import connect
from tremplin.organizations.models import Membership, Role
from tremplin.profiles.models import Profile, Skill


def emails(entries) -> list[str]:
    return [e["profile"].user.email for e in entries]


@pytest.fixture
def town(db):
    """me, two friends, and around them: a friend of both friends (2 mutual), a friend
    of one friend (1 mutual), a colleague (same organisation), a skill twin, someone in
    my region, and a stranger with nothing in common (other region and language)."""
    people = {
        name: UserFactory(email=f"{name}@example.org", name=name.title())
        for name in ["me", "f1", "f2", "two", "one", "colleague", "twin", "local", "far"]
    }
    Profile.objects.update(region="ON")
    Profile.objects.filter(user=people["far"]).update(region="BC", service_language="en")
    Profile.objects.filter(user=people["colleague"]).update(region="BC", service_language="en")
    Profile.objects.filter(user=people["twin"]).update(region="BC", service_language="en")
    Profile.objects.filter(user=people["two"]).update(region="BC", service_language="en")
    Profile.objects.filter(user=people["one"]).update(region="BC", service_language="en")
    connect(people["me"], people["f1"])
    connect(people["me"], people["f2"])
    connect(people["f1"], people["two"])
    connect(people["f2"], people["two"])
    connect(people["f1"], people["one"])
    employer = OrganizationFactory(kind="employer", slug="acier")
    for name in ("me", "colleague"):
        Membership.objects.create(organization=employer, user=people[name], role=Role.RECRUITER)
    for name in ("me", "twin"):
        Skill.objects.create(profile=people[name].profile, name="Soudure")
    return people


def test_ranked_by_mutual_connections_then_organisation_skills_region_language(town):
    ranked = emails(suggestions(town["me"], limit=20))
    assert ranked[:6] == [
        "two@example.org",  # 2 mutual connections
        "one@example.org",  # 1
        "colleague@example.org",  # same organisation
        "twin@example.org",  # a shared skill
        "local@example.org",  # same region
        "far@example.org",  # nothing in common
    ]
    first = suggestions(town["me"], limit=1)[0]
    assert first["mutual"] == 2


def test_never_oneself_connections_or_open_requests(town):
    me = town["me"]
    services.request_connection(me, town["two"])
    services.request_connection(town["one"], me)
    ranked = emails(suggestions(me, limit=20))
    for excluded in ("me", "f1", "f2", "two", "one"):
        assert f"{excluded}@example.org" not in ranked


@pytest.mark.parametrize("who_blocks", ["me", "them"])
def test_never_someone_blocked_either_way(town, who_blocks):
    me, two = town["me"], town["two"]
    if who_blocks == "me":
        services.block(me, two)
    else:
        services.block(two, me)
    assert "two@example.org" not in emails(suggestions(me, limit=20))


def test_never_a_profile_the_member_may_not_see(town):
    Profile.objects.filter(user=town["two"]).update(basics_visibility=Audience.ONLY_ME)
    Profile.objects.filter(user=town["colleague"]).update(basics_visibility=Audience.CONNECTIONS)
    town["twin"].is_active = False
    town["twin"].save()
    ranked = emails(suggestions(town["me"], limit=20))
    assert "two@example.org" not in ranked
    assert "colleague@example.org" not in ranked
    assert "twin@example.org" not in ranked
    assert ranked[0] == "one@example.org"


def test_hidden_skills_do_not_count(town):
    Profile.objects.filter(user=town["twin"]).update(skills_visibility=Audience.ONLY_ME)
    entry = next(e for e in suggestions(town["me"], limit=20) if e["profile"].handle == "twin")
    assert entry["shared"] == 0


def test_shared_interests_count_where_they_are_visible(town):
    Profile.objects.filter(user=town["me"]).update(interests="Vélo, jardinage")
    Profile.objects.filter(user=town["far"]).update(
        interests="vélo", interests_visibility=Audience.MEMBERS
    )
    Profile.objects.filter(user=town["local"]).update(interests="vélo")  # connections only
    entries = {e["profile"].handle: e for e in suggestions(town["me"], limit=20)}
    assert entries["far"]["shared"] == 1
    assert entries["local"]["shared"] == 0


def test_the_limit_and_an_anonymous_visitor(town):
    from django.contrib.auth.models import AnonymousUser

    assert len(suggestions(town["me"], limit=3)) == 3
    assert suggestions(AnonymousUser()) == []


def test_the_number_of_queries_does_not_grow_with_the_candidates(town):
    """Scoring is set-based: a fixed number of queries whatever the network size."""
    with CaptureQueriesContext(db_connection) as few:
        suggestions(town["me"], limit=20)
    for n in range(15):
        other = UserFactory(email=f"more{n}@example.org")
        connect(town["f1"], other)
        Skill.objects.create(profile=other.profile, name="Soudure")
    with CaptureQueriesContext(db_connection) as many:
        assert len(suggestions(town["me"], limit=20)) == 20
    assert len(many) == len(few)
