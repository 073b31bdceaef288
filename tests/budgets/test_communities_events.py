"""What the events pages and API list cost in queries, and that it does not grow: each
row is measured with 2, then 6, events and registrations (as tests/budgets/
test_query_budgets.py does for the other pages), within the page budget."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation

from tests.accounts.helpers import sign_in
from tests.budgets.measure import grown, measure
from tests.communities.events_world import make_event, make_world
from tests.conftest import make_personas
from tests.factories import UserFactory
from tremplin.communities.services import events as services

pytestmark = pytest.mark.django_db

N = 2
PAGE = 20

# fmt: off
ROWS = [
    # (path,                                                   persona,     budget)
    ("/fr/events/",                                            "anonymous", PAGE),
    ("/fr/events/",                                            "alice",     PAGE),
    ("/fr/events/?where=online&city=Ottawa",                   "carol",     PAGE),
    ("/fr/events/mine/",                                       "alice",     PAGE),
    ("/fr/communities/events/{private_event.pk}/",             "alice",     PAGE),
    ("/fr/communities/events/{private_event.pk}/",             "bob",       PAGE),
    ("/fr/communities/events/{public_event.pk}/",              "anonymous", PAGE),
    ("/fr/communities/events/{private_event.pk}/attendees/",   "bob",       PAGE),
    ("/fr/communities/events/{private_event.pk}/attendees.csv", "bob",      PAGE),
    ("/api/v1/communities/events",                             "alice",     PAGE),
    ("/api/v1/communities/events/mine",                        "alice",     PAGE),
    ("/api/v1/communities/events/{private_event.pk}/attendees", "bob",      PAGE),
]
# fmt: on


def grow(world: SimpleNamespace, count: int) -> None:
    """`count` more events in each place, and `count` more people registered (with
    answers) to the private community's event."""
    for index in range(count):
        for community in (world.public, world.private, world.secret):
            event = make_event(community, title=f"Atelier {community.slug} {index}")
            services.register(world.alice, event, "going")
        make_event(organization=world.agency, title=f"Portes ouvertes {index}")
        person = UserFactory()
        world.private.memberships.create(user=person)
        services.register(person, world.private_event, "maybe")


def measure_all(world, clients):
    return {
        (path, persona): measure(clients[persona], path.format(**vars(world)))
        for path, persona, _budget in ROWS
    }


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, tmp_path_factory, without_shared_personas):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        translation.override("fr"),
        transaction.atomic(),
    ):
        cache.clear()
        world = make_world(make_personas())
        grow(world, N)
        clients = {}
        for persona in {row[1] for row in ROWS}:
            clients[persona] = Client(raise_request_exception=False)
            if persona != "anonymous":
                sign_in(clients[persona], getattr(world, persona))
        first = measure_all(world, clients)
        grow(world, 2 * N)
        then = measure_all(world, clients)
        transaction.set_rollback(True)
    cache.clear()
    return {key: (first[key], then[key]) for key in first}


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row[1]}:{row[0]}")
def test_an_events_page_costs_a_fixed_number_of_queries(row, measured):
    path, persona, budget = row
    at_n, at_3n = measured[(path, persona)]
    assert (at_n.status, at_3n.status) == (200, 200), f"{path} as {persona}"
    growing = "\n".join(grown(at_n, at_3n))
    where = f"{path} as {persona}"
    assert at_n.count == at_3n.count, f"{where}: {at_n.count} → {at_3n.count}\n{growing}"
    assert at_3n.count <= budget, f"{path} as {persona}: {at_3n.count}\n" + "\n".join(at_3n.sql)
