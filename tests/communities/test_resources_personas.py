"""Who sees which resource, persona by persona: THE rule (`Resource.objects.visible_to`)
and every door that reads through it (the resource page, the library pages, the API, the
download). A private or secret community's resources reach no one but its active
members; a suggestion only its author and the library's moderators."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.communities import resources_world
from tremplin.communities.models import Resource

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "stranger", "member", "pending", "banned", "owner", "site_moderator")


def expected(w, name: str) -> set[int]:
    """What each persona may see, written out by hand from the rule's docstring."""
    everyone = {w.published["public"].pk, w.agency_public.pk}
    if name == "anonymous":
        return everyone
    signed_in = everyone | {w.agency_members.pk}
    if name == "member":  # active member everywhere, author of the suggestions
        return (
            signed_in
            | {r.pk for r in w.published.values()}
            | {r.pk for r in w.suggested.values()}
            | {w.agency_suggested.pk}
        )
    if name == "owner":  # moderates the three communities
        return (
            signed_in | {r.pk for r in w.published.values()} | {r.pk for r in w.suggested.values()}
        )
    return signed_in  # stranger, pending, banned, site moderator


@pytest.fixture
def world():
    return resources_world.build()


def client_of(w, name: str) -> Client:
    client = Client()
    if name != "anonymous":
        sign_in(client, getattr(w, name))
    return client


def test_the_rule_shows_each_persona_exactly_what_it_allows(world):
    w = world
    for name in PERSONAS:
        viewer = None if name == "anonymous" else getattr(w, name)
        seen = set(Resource.objects.visible_to(viewer).values_list("pk", flat=True))
        assert seen == expected(w, name), name
    staff_sees = set(Resource.objects.visible_to(w.staff).values_list("pk", flat=True))
    assert {w.agency_suggested.pk, w.agency_members.pk} <= staff_sees
    assert not staff_sees & {
        r.pk for r in w.published.values() if r.community.visibility != "public"
    }


def test_pages_api_and_downloads_follow_the_rule(world):
    """Every door reads through `queries.resource_or_404` (one rule): each door is asked
    about the resources whose answer differs most between personas."""
    w = world
    doors = {
        w.published["private"]: (
            "/en/communities/resources/{}/",
            "/api/v1/communities/resources/{}",
            "/fr/communities/resources/{}/download/",
            "/api/v1/communities/resources/{}/download",
        ),
        w.published["secret"]: ("/fr/communities/resources/{}/download/",),
        w.suggested["public"]: (
            "/en/communities/resources/{}/",
            "/api/v1/communities/resources/{}",
        ),
        w.agency_members: ("/api/v1/communities/resources/{}",),
        w.agency_suggested: ("/fr/communities/resources/{}/",),
    }
    for name in PERSONAS:
        client = client_of(w, name)
        allowed = expected(w, name)
        for resource, paths in doors.items():
            want = 200 if resource.pk in allowed else 404
            for path in paths:
                response = client.get(path.format(resource.pk))
                assert response.status_code == want, (name, resource.title, path)


def test_libraries_of_private_and_secret_communities_are_closed_to_non_members(world):
    w = world
    for name in PERSONAS:
        client = client_of(w, name)
        for visibility, place in w.places.items():
            readable = visibility == "public" or name in ("member", "owner")
            page = client.get(f"/en/communities/resources/community/{place.slug}/")
            assert page.status_code == (200 if readable else 404), (name, visibility)
            api = client.get(f"/api/v1/communities/resources/community/{place.slug}")
            assert api.status_code == (200 if readable else 404), (name, visibility)
            if readable:
                titles = {r["title"] for r in api.json()}
                assert titles == {w.published[visibility].title}, (name, visibility)
                assert w.suggested[visibility].title not in page.content.decode()


def test_suggestions_queue_is_for_the_moderators_only(world):
    w = world
    slug = w.places["private"].slug
    queue = f"/api/v1/communities/resources/community/{slug}?state=suggested"
    assert [r["title"] for r in client_of(w, "owner").get(queue).json()] == ["Entrevue private"]
    # The author sees their own suggestion in the queue, nobody else's.
    assert [r["title"] for r in client_of(w, "member").get(queue).json()] == ["Entrevue private"]
    page = client_of(w, "owner").get(f"/en/communities/resources/community/{slug}/?state=suggested")
    assert "Entrevue private" in page.content.decode()
    assert "Suggestions waiting for a moderator" in page.content.decode()


def test_a_banned_author_loses_even_their_own_suggestion_in_a_private_community(world):
    w = world
    place = w.places["private"]
    mine = w.suggested["private"]
    place.memberships.filter(user=w.member).update(status="banned")
    assert not Resource.objects.visible_to(w.member).filter(pk=mine.pk).exists()
    assert client_of(w, "member").get(f"/en/communities/resources/{mine.pk}/").status_code == 404


def test_saved_resources_drop_what_the_member_may_no_longer_see(world):
    w = world
    from tremplin.communities.services import resources as services

    services.bookmark(w.member, w.published["private"], True)
    services.bookmark(w.member, w.published["public"], True)
    client = client_of(w, "member")
    titles = [r["title"] for r in client.get("/api/v1/communities/resources/saved").json()]
    assert sorted(titles) == ["Guide CV private", "Guide CV public"]
    w.places["private"].memberships.filter(user=w.member).update(status="removed")
    titles = [r["title"] for r in client.get("/api/v1/communities/resources/saved").json()]
    assert titles == ["Guide CV public"]
    page = client.get("/en/communities/resources/saved/")
    assert "Guide CV private" not in page.content.decode()
