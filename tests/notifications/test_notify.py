"""notify(): who gets a row, grouping, and delivery scheduled after commit only."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.notifications.conftest import choose
from tremplin.feed.hooks import MENTION, REACTION
from tremplin.network import services as network
from tremplin.notifications.models import Delivery, EmailState, Notification
from tremplin.notifications.services import notify


def test_a_row_is_written_for_the_recipient(personas, make):
    made = make(personas.alice, MENTION, actor=personas.bob, data={"excerpt": "Salut"})
    assert made is not None
    row = Notification.objects.get()
    assert (row.recipient, row.actor, row.kind) == (personas.alice, personas.bob, "mention")
    assert row.data == {"excerpt": "Salut"}
    assert row.email_state == EmailState.DIGEST  # mentions default to the daily digest


def test_nothing_for_oneself_a_blocked_or_a_muted_actor_or_a_kind_turned_off(personas, make):
    alice, bob, carol = personas.alice, personas.bob, personas.carol
    assert make(alice, MENTION, actor=alice) is None
    network.block(alice, carol)
    assert make(alice, MENTION, actor=carol) is None
    assert make(carol, MENTION, actor=alice) is None  # blocked either way
    network.mute(alice, bob)
    assert make(alice, MENTION, actor=bob) is None
    choose(personas.dave, REACTION, Delivery.OFF)
    assert make(personas.dave, REACTION, actor=bob) is None
    assert not Notification.objects.exists()


def test_an_inactive_recipient_gets_nothing(personas, make):
    personas.carol.is_active = False
    personas.carol.save()
    assert make(personas.carol, MENTION, actor=personas.bob) is None


def test_unread_rows_with_one_group_key_merge_and_count_people_not_events(personas, make):
    alice = personas.alice
    key = "reaction:post:1"
    make(alice, REACTION, actor=personas.bob, group_key=key)
    make(alice, REACTION, actor=personas.carol, group_key=key)
    make(alice, REACTION, actor=personas.bob, group_key=key)  # bob again
    row = Notification.objects.get()
    assert row.count == 3
    assert row.actor_count == 2
    assert row.actor == personas.bob  # the most recent
    assert row.recent_actor_ids == [personas.bob.pk, personas.carol.pk]


def test_a_read_row_is_not_merged_into(personas, make):
    key = "reaction:post:1"
    first = make(personas.alice, REACTION, actor=personas.bob, group_key=key)
    Notification.objects.filter(pk=first.pk).update(read_at=first.created)
    make(personas.alice, REACTION, actor=personas.carol, group_key=key)
    assert Notification.objects.count() == 2


def test_a_merge_after_an_email_was_sent_asks_for_a_new_email(personas, make):
    choose(personas.alice, REACTION, Delivery.EMAIL)
    key = "reaction:post:1"
    row = make(personas.alice, REACTION, actor=personas.bob, group_key=key)
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT and row.email_round == 1
    make(personas.alice, REACTION, actor=personas.carol, group_key=key)
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT and row.email_round == 2


def test_delivery_waits_for_the_commit_and_never_comes_for_a_rollback(
    personas, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(personas.alice, MENTION, actor=personas.bob)
        raise RuntimeError("the cause failed")
    assert callbacks == []
    assert not Notification.objects.exists()
