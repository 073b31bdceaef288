"""The network and profile actions that notify: connection requests and acceptances,
endorsements, recommendations. Each row is written in the cause's transaction."""

from __future__ import annotations

import pytest
from django.test import Client

from tremplin.network import services as network
from tremplin.network.hooks import CONNECTION_ACCEPTED, CONNECTION_REQUEST
from tremplin.network.models import ConnectionRequest
from tremplin.notifications.models import Notification
from tremplin.profiles import services as profiles
from tremplin.profiles.hooks import ENDORSEMENT, RECOMMENDATION
from tremplin.profiles.models import Skill


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_request_notifies_the_recipient_and_an_acceptance_the_requester(personas):
    request = network.request_connection(personas.carol, personas.alice, "Bonjour")
    assert kinds_for(personas.alice) == [CONNECTION_REQUEST]
    row = Notification.objects.get(recipient=personas.alice)
    assert row.actor == personas.carol and row.target == request
    network.accept(personas.alice, request)
    accepted = Notification.objects.get(recipient=personas.carol)
    assert accepted.kind == CONNECTION_ACCEPTED and accepted.actor == personas.alice
    assert accepted.target == personas.alice.profile


def test_asking_someone_who_already_asked_you_notifies_them_of_the_acceptance(personas):
    network.request_connection(personas.carol, personas.alice)
    network.request_connection(personas.alice, personas.carol)
    assert kinds_for(personas.carol) == [CONNECTION_ACCEPTED]
    assert kinds_for(personas.alice) == [CONNECTION_REQUEST]


def test_declining_or_ignoring_tells_nobody(personas):
    for answer in (network.decline, network.ignore):
        ConnectionRequest.objects.all().delete()
        Notification.objects.all().delete()
        request = network.request_connection(personas.carol, personas.alice)
        answer(personas.alice, request)
        assert kinds_for(personas.carol) == []


def test_a_refused_request_leaves_no_notification(personas):
    network.block(personas.alice, personas.carol)
    with pytest.raises(network.NetworkError):
        network.request_connection(personas.carol, personas.alice)
    assert not Notification.objects.exists()


def test_the_request_page_and_the_api_notify_too(personas):
    client = Client()
    client.force_login(personas.carol)
    client.post("/fr/network/connect/alice-martin/", {"note": ""})
    assert kinds_for(personas.alice) == [CONNECTION_REQUEST]


def test_endorsements_of_one_skill_group_into_one_notification(personas):
    from tests.factories import UserFactory

    dan = UserFactory(name="Dan Poirier")
    network.connect(personas.alice, dan)
    skill = Skill.objects.create(profile=personas.alice.profile, name="Soudure")
    profiles.endorse(personas.bob, skill)
    profiles.endorse(personas.bob, skill)  # idempotent: no second event
    profiles.endorse(dan, skill)
    row = Notification.objects.get(recipient=personas.alice)
    assert row.kind == ENDORSEMENT
    assert (row.count, row.actor_count, row.data) == (2, 2, {"skill": "Soudure"})


def test_a_recommendation_notifies_its_recipient(personas):
    made = profiles.write_recommendation(
        personas.bob, personas.alice.profile, "Collègue", "Une soudeuse hors pair."
    )
    row = Notification.objects.get(recipient=personas.alice)
    assert (row.kind, row.actor, row.target) == (RECOMMENDATION, personas.bob, made)
