"""A page of notifications is compiled once per process with stand-in values
(tremplin.core.compiled): run with each member's values it must give exactly the rows
the freshly built queryset gives, with and without a cursor and the unread filter."""

from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tremplin.network.hooks import CONNECTION_ACCEPTED, CONNECTION_REQUEST
from tremplin.network.models import Block, Mute
from tremplin.notifications import queries
from tremplin.notifications.models import Notification


@pytest.fixture
def history(personas, make):
    """alice's notifications from many actors, some read, one actor muted and one
    blocked since; bob's own."""
    for _ in range(6):
        make(personas.alice, CONNECTION_REQUEST, actor=UserFactory())
    make(personas.alice, CONNECTION_ACCEPTED, actor=personas.bob)
    make(personas.alice, CONNECTION_REQUEST, actor=personas.carol)
    make(personas.alice, CONNECTION_REQUEST, actor=personas.erin)
    make(personas.bob, CONNECTION_REQUEST, actor=personas.carol)
    oldest = Notification.objects.filter(recipient=personas.alice).order_by("pk")[:3]
    Notification.objects.filter(pk__in=list(oldest.values_list("pk", flat=True))).update(
        read_at=Notification.objects.first().updated
    )
    Mute.objects.create(muter=personas.alice, muted=personas.carol)
    Block.objects.create(blocker=personas.erin, blocked=personas.alice)


@pytest.mark.parametrize("name", ["alice", "bob", "carol"])
def test_the_compiled_page_returns_what_the_built_query_returns(personas, history, name):
    viewer = getattr(personas, name)
    first, cursor = queries.page_of(viewer, limit=2)
    updated, pk = queries._parse_cursor(cursor) if cursor else (queries.EPOCH, 0)
    for variant in [
        (False, False, 3),
        (True, False, 21),
        (False, cursor is not None, 21),
        (True, cursor is not None, 2),
    ]:
        values = {"viewer": viewer, "updated": updated, "pk": pk}
        compiled = queries.PAGE.run(variant, **values)
        built = list(queries._page_query(variant, **values))
        assert [n.pk for n in compiled] == [n.pk for n in built], (name, variant)
        assert [n.actor.profile.handle for n in compiled if n.actor] == [
            n.actor.profile.handle for n in built if n.actor
        ]
    if name == "alice":
        assert len(first) == 2 and cursor is not None
        every, _ = queries.page_of(viewer)
        assert len(every) == 7  # carol muted, erin blocked alice
