"""Connection requests: the declared lifecycle, the refusals, the rate limit, and what
blocking, following and muting change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from tests.factories import OrganizationFactory, UserFactory
from tremplin.network import queries, services
from tremplin.network.models import (
    REQUEST_TRANSITIONS,
    Block,
    ConnectionRequest,
    Follow,
    Hashtag,
    Mute,
    RequestStatus,
)
from tremplin.network.services import NetworkError


def code_of(excinfo) -> str:
    return excinfo.value.code


def test_every_status_has_its_transitions_declared():
    assert set(REQUEST_TRANSITIONS) == set(RequestStatus.values)
    for status in (RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN):
        assert REQUEST_TRANSITIONS[status] == set()  # final states


def test_a_request_then_accept_connects_both(personas):
    carol, alice = personas.carol, personas.alice
    request = services.request_connection(carol, alice, "  On s'est vus au salon de l'emploi. ")
    assert request.status == RequestStatus.PENDING
    assert request.note == "On s'est vus au salon de l'emploi."
    assert not services.are_connected(carol, alice)
    services.accept(alice, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.responded_at is not None
    assert services.are_connected(alice, carol)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("decline", RequestStatus.DECLINED),
        ("ignore", RequestStatus.IGNORED),
    ],
)
def test_the_recipient_declines_or_ignores(personas, action, status):
    request = services.request_connection(personas.carol, personas.alice)
    getattr(services, action)(personas.alice, request)
    request.refresh_from_db()
    assert request.status == status
    assert not services.are_connected(personas.alice, personas.carol)


def test_an_ignored_request_looks_pending_to_its_sender_and_can_still_be_accepted(personas):
    carol, alice = personas.carol, personas.alice
    request = services.request_connection(carol, alice)
    services.ignore(alice, request)
    assert request.status_for(carol) == RequestStatus.PENDING
    assert request.status_for(alice) == RequestStatus.IGNORED
    assert ConnectionRequest.objects.sent_by(carol).count() == 1
    assert ConnectionRequest.objects.received_by(alice).count() == 0  # put aside
    with pytest.raises(NetworkError) as refused:
        services.request_connection(carol, alice)  # no nagging: still "pending" for her
    assert code_of(refused) == "pending"
    services.accept(alice, request)
    assert services.are_connected(alice, carol)


def test_the_sender_withdraws(personas):
    request = services.request_connection(personas.carol, personas.alice)
    services.withdraw(personas.carol, request)
    assert request.status == RequestStatus.WITHDRAWN
    # A new request may follow a withdrawn one.
    again = services.request_connection(personas.carol, personas.alice)
    assert again.pk != request.pk


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("accept", "decline"),
        ("accept", "withdraw"),
        ("decline", "accept"),
        ("decline", "ignore"),
        ("withdraw", "accept"),
        ("ignore", "ignore"),
    ],
)
def test_refused_transitions(personas, first, then):
    carol, alice = personas.carol, personas.alice
    request = services.request_connection(carol, alice)
    actor = {"withdraw": carol}.get(first, alice)
    getattr(services, first)(actor, request)
    with pytest.raises(NetworkError) as refused:
        getattr(services, then)({"withdraw": carol}.get(then, alice), request)
    assert code_of(refused) == "transition"


@pytest.mark.parametrize("action", ["accept", "decline", "ignore"])
def test_only_the_recipient_answers(personas, action):
    request = services.request_connection(personas.carol, personas.alice)
    for intruder in (personas.carol, personas.bob):
        with pytest.raises(PermissionDenied):
            getattr(services, action)(intruder, request)
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_only_the_sender_withdraws(personas):
    request = services.request_connection(personas.carol, personas.alice)
    with pytest.raises(PermissionDenied):
        services.withdraw(personas.alice, request)


@pytest.mark.parametrize(
    ("sender", "recipient", "code"),
    [
        ("alice", "alice", "self"),
        ("alice", "bob", "connected"),  # the personas are connected already
    ],
)
def test_refused_requests(personas, sender, recipient, code):
    with pytest.raises(NetworkError) as refused:
        services.request_connection(getattr(personas, sender), getattr(personas, recipient))
    assert code_of(refused) == code


def test_a_second_request_is_refused_while_the_first_waits(personas):
    services.request_connection(personas.carol, personas.alice)
    with pytest.raises(NetworkError) as refused:
        services.request_connection(personas.carol, personas.alice)
    assert code_of(refused) == "pending"
    assert ConnectionRequest.objects.count() == 1


def test_the_database_refuses_two_open_requests_for_one_pair(personas):
    services.request_connection(personas.carol, personas.alice)
    with pytest.raises(IntegrityError):
        ConnectionRequest.objects.create(from_user=personas.carol, to_user=personas.alice)


def test_asking_someone_who_already_asked_me_accepts_their_request(personas):
    theirs = services.request_connection(personas.carol, personas.alice, "Bonjour")
    result = services.request_connection(personas.alice, personas.carol, "Moi aussi")
    assert result.pk == theirs.pk
    assert result.status == RequestStatus.ACCEPTED
    assert services.are_connected(personas.alice, personas.carol)
    assert ConnectionRequest.objects.count() == 1


@pytest.mark.parametrize("who_blocks", ["alice", "carol"])
def test_no_request_across_a_block_either_way(personas, who_blocks):
    alice, carol = personas.alice, personas.carol
    other = carol if who_blocks == "alice" else alice
    services.block(getattr(personas, who_blocks), other)
    with pytest.raises(NetworkError) as refused:
        services.request_connection(carol, alice)
    assert code_of(refused) == "blocked"


def test_a_note_longer_than_300_characters_is_refused(personas):
    with pytest.raises(NetworkError) as refused:
        services.request_connection(personas.carol, personas.alice, "x" * 301)
    assert code_of(refused) == "invalid"
    services.request_connection(personas.carol, personas.alice, "x" * 300)


def test_the_rate_limit_stops_the_101st_request_in_seven_days(db, monkeypatch):
    monkeypatch.setattr(services, "RATE_LIMIT", 3)
    sender = UserFactory(email="spam@example.org")
    others = [UserFactory(email=f"target{n}@example.org") for n in range(5)]
    for other in others[:3]:
        services.request_connection(sender, other)
    with pytest.raises(NetworkError) as refused:
        services.request_connection(sender, others[3])
    assert code_of(refused) == "rate_limited"
    assert "3" in refused.value.messages[0]
    # Withdrawn requests still count; requests older than 7 days do not.
    ConnectionRequest.objects.update(created=timezone.now() - timedelta(days=8))
    services.request_connection(sender, others[3])


def test_the_real_limit_is_100_a_week():
    assert services.RATE_LIMIT == 100
    assert timedelta(days=7) == services.RATE_WINDOW


def test_accepting_a_request_sent_to_me_is_not_limited(db, monkeypatch):
    monkeypatch.setattr(services, "RATE_LIMIT", 0)
    a, b = UserFactory(), UserFactory()
    ConnectionRequest.objects.create(from_user=b, to_user=a)
    services.request_connection(a, b)  # accepts b's request, sends nothing
    assert services.are_connected(a, b)


def test_remove_connection(personas):
    assert services.remove_connection(personas.bob, personas.alice)
    assert not services.are_connected(personas.alice, personas.bob)
    assert not services.remove_connection(personas.bob, personas.alice)


# ------------------------------------------------------------------ follows


def test_follow_a_person_an_organisation_and_a_hashtag(personas):
    alice = personas.alice
    employer = OrganizationFactory(kind="employer", name="Acier Nord", slug="acier-nord")
    services.follow(alice, person=personas.carol)
    services.follow(alice, organization=employer)
    services.follow(alice, hashtag="#Soudure")
    services.follow(alice, hashtag="soudure")  # idempotent, lowercase
    assert Follow.objects.filter(follower=alice).count() == 3
    assert list(Hashtag.objects.values_list("name", flat=True)) == ["soudure"]
    assert queries.is_following(alice, person=personas.carol)
    assert not services.are_connected(alice, personas.carol)  # following is not connecting
    assert services.unfollow(alice, hashtag="SOUDURE")
    assert services.unfollow(alice, organization=employer)
    assert services.unfollow(alice, person=personas.carol)
    assert not services.unfollow(alice, person=personas.carol)
    assert not Follow.objects.exists()


@pytest.mark.parametrize("name", ["", "#", "deux mots", "a" * 51, "<script>", "_x"])
def test_bad_hashtags_are_refused(personas, name):
    with pytest.raises(NetworkError):
        services.follow(personas.alice, hashtag=name)


def test_the_database_insists_on_exactly_one_follow_target(personas):
    tag = Hashtag.objects.create(name="emploi")
    with pytest.raises(IntegrityError):
        Follow.objects.create(follower=personas.alice, user=personas.bob, hashtag=tag)


def test_the_database_refuses_a_follow_with_no_target(personas):
    with pytest.raises(IntegrityError):
        Follow.objects.create(follower=personas.alice)


def test_no_following_oneself_or_across_a_block(personas):
    with pytest.raises(NetworkError):
        services.follow(personas.alice, person=personas.alice)
    services.block(personas.carol, personas.alice)
    with pytest.raises(NetworkError) as refused:
        services.follow(personas.alice, person=personas.carol)
    assert code_of(refused) == "blocked"


# ------------------------------------------------------------------ blocks and mutes


def test_blocking_ends_the_connection_requests_and_follows_both_ways(personas):
    alice, bob, carol = personas.alice, personas.bob, personas.carol
    mine = services.request_connection(alice, carol)
    services.withdraw(alice, mine)
    sent = services.request_connection(alice, carol)
    services.follow(alice, person=bob)
    services.follow(bob, person=alice)
    services.follow(alice, person=carol)
    theirs_to_me = ConnectionRequest.objects.create(from_user=bob, to_user=alice)

    services.block(alice, bob)

    assert not services.are_connected(alice, bob)
    theirs_to_me.refresh_from_db()
    assert theirs_to_me.status == RequestStatus.DECLINED
    assert not Follow.objects.filter(follower=alice, user=bob).exists()
    assert not Follow.objects.filter(follower=bob, user=alice).exists()
    # Nothing else changes.
    assert Follow.objects.filter(follower=alice, user=carol).exists()
    sent.refresh_from_db()
    assert sent.status == RequestStatus.PENDING
    assert Block.objects.filter(blocker=alice, blocked=bob).count() == 1


def test_blocking_withdraws_my_own_request_to_them(personas):
    request = services.request_connection(personas.alice, personas.carol)
    services.block(personas.alice, personas.carol)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_block_is_idempotent_and_unblock_does_not_reconnect(personas):
    services.block(personas.alice, personas.bob)
    services.block(personas.alice, personas.bob)
    assert Block.objects.count() == 1
    assert services.unblock(personas.alice, personas.bob)
    assert not services.unblock(personas.alice, personas.bob)
    assert not services.are_connected(personas.alice, personas.bob)


def test_no_blocking_or_muting_oneself(personas):
    with pytest.raises(NetworkError):
        services.block(personas.alice, personas.alice)
    with pytest.raises(NetworkError):
        services.mute(personas.alice, personas.alice)


def test_mute_is_stored_changes_nothing_else_and_feeds_can_read_it(personas):
    from tremplin.accounts.models import User

    alice, bob = personas.alice, personas.bob
    services.mute(alice, bob)
    services.mute(alice, bob)
    assert Mute.objects.count() == 1
    assert services.are_connected(alice, bob)  # still connected
    assert list(User.objects.filter(pk__in=queries.muted_ids(alice))) == [bob]
    assert "basics" in bob.profile.sections_visible_to(alice)  # still visible
    assert services.unmute(alice, bob)
    assert not services.unmute(alice, bob)
    assert not User.objects.filter(pk__in=queries.muted_ids(alice)).exists()
