"""Who sees what of events, on pages and through the API: a private or secret
community's events reach only its active members (never a visitor, a stranger, a pending
or banned member, nor the site's moderator); the online link only people registered
with a place and the organisers; attendees only the organisers."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from tests.communities.events_world import LINK, make_world
from tests.conftest import client_for
from tremplin.communities.services import events as services

pytestmark = pytest.mark.django_db
API = "/api/v1/communities/events"
PERSONAS = ["anonymous", "carol", "erin", "dave", "mallory", "alice", "bob"]
# Who may see a private or secret community's events: its active members.
MEMBERS = {"alice", "bob"}


@pytest.fixture
def world(personas):
    return make_world(personas)


def clients(world):
    return {
        name: client_for(None if name == "anonymous" else getattr(world, name)) for name in PERSONAS
    }


@pytest.mark.parametrize("which", ["private", "secret"])
def test_a_closed_communitys_event_reaches_only_its_members(world, which):
    event = getattr(world, f"{which}_event")
    for name, client in clients(world).items():
        expected = 200 if name in MEMBERS else 404
        page = client.get(f"/fr/communities/events/{event.pk}/")
        assert page.status_code == expected, (name, "page")
        assert client.get(f"/en/communities/events/{event.pk}/event.ics").status_code == expected
        assert client.get(f"{API}/{event.pk}").status_code == expected, (name, "api")
        assert client.get(f"{API}/{event.pk}/event.ics").status_code == expected
        listed = client.get("/fr/events/").content.decode()
        assert (event.title in listed) == (name in MEMBERS), (name, "list")
        api_listed = [e["id"] for e in client.get(API).json()]
        assert (event.pk in api_listed) == (name in MEMBERS), (name, "api list")


def test_a_public_event_is_seen_by_everyone_but_its_link_only_by_people_registered(world):
    event = world.public_event
    services.register(world.alice, event, "going")
    by_name = clients(world)
    for name, client in by_name.items():
        page = client.get(f"/fr/communities/events/{event.pk}/")
        assert page.status_code == 200, name
        sees_link = name in {"alice", "bob"}  # registered; organiser
        assert (LINK in page.content.decode()) == sees_link, name
        detail = client.get(f"{API}/{event.pk}").json()
        assert (detail["online_url"] == LINK) == sees_link, name
        ics = Calendar.from_ical(client.get(f"{API}/{event.pk}/event.ics").content)
        assert (LINK in ics.to_ical().decode()) == sees_link, name
    for client in by_name.values():
        assert LINK not in client.get("/fr/events/").content.decode()
        assert LINK not in client.get(API).content.decode()


def test_attendees_are_for_the_organisers_only(world):
    event = world.private_event
    services.register(world.alice, event, "going")
    for name, client in clients(world).items():
        expected = {"bob": 200, "alice": 403}.get(name, 404)
        if name == "anonymous":
            assert client.get(f"{API}/{event.pk}/attendees").status_code == 401
            continue
        assert client.get(f"/fr/communities/events/{event.pk}/attendees/").status_code == expected
        assert client.get(f"{API}/{event.pk}/attendees").status_code == expected, name
        assert client.get(f"{API}/{event.pk}/attendees.csv").status_code == expected


def test_the_agency_organises_its_own_event(world):
    dave, carol = client_for(world.dave), client_for(world.carol)
    assert dave.get(f"{API}/{world.agency_event.pk}/attendees").status_code == 200
    assert carol.get(f"{API}/{world.agency_event.pk}/attendees").status_code == 403
    assert client_for(None).get(f"{API}/{world.agency_event.pk}").status_code == 200


def test_a_member_banned_later_loses_the_event_from_the_calendar_feed(world):
    services.register(world.alice, world.private_event, "going")
    services.register(world.alice, world.public_event, "maybe")
    feed = services.calendar_feed(world.alice)
    url = f"/fr/events/calendar/{feed.token}.ics"
    anonymous = client_for(None)
    titles = {
        str(c["summary"]) for c in Calendar.from_ical(anonymous.get(url).content).walk("VEVENT")
    }
    assert titles == {world.private_event.title, world.public_event.title}
    world.private.memberships.filter(user=world.alice).update(status="banned")
    titles = {
        str(c["summary"]) for c in Calendar.from_ical(anonymous.get(url).content).walk("VEVENT")
    }
    assert titles == {world.public_event.title}
    services.renew_calendar_feed(world.alice)
    assert anonymous.get(url).status_code == 404


def test_banned_and_pending_members_cannot_register(world):
    from tremplin.communities.refusals import CommunityRefusal

    for user in (world.dave, world.erin, world.carol):
        with pytest.raises(CommunityRefusal) as refused:
            services.register(user, world.private_event, "going")
        assert refused.value.code == "not_found"
    with pytest.raises(CommunityRefusal) as refused:
        services.register(world.dave, world.public_event, "going")
    assert refused.value.code == "forbidden"
