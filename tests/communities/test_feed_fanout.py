"""The fan-out of a community post (feed.tasks): in-process right after the post's
commit, the durable task as the catch-up (idempotent), the trim after the rows are
committed, live events only to the members written (not the author, not who muted
them), nobody in a block relation, nobody outside a private or secret community."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from types import SimpleNamespace

import pytest
from django.db import connection

from tests.communities.directory_world import build, join
from tests.factories import UserFactory
from tremplin.feed import services, tasks, timeline
from tremplin.feed.models import TimelineEntry
from tremplin.network import services as network

# Raw SQL (the INSERT ... SELECT, the trim): both databases.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


@pytest.fixture
def world(personas):
    w = build(personas)
    network.follow(personas.carol, person=personas.alice)  # a follower, not a member
    return w


class QueueStub:
    """The fan-out task as a backend sees it: records when and how it was enqueued."""

    def __init__(self, defers: bool) -> None:
        self.enqueued: list[SimpleNamespace] = []
        self.backend = SimpleNamespace(supports_defer=defers)
        self.run_after = None

    def get_backend(self) -> SimpleNamespace:
        return self.backend

    def using(self, run_after=None) -> QueueStub:
        self.run_after = run_after
        return self

    def enqueue(self, item_id: int) -> None:
        self.enqueued.append(
            SimpleNamespace(
                item=item_id, run_after=self.run_after, in_transaction=connection.in_atomic_block
            )
        )


@pytest.fixture
def pushed(monkeypatch):
    told: list[list[int]] = []
    monkeypatch.setattr(tasks, "send_to_users", lambda ids, payload: told.append(sorted(ids)))
    return told


def publish(author, community, capture, text="Rencontre jeudi"):
    with capture(execute=True):
        return services.publish_post(author, text, place=f"community:{community.slug}")


def owners_of(item) -> set[int]:
    return set(TimelineEntry.objects.filter(item=item).values_list("owner_id", flat=True))


@pytest.fixture
def inline(monkeypatch):
    """The in-process fan-out in the test's own thread (its transaction is not
    committed: a thread of `_FAN_OUTS` would not see the post)."""
    monkeypatch.setattr(tasks, "run_beside", tasks.fan_out_now)


def test_the_rows_and_live_events_come_on_commit_without_the_queue(
    world, pushed, monkeypatch, inline, django_capture_on_commit_callbacks
):
    queue = QueueStub(defers=True)
    monkeypatch.setattr(tasks, "fan_out_item", queue)
    item = publish(world.alice, world.secret, django_capture_on_commit_callbacks)
    # The queue never ran, yet the members have it: the in-process fan-out did it.
    assert owners_of(item) == {world.alice.pk, world.bob.pk}
    assert pushed == [[world.bob.pk]]
    # The catch-up was enqueued in the post's own transaction, to run a little later.
    [catch_up] = queue.enqueued
    assert catch_up.item == item.pk and catch_up.in_transaction
    assert catch_up.run_after > item.published


def test_a_network_post_goes_through_the_queue_only(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    queue = QueueStub(defers=True)
    monkeypatch.setattr(tasks, "fan_out_item", queue)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.publish_post(world.alice, "Bonjour", audience="members")
    assert owners_of(item) == set()
    [enqueued] = queue.enqueued
    assert enqueued.run_after is None and enqueued.in_transaction


def test_a_failed_in_process_fan_out_is_caught_up_by_the_task(
    world, pushed, monkeypatch, inline, django_capture_on_commit_callbacks
):
    queue = QueueStub(defers=True)
    monkeypatch.setattr(tasks, "fan_out_item", queue)
    real_fan_out = tasks.fan_out

    def crash(item_id: int) -> list[int]:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks, "fan_out", crash)
    item = publish(world.alice, world.private, django_capture_on_commit_callbacks)  # no 500
    assert owners_of(item) == set() and pushed == []
    monkeypatch.setattr(tasks, "fan_out", real_fan_out)
    monkeypatch.undo()
    pushed_again: list[list[int]] = []
    monkeypatch.setattr(tasks, "send_to_users", lambda ids, p: pushed_again.append(sorted(ids)))
    assert tasks.fan_out_item.call(item.pk) == 2
    assert owners_of(item) == {world.alice.pk, world.bob.pk}
    assert pushed_again == [[world.bob.pk]]


def test_the_catch_up_after_a_good_fan_out_writes_and_tells_nothing(
    world, pushed, django_capture_on_commit_callbacks
):
    item = publish(world.alice, world.public, django_capture_on_commit_callbacks)
    # The test backend runs the catch-up at once, after the in-process run: one push.
    assert pushed == [[world.bob.pk]]
    assert tasks.fan_out_item.call(item.pk) == 0
    assert pushed == [[world.bob.pk]]
    assert TimelineEntry.objects.filter(item=item).count() == 2


def test_who_muted_the_author_has_the_row_but_no_live_event(
    world, pushed, django_capture_on_commit_callbacks
):
    network.mute(world.bob, world.alice)
    item = publish(world.alice, world.members, django_capture_on_commit_callbacks)
    assert owners_of(item) == {world.alice.pk, world.bob.pk}  # hidden when read
    assert pushed == []


def test_nobody_in_a_block_relation_with_the_author_gets_it(
    world, pushed, django_capture_on_commit_callbacks
):
    blocked = UserFactory(name="Bea Blocked")
    join(world.public, blocked)
    network.block(blocked, world.alice)
    item = publish(world.alice, world.public, django_capture_on_commit_callbacks)
    assert owners_of(item) == {world.alice.pk, world.bob.pk}
    assert pushed == [[world.bob.pk]]


def test_the_trim_runs_after_the_rows_commit_for_the_owners_whose_turn_it_is(
    world, monkeypatch, inline, django_capture_on_commit_callbacks
):
    first = publish(world.alice, world.public, django_capture_on_commit_callbacks, "Un")
    monkeypatch.setattr(timeline, "TRIM_EVERY", 1)  # every owner's turn
    queue = QueueStub(defers=True)  # the catch-up (which trims) is only enqueued
    monkeypatch.setattr(tasks, "fan_out_item", queue)
    second = publish(world.alice, world.public, django_capture_on_commit_callbacks, "Deux")
    assert TimelineEntry.objects.filter(item=first).count() == 2  # not trimmed on posting
    assert timeline.trim_for_item(second.pk, keep=1) == 2
    assert set(TimelineEntry.objects.values_list("item_id", flat=True)) == {second.pk}
    assert timeline.trim_for_item(second.pk, keep=1) == 0  # idempotent


@pytest.mark.django_db(transaction=True)
def test_the_poster_does_not_wait_for_the_fan_out_which_runs_on_its_own_thread(
    personas, monkeypatch
):
    """Committed for real: the fan-out runs on a thread of `_FAN_OUTS` with its own
    connection, after the publishing call has returned."""
    w = build(personas)
    queue = QueueStub(defers=True)
    monkeypatch.setattr(tasks, "fan_out_item", queue)
    told: list[tuple[str, list[int]]] = []
    monkeypatch.setattr(
        tasks,
        "send_to_users",
        lambda ids, payload: told.append((threading.current_thread().name, sorted(ids))),
    )
    started = threading.Event()
    real_fan_out = tasks.fan_out

    def slow_fan_out(item_id: int) -> list[int]:
        started.wait(10)  # held until the publishing call has returned
        return real_fan_out(item_id)

    monkeypatch.setattr(tasks, "fan_out", slow_fan_out)
    runs: list[Future] = []
    real_run_beside = tasks.run_beside
    monkeypatch.setattr(tasks, "run_beside", lambda item_id: runs.append(real_run_beside(item_id)))
    item = services.publish_post(w.alice, "Rencontre jeudi", place=f"community:{w.public.slug}")
    assert owners_of(item) == set()  # the call returned before any row was written
    started.set()
    [run] = runs
    run.result(timeout=30)
    assert owners_of(item) == {w.alice.pk, w.bob.pk}
    [(thread_name, ids)] = told
    assert thread_name.startswith("fan-out") and ids == [w.bob.pk]
    [catch_up] = queue.enqueued
    assert catch_up.item == item.pk and catch_up.run_after > item.published


def test_a_member_who_took_the_community_out_of_their_home_feed_gets_no_row(
    world, pushed, inline, django_capture_on_commit_callbacks
):
    """Their existing rows of its posts go, their network's stay; its next posts reach
    the others only, and come back to them once they put it back."""
    from tremplin.communities.models import Membership
    from tremplin.communities.services import digest

    before = publish(world.alice, world.public, django_capture_on_commit_callbacks, "Avant")
    network.follow(world.bob, person=world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere = services.publish_post(world.alice, "Hors communauté", audience="members")
    assert world.bob.pk in owners_of(before) and world.bob.pk in owners_of(elsewhere)
    membership = Membership.objects.get(community=world.public, user=world.bob)
    digest.home_feed(membership, False)
    assert world.bob.pk not in owners_of(before)
    assert world.bob.pk in owners_of(elsewhere)  # not a post of the community
    after = publish(world.alice, world.public, django_capture_on_commit_callbacks, "Après")
    assert owners_of(after) == {world.alice.pk}
    digest.home_feed(membership, True)
    again = publish(world.alice, world.public, django_capture_on_commit_callbacks, "Encore")
    assert owners_of(again) == {world.alice.pk, world.bob.pk}
