"""Bad input gets a clear message and loses nothing: pages re-render with the text, the
API answers 4xx JSON."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.factories import UserFactory
from tests.messaging.conftest import API, PDF_BYTES, api_post, bearer, png_bytes
from tremplin.messaging import attachments, services
from tremplin.messaging.errors import MessagingError
from tremplin.messaging.models import Attachment, Conversation, Message

TEXT = "Voici mon brouillon soigné"


def test_an_empty_message_is_refused_with_a_reason(personas, talk, as_user):
    conversation, _first, _reply = talk
    before = Message.objects.count()
    page = as_user(personas.alice).post(f"/en/messages/{conversation.pk}/send/", {"body": "   "})
    assert page.status_code == 200
    assert b"Write a message or attach a file." in page.content
    response = api_post(
        Client(),
        f"/conversations/{conversation.pk}/messages",
        {"body": ""},
        **bearer(personas.alice),
    )
    assert response.status_code == 422 and response.json()["detail"]
    assert Message.objects.count() == before


def test_a_text_file_renamed_as_a_picture_is_refused_and_the_text_kept(personas, talk, as_user):
    conversation, _first, _reply = talk
    fake = SimpleUploadedFile("photo.jpg", b"#!/bin/sh\necho pwned\n", content_type="image/jpeg")
    page = as_user(personas.alice).post(
        f"/en/messages/{conversation.pk}/send/", {"body": TEXT, "attachments": [fake]}
    )
    assert page.status_code == 200
    assert (
        "“photo.jpg” is not a picture (JPEG, PNG, WebP or GIF) or a PDF document.".encode()
        in page.content
    )
    assert TEXT.encode() in page.content
    assert not Attachment.objects.exists()


def test_a_picture_renamed_as_a_pdf_is_treated_as_what_it_is(personas, talk):
    conversation, _first, _reply = talk
    upload = SimpleUploadedFile("rapport.pdf", png_bytes(), content_type="application/pdf")
    message = services.send_message(
        personas.alice, conversation, "", files=attachments.prepare_attachments([upload])
    )
    attachment = message.attachments.get()
    assert (attachment.kind, attachment.original_name) == ("image", "rapport.jpg")


def test_an_oversized_file_is_refused_over_the_api(personas, talk, settings):
    conversation, _first, _reply = talk
    big = SimpleUploadedFile(
        "gros.pdf",
        PDF_BYTES + b"0" * (attachments.PDF_MAX_BYTES + 1),
        content_type="application/pdf",
    )
    response = Client().post(
        f"{API}/conversations/{conversation.pk}/attachments",
        {"body": TEXT, "files": [big]},
        **bearer(personas.alice),
    )
    assert response.status_code == 422, response.content
    assert "trop volumineux" in response.json()["detail"]  # French: the site default
    assert not Attachment.objects.exists()


def test_too_many_files_are_refused(personas, talk):
    files = [
        SimpleUploadedFile(f"{n}.pdf", PDF_BYTES) for n in range(attachments.MAX_ATTACHMENTS + 1)
    ]
    with pytest.raises(MessagingError):
        attachments.prepare_attachments(files)


def test_more_than_fifty_participants_are_refused(personas, as_user):
    people = [UserFactory() for _ in range(50)]  # 50 others + me = 51
    handles = ", ".join(p.profile.handle for p in people)
    page = as_user(personas.alice).post("/en/messages/new/", {"to": handles, "body": TEXT})
    assert page.status_code == 200
    assert b"A conversation has 50 participants at most (you included)." in page.content
    assert TEXT.encode() in page.content
    response = api_post(
        Client(),
        "/conversations",
        {"participants": [p.profile.handle for p in people], "body": TEXT},
        **bearer(personas.alice),
    )
    assert response.status_code == 422
    with pytest.raises(MessagingError):
        services.start_conversation(personas.alice, people, TEXT)
    assert not Conversation.objects.exists()


def test_an_unknown_member_is_named_in_the_error(personas, as_user):
    page = as_user(personas.alice).post(
        "/en/messages/new/", {"to": "personne-inconnue", "body": TEXT}
    )
    assert "No member found with the address “personne-inconnue”.".encode() in page.content
    assert TEXT.encode() in page.content


def test_the_pii_guard_warns_keeps_the_text_and_sends_when_confirmed(personas, talk, as_user):
    conversation, _first, _reply = talk
    risky = "Appelle-moi au 613-555-0199 ou écris à alice@example.org"
    before = Message.objects.count()
    client = as_user(personas.alice)
    page = client.post(f"/en/messages/{conversation.pk}/send/", {"body": risky})
    assert page.status_code == 200
    assert b"pii-warning" in page.content
    assert b"Send anyway: I have checked this message." in page.content
    assert risky.encode() in page.content
    assert Message.objects.count() == before
    sent = client.post(
        f"/en/messages/{conversation.pk}/send/", {"body": risky, "confirm_pii": "on"}
    )
    assert sent.status_code == 302
    assert Message.objects.latest("pk").body == risky


def test_the_api_answers_422_with_pii_unless_confirmed(personas, talk):
    conversation, _first, _reply = talk
    headers = bearer(personas.alice)
    url = f"/conversations/{conversation.pk}/messages"
    refused = api_post(Client(), url, {"body": "Mon NAS: 046 454 286"}, **headers)
    assert refused.status_code == 422
    assert refused.json()["pii"] == {"body": ["sin"]}
    sent = api_post(Client(), url, {"body": "Mon NAS: 046 454 286", "confirm_pii": True}, **headers)
    assert sent.status_code == 201
    started = api_post(
        Client(),
        "/conversations",
        {"participants": ["bob-roy"], "body": "Tél 613-555-0199"},
        **headers,
    )
    assert started.status_code == 422 and "pii" in started.json()


def test_unknown_fields_and_bad_ids_are_4xx(personas, talk):
    conversation, _first, _reply = talk
    headers = bearer(personas.alice)
    assert (
        api_post(
            Client(),
            f"/conversations/{conversation.pk}/messages",
            {"body": "x", "oops": 1},
            **headers,
        ).status_code
        == 422
    )
    assert Client().get(f"{API}/conversations/0", **headers).status_code == 422
    assert Client().get(f"{API}/conversations/999999", **headers).status_code == 404
    assert as_user_get(personas.alice, "/fr/messages/999999/") == 404
    assert as_user_get(personas.alice, f"/fr/messages/{conversation.pk}/?before=abc") == 200


def as_user_get(user, url) -> int:
    client = Client()
    client.force_login(user)
    return client.get(url).status_code
