"""Message requests (strangers land in "Message requests"), their lifecycle, blocks and
the rate limit on writing to strangers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.messaging.conftest import api_post, bearer
from tremplin.messaging import services
from tremplin.messaging.errors import MessagingError
from tremplin.messaging.hooks import MESSAGE
from tremplin.messaging.models import REQUEST_TRANSITIONS, Participant, RequestState
from tremplin.network.services import block
from tremplin.notifications.models import Notification


def row(user, conversation) -> Participant:
    return Participant.objects.get(user=user, conversation=conversation)


def test_the_lifecycle_is_declared_in_one_place():
    assert REQUEST_TRANSITIONS[RequestState.PENDING] == {
        RequestState.ACCEPTED,
        RequestState.REFUSED,
    }
    assert REQUEST_TRANSITIONS[RequestState.ACCEPTED] == set()
    assert REQUEST_TRANSITIONS[RequestState.REFUSED] == set()


def test_a_connection_writes_straight_to_the_inbox(personas, as_user):
    conversation, _m = services.start_conversation(personas.alice, [personas.bob], "Salut")
    assert row(personas.bob, conversation).request_state == RequestState.ACCEPTED
    page = as_user(personas.bob).get("/fr/messages/")
    assert conversation.get_absolute_url().encode() in page.content


def test_a_stranger_lands_in_message_requests_then_accepted_moves_to_the_inbox(personas, as_user):
    conversation, _m = services.start_conversation(personas.carol, [personas.alice], "Bonjour")
    alice = as_user(personas.alice)
    url = conversation.get_absolute_url().encode()
    assert url not in alice.get("/fr/messages/").content
    requests_page = alice.get("/fr/messages/requests/")
    assert url in requests_page.content
    page = alice.get(conversation.get_absolute_url())
    assert b"request-banner" in page.content

    response = alice.post(f"/fr/messages/{conversation.pk}/accept/")
    assert response.status_code == 302
    assert row(personas.alice, conversation).request_state == RequestState.ACCEPTED
    assert url in alice.get("/fr/messages/").content
    assert url not in alice.get("/fr/messages/requests/").content
    # A second answer is refused: the lifecycle allows no move from "accepted".
    with pytest.raises(MessagingError):
        services.refuse_request(personas.alice, conversation)


def test_replying_to_a_request_accepts_it(personas):
    conversation, _m = services.start_conversation(personas.carol, [personas.alice], "Bonjour")
    services.send_message(personas.alice, conversation, "Bonjour Carol")
    assert row(personas.alice, conversation).request_state == RequestState.ACCEPTED


def test_a_refused_request_disappears_and_the_sender_cannot_write_again(personas, as_user):
    conversation, _m = services.start_conversation(personas.carol, [personas.alice], "Bonjour")
    alice = as_user(personas.alice)
    assert alice.post(f"/fr/messages/{conversation.pk}/refuse/").status_code == 302
    assert alice.get(conversation.get_absolute_url()).status_code == 404
    assert (
        conversation.get_absolute_url().encode() not in alice.get("/fr/messages/requests/").content
    )
    assert not Notification.objects.filter(recipient=personas.alice).exists()

    with pytest.raises(MessagingError) as caught:
        services.send_message(personas.carol, conversation, "Encore moi")
    assert caught.value.code == "refused"
    # Starting "again" continues the same one-to-one conversation: still refused.
    with pytest.raises(MessagingError):
        services.start_conversation(personas.carol, [personas.alice], "Et maintenant?")
    response = api_post(
        Client(),
        "/conversations",
        {"participants": ["alice-martin"], "body": "Allô"},
        **bearer(personas.carol),
    )
    assert response.status_code == 403, response.content
    carol_page = as_user(personas.carol).get(f"/en/messages/{conversation.pk}/")
    assert b"This member did not accept your message request." in carol_page.content
    assert f"/en/messages/{conversation.pk}/send/".encode() not in carol_page.content


def test_a_pending_request_notifies_once_however_many_messages(personas):
    conversation, _m = services.start_conversation(personas.carol, [personas.alice], "Un")
    services.send_message(personas.carol, conversation, "Deux")
    services.send_message(personas.carol, conversation, "Trois")
    rows = Notification.objects.filter(recipient=personas.alice, kind=MESSAGE)
    assert rows.count() == 1
    assert rows.get().count == 1
    assert rows.get().data == {"excerpt": "Un"}


def test_accepted_conversations_notify_each_message_grouped(personas):
    conversation, _m = services.start_conversation(personas.alice, [personas.bob], "Un")
    services.send_message(personas.alice, conversation, "Deux")
    found = Notification.objects.get(recipient=personas.bob, kind=MESSAGE)
    assert found.group_key == f"message:conversation:{conversation.pk}"
    assert found.count == 2
    assert found.target == conversation
    assert found.data == {"excerpt": "Deux"}
    assert not Notification.objects.filter(recipient=personas.alice).exists()


def test_a_muted_conversation_sends_no_notification(personas):
    conversation, _m = services.start_conversation(personas.alice, [personas.bob], "Un")
    Notification.objects.all().delete()
    services.set_muted(personas.bob, conversation, True)
    services.send_message(personas.alice, conversation, "Deux")
    assert not Notification.objects.exists()
    assert row(personas.bob, conversation).unread == 2


# ------------------------------------------------------------------ blocks


def test_blocked_people_cannot_start_a_conversation_either_way(personas, as_user):
    block(personas.alice, personas.carol)
    for writer, handle in ((personas.carol, "alice-martin"), (personas.alice, "carol-singh")):
        page = as_user(writer).post("/en/messages/new/", {"to": handle, "body": "Salut"})
        assert page.status_code == 200
        assert f"No member found with the address “{handle}”".encode() in page.content
        assert b"Salut" in page.content  # the text is kept
        response = api_post(
            Client(),
            "/conversations",
            {"participants": [handle], "body": "Salut"},
            **bearer(writer),
        )
        assert response.status_code == 404
        with pytest.raises(MessagingError):
            services.start_conversation(
                writer, [personas.carol if writer == personas.alice else personas.alice], "x"
            )
    assert not Participant.objects.exists()


def test_a_block_stops_writing_and_hides_new_messages(personas, as_user):
    conversation, _m = services.start_conversation(personas.alice, [personas.bob], "Avant")
    block(personas.bob, personas.alice)
    with pytest.raises(MessagingError) as caught:
        services.send_message(personas.alice, conversation, "Après")
    assert caught.value.code == "blocked"
    with pytest.raises(MessagingError):
        services.send_message(personas.bob, conversation, "Après")
    response = api_post(
        Client(),
        f"/conversations/{conversation.pk}/messages",
        {"body": "Après"},
        **bearer(personas.alice),
    )
    assert response.status_code == 403


def test_in_a_group_a_block_hides_the_others_new_messages(personas, as_user):
    group, _m = services.start_conversation(
        personas.alice, [personas.bob, personas.carol], "Bienvenue", name="Atelier CV"
    )
    services.accept_request(personas.carol, group)
    services.send_message(personas.carol, group, "Ecrit avant le blocage")
    before = Notification.objects.get(recipient=personas.alice, actor=personas.carol)
    block(personas.alice, personas.carol)
    services.send_message(personas.carol, group, "Zorglub après le blocage")
    alice_page = as_user(personas.alice).get(group.get_absolute_url()).content
    assert b"Ecrit avant le blocage" in alice_page
    assert b"Zorglub" not in alice_page
    assert b"Zorglub" in as_user(personas.bob).get(group.get_absolute_url()).content
    # Opening the page read everything; the hidden message never counted as unread.
    services.send_message(personas.carol, group, "Zorglub encore")
    assert row(personas.alice, group).unread == 0
    after = Notification.objects.get(recipient=personas.alice, actor=personas.carol)
    assert (after.count, after.data) == (before.count, before.data)


# ------------------------------------------------------------------ rate limit


def test_writing_to_strangers_is_limited_per_day(personas):
    strangers = [UserFactory() for _ in range(services.STRANGER_LIMIT + 1)]
    for person in strangers[: services.STRANGER_LIMIT]:
        services.start_conversation(personas.carol, [person], "Bonjour")
    with pytest.raises(MessagingError) as caught:
        services.start_conversation(personas.carol, [strangers[-1]], "Bonjour")
    assert caught.value.code == "rate_limited"
    response = api_post(
        Client(),
        "/conversations",
        {"participants": [strangers[-1].profile.handle], "body": "Bonjour"},
        **bearer(personas.carol),
    )
    assert response.status_code == 429
    # Connections are not strangers: writing to them is not limited.
    services.start_conversation(personas.alice, [personas.bob], "Toujours possible")


def test_a_group_of_strangers_counts_each_stranger(personas):
    strangers = [UserFactory() for _ in range(services.STRANGER_LIMIT + 1)]
    with pytest.raises(MessagingError) as caught:
        services.start_conversation(personas.carol, strangers, "Spam", name="Promo")
    assert caught.value.code == "rate_limited"
