"""The "messages" scope binds on every path (issue 15, item 4): while alice lets dave
message her, his messages reach her (no message request, a notification, a live event);
once she withdraws "send me messages" or pauses the link, nothing he writes reaches her
by any path (page, API, attachments, a new conversation, a group), and he is told why.
erin and frank (other counsellors) never get a counsellor's way in.

REGRESSION: `test_a_withdrawn_messages_scope_stops_every_message` fails on 629d474
(`allows_messages` was read nowhere: dave's message still arrived)."""

from __future__ import annotations

import pytest

from tests.counselling.consent_paths import (
    OTHERS,
    api,
    assert_not_granted,
    pause,
    post_json,
    withdraw,
)
from tests.messaging.conftest import png_bytes
from tremplin.messaging import live, services
from tremplin.messaging.models import Message, Participant, RequestState
from tremplin.notifications.models import Notification

API = "/api/v1/messages"
SAID = {
    "withdraw": (
        "Alice Martin has not allowed you to send them messages.",
        "Alice Martin ne vous a pas donné la permission de lui envoyer des messages.",
    ),
    "pause": (
        "Your counselling link with Alice Martin is paused",
        "Votre suivi avec Alice Martin est en pause",
    ),
}


@pytest.fixture
def pushes(monkeypatch):
    """The live events (websocket) sent, as (user id, payload)."""
    sent: list[tuple[int, dict]] = []
    monkeypatch.setattr(live, "send_to_user", lambda uid, payload: sent.append((uid, payload)))
    return sent


def notified(user) -> int:
    return Notification.objects.filter(recipient=user, kind="message").count()


def test_with_the_scope_dave_writes_to_alice_directly_and_others_only_ask(
    crew, browser_of, pushes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser_of("dave").post(
            "/en/messages/new/", {"to": "alice-martin", "body": "Bonjour Alice"}
        )
    assert response.status_code == 302
    conversation = Message.objects.get(sender=crew.dave).conversation
    row = Participant.objects.get(conversation=conversation, user=crew.alice)
    assert row.request_state == RequestState.ACCEPTED  # her consent: no message request
    assert notified(crew.alice) == 1
    assert any(uid == crew.alice.pk and p["type"] == "message" for uid, p in pushes)
    answer = post_json(
        api(crew.dave),
        f"{API}/conversations/{conversation.pk}/messages",
        {"body": "Rendez-vous jeudi ?"},
    )
    assert answer.status_code == 201
    # Other counsellors, of her agency or not, are ordinary members to her: a request.
    for name in OTHERS:
        started = post_json(
            api(getattr(crew, name)),
            f"{API}/conversations",
            {"participants": ["alice-martin"], "body": "Bonjour"},
        )
        assert started.status_code == 201, started.content
        other = Participant.objects.get(
            conversation_id=started.json()["conversation"]["id"], user=crew.alice
        )
        assert other.request_state == RequestState.PENDING


@pytest.mark.parametrize("how", ["withdraw", "pause"])
def test_a_withdrawn_messages_scope_stops_every_message(
    crew, browser_of, pushes, django_capture_on_commit_callbacks, how
):
    conversation, _first = services.start_conversation(crew.dave, [crew.alice], "Bonjour")
    group, _g = services.start_conversation(
        crew.dave, [crew.alice, crew.bob], "Atelier CV", name="Atelier"
    )
    if how == "withdraw":
        withdraw(browser_of, crew.case, "messages")
    else:
        pause(browser_of, crew.case)
    sentence, in_french = SAID[how]
    before, count = notified(crew.alice), Message.objects.count()
    dave, token = browser_of("dave"), api(crew.dave)
    with django_capture_on_commit_callbacks(execute=True):
        # The conversation page says he cannot write, in place of the form (fr and en).
        page = dave.get(f"/en/messages/{conversation.pk}/")
        assert sentence in page.content.decode()
        assert 'id="send-form"' in page.content.decode() and "<textarea" not in (
            page.content.decode()
        )
        assert in_french in dave.get(f"/fr/messages/{conversation.pk}/").content.decode()
        sent = dave.post(f"/en/messages/{conversation.pk}/send/", {"body": "Encore moi"})
        assert sentence in sent.content.decode()
        assert_not_granted(
            post_json(
                token, f"{API}/conversations/{conversation.pk}/messages", {"body": "Encore moi"}
            )
        )
        files = token.post(
            f"{API}/conversations/{conversation.pk}/attachments",
            {"files": [_png()], "body": "Mon CV corrigé"},
        )
        assert_not_granted(files)
        assert_not_granted(
            post_json(
                token,
                f"{API}/conversations",
                {"participants": ["alice-martin"], "body": "Nouveau fil"},
            )
        )
        assert_not_granted(
            post_json(token, f"{API}/conversations/{group.pk}/messages", {"body": "Au groupe"})
        )
        new = dave.post("/en/messages/new/", {"to": "alice-martin", "body": "Nouveau", "name": "X"})
        assert new.status_code == 200 and sentence in new.content.decode()
    assert Message.objects.count() == count
    assert notified(crew.alice) == before
    assert not [p for uid, p in pushes if uid == crew.alice.pk]
    # alice may still write to him (her choice), and it reaches him.
    services.send_message(crew.alice, conversation, "Je vous recontacte.")
    assert Message.objects.count() == count + 1


def _png():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("cv.png", png_bytes(), content_type="image/png")
