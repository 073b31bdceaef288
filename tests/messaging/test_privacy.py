"""Nobody outside a conversation sees it, its messages or its files: not a stranger, a
blocked member, a counsellor (even alice's own), a moderator or staff, and not an
anonymous visitor. Pages and API answer 404 (anonymous: sign-in redirect or 401)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.messaging.conftest import API, PDF_BYTES, api_post, bearer
from tests.personas import viewer_of
from tremplin.messaging import attachments, services
from tremplin.messaging.models import Conversation, Message
from tremplin.network.services import block

SECRET = "Quokkamessage"
OUTSIDERS = ["carol", "dave", "erin", "mallory", "sam", "blocked"]


@pytest.fixture
def private(personas, talk):
    conversation, first, _reply = talk
    upload = SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")
    with_file = services.send_message(
        personas.alice, conversation, "Mon CV", files=attachments.prepare_attachments([upload])
    )
    return conversation, first, with_file.attachments.get()


def outsider(personas, name):
    if name == "blocked":
        # carol blocks alice: she is outside the conversation and blocked on top.
        block(personas.carol, personas.alice)
        return personas.carol
    return viewer_of(personas, name)


def page_urls(conversation, message, attachment) -> list[str]:
    base = f"/fr/messages/{conversation.pk}/"
    return [
        base,
        f"{base}updates/?after=0",
        f"{base}m/{message.pk}/",
        f"/fr/messages/files/{attachment.pk}/",
    ]


@pytest.mark.parametrize("name", OUTSIDERS)
def test_an_outsider_gets_404_on_every_page_of_the_conversation(personas, private, as_user, name):
    conversation, message, attachment = private
    client = as_user(outsider(personas, name))
    for url in page_urls(conversation, message, attachment):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET.encode() not in response.content
    for action in ("send", "read", "accept", "refuse", "leave", "mute", "rename"):
        response = client.post(f"/fr/messages/{conversation.pk}/{action}/", {"body": "x"})
        assert response.status_code == 404, action
    response = client.post(f"/fr/messages/{conversation.pk}/m/{message.pk}/delete/")
    assert response.status_code == 404
    assert Message.objects.filter(conversation=conversation).count() == 3
    assert not Message.objects.get(pk=message.pk).deleted_at


@pytest.mark.both_databases  # search (icontains folds case per database)
@pytest.mark.parametrize("name", OUTSIDERS)
def test_an_outsider_finds_nothing_in_lists_and_search(personas, private, as_user, name):
    client = as_user(outsider(personas, name))
    for url in ("/fr/messages/", "/fr/messages/requests/", f"/fr/messages/search/?q={SECRET}"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"Bonjour Bob" not in response.content  # the message text
        assert b"Mon CV" not in response.content
        assert private[0].get_absolute_url().encode() not in response.content


@pytest.mark.both_databases  # search (icontains folds case per database)
@pytest.mark.parametrize("name", OUTSIDERS)
def test_an_outsider_gets_404_in_the_api(personas, private, name):
    conversation, message, attachment = private
    headers = bearer(outsider(personas, name))
    from django.test import Client

    client = Client()
    base = f"{API}/conversations/{conversation.pk}"
    assert client.get(base, **headers).status_code == 404
    assert (
        api_post(
            client, f"/conversations/{conversation.pk}/messages", {"body": "Coucou"}, **headers
        ).status_code
        == 404
    )
    assert (
        api_post(client, f"/conversations/{conversation.pk}/read", {}, **headers).status_code == 404
    )
    assert api_post(client, f"/conversations/{conversation.pk}/leave", **headers).status_code == 404
    assert client.delete(f"{base}/messages/{message.pk}", **headers).status_code == 404
    assert (
        client.patch(base, '{"name": "x"}', content_type="application/json", **headers).status_code
        == 404
    )
    listed = client.get(f"{API}/conversations", **headers).json()["results"]
    assert conversation.pk not in [c["id"] for c in listed]
    found = client.get(f"{API}/search", {"q": SECRET}, **headers)
    assert found.status_code == 200 and found.json() == []
    assert Message.objects.filter(conversation=conversation).count() == 3


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_anonymous_visitors_are_sent_to_sign_in_and_the_api_says_401(db, private, client):
    conversation, message, attachment = private
    for url in page_urls(conversation, message, attachment) + ["/fr/messages/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in (f"/conversations/{conversation.pk}", "/conversations", "/unread", "/search?q=x"):
        response = client.get(API + url)
        assert response.status_code == 401, url
        assert SECRET.encode() not in response.content


def test_participants_see_it_all(personas, private, as_user):
    conversation, message, attachment = private
    for member in (personas.alice, personas.bob):
        client = as_user(member)
        for url in page_urls(conversation, message, attachment):
            assert client.get(url).status_code == 200, url
        assert SECRET.encode() in client.get(f"/fr/messages/{conversation.pk}/").content


def test_visible_to_is_the_one_rule(personas, private):
    conversation, message, _attachment = private
    for name in ("carol", "dave", "erin", "mallory", "sam"):
        viewer = getattr(personas, name)
        assert not Conversation.objects.visible_to(viewer).exists()
        assert not Message.objects.visible_to(viewer).exists()
        assert not conversation.is_visible_to(viewer)
        assert not message.is_visible_to(viewer)
    assert message.is_visible_to(personas.bob)
    from django.contrib.auth.models import AnonymousUser

    assert not Conversation.objects.visible_to(AnonymousUser()).exists()
    assert not Message.objects.visible_to(None).exists()


def test_a_pdf_is_served_as_a_download_and_privately(personas, private, as_user):
    _conversation, _message, attachment = private
    response = as_user(personas.bob).get(f"/fr/messages/files/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
