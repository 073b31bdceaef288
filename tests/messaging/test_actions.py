"""Sending (without JavaScript, with htmx, over the API), reading, leaving, deleting,
renaming and searching."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from tests.messaging.conftest import API, PDF_BYTES, api_post, bearer, png_bytes
from tremplin.messaging import attachments, queries, services
from tremplin.messaging.errors import MessagingError
from tremplin.messaging.models import Attachment, Message, Participant


def row(user, conversation) -> Participant:
    return Participant.objects.get(user=user, conversation=conversation)


@pytest.fixture
def group(personas):
    conversation, _m = services.start_conversation(
        personas.alice, [personas.bob, personas.dave], "Bienvenue", name="Atelier CV"
    )
    return conversation


# ------------------------------------------------------------------ sending


def test_sending_without_javascript_posts_then_redirects(personas, talk, as_user):
    conversation, _first, _reply = talk
    response = as_user(personas.bob).post(
        f"/fr/messages/{conversation.pk}/send/", {"body": "**Gras** et *italique*"}
    )
    sent = Message.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == f"/fr/messages/{conversation.pk}/#m-{sent.pk}"
    page = as_user(personas.alice).get(f"/fr/messages/{conversation.pk}/").content
    assert b"<strong>Gras</strong> et <em>italique</em>" in page


def test_sending_with_htmx_swaps_only_the_form(personas, talk, as_user):
    conversation, _first, _reply = talk
    response = as_user(personas.bob).post(
        f"/fr/messages/{conversation.pk}/send/", {"body": "Par htmx"}, HTTP_HX_REQUEST="true"
    )
    sent = Message.objects.latest("pk")
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"messaging:sent": {"id": sent.pk}}
    assert b'id="send-form"' in response.content and b"<html" not in response.content
    assert sent.body == "Par htmx"


def test_message_text_is_sanitised(personas, talk, as_user):
    conversation, _first, _reply = talk
    services.send_message(
        personas.bob, conversation, "<script>alert(1)</script> [x](javascript:alert(1)) `a<b`"
    )
    page = as_user(personas.alice).get(conversation.get_absolute_url()).content
    assert b"<script>alert(1)" not in page
    assert b'href="javascript' not in page
    assert b"<code>a&lt;b</code>" in page


def test_a_picture_is_reencoded_without_exif(personas, talk, as_user):
    conversation, _first, _reply = talk
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("photo.jpg", png_bytes(exif=True), content_type="image/jpeg")
    response = as_user(personas.bob).post(
        f"/fr/messages/{conversation.pk}/send/", {"body": "", "attachments": [upload]}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.kind == "image"
    stored = default_storage.open(attachment.file.name).read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    served = as_user(personas.alice).get(attachment.get_absolute_url())
    assert served["Content-Type"] == "image/jpeg"
    assert "attachment" not in served.get("Content-Disposition", "")


def test_the_multipart_api_sends_files(personas, talk):
    conversation, _first, _reply = talk
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = Client().post(
        f"{API}/conversations/{conversation.pk}/attachments",
        {
            "body": "Mon CV",
            "files": [SimpleUploadedFile("cv.pdf", PDF_BYTES, content_type="application/pdf")],
        },
        **bearer(personas.alice),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["body"] == "Mon CV"
    assert [(a["kind"], a["name"]) for a in body["attachments"]] == [("pdf", "cv.pdf")]


def test_the_json_api_sends_and_pages_by_keyset(personas, talk):
    conversation, first, reply = talk
    headers = bearer(personas.alice)
    client = Client()
    for n in range(5):
        sent = api_post(
            client, f"/conversations/{conversation.pk}/messages", {"body": f"n{n}"}, **headers
        )
        assert sent.status_code == 201, sent.content
    page = client.get(f"{API}/conversations/{conversation.pk}", {"limit": 3}, **headers).json()
    assert [m["body"] for m in page["messages"]] == ["n2", "n3", "n4"]
    older = client.get(
        f"{API}/conversations/{conversation.pk}",
        {"limit": 3, "before": page["next_before"]},
        **headers,
    ).json()
    assert [m["body"] for m in older["messages"]] == [reply.body, "n0", "n1"]
    newer = client.get(
        f"{API}/conversations/{conversation.pk}", {"after": reply.pk}, **headers
    ).json()
    assert [m["body"] for m in newer["messages"]] == ["n0", "n1", "n2", "n3", "n4"]


def test_listing_filters_inbox_and_requests(personas, talk):
    conversation, _first, _reply = talk
    request, _m = services.start_conversation(personas.carol, [personas.alice], "Bonjour")
    client, headers = Client(), bearer(personas.alice)
    inbox = client.get(f"{API}/conversations", **headers).json()["results"]
    requests = client.get(f"{API}/conversations", {"box": "requests"}, **headers).json()["results"]
    assert [c["id"] for c in inbox] == [conversation.pk]
    assert [(c["id"], c["box"], c["unread"]) for c in requests] == [(request.pk, "requests", 1)]
    assert client.get(f"{API}/unread", **headers).json() == {
        "unread_conversations": 2,
        "requests": 1,
    }
    assert client.get(f"{API}/conversations", {"box": "junk"}, **headers).status_code == 422
    accepted = api_post(client, f"/conversations/{request.pk}/accept", **headers)
    assert accepted.status_code == 200 and accepted.json()["box"] == "inbox"
    again = api_post(client, f"/conversations/{request.pk}/accept", **headers)
    assert again.status_code == 409


# ------------------------------------------------------------------ reading


def test_unread_counts_and_read_receipts(personas, group, as_user):
    services.send_message(personas.bob, group, "Un")
    services.send_message(personas.bob, group, "Deux")
    assert row(personas.alice, group).unread == 2
    assert row(personas.dave, group).unread == 3
    assert queries.unread_conversations(personas.alice) == 1
    page = as_user(personas.alice).get(f"/en/messages/{group.pk}/")  # opening reads
    assert row(personas.alice, group).unread == 0
    assert row(personas.alice, group).last_read_message_id == group.messages.latest("pk").pk
    # Bob sees that alice has seen his last message; dave has not.
    bob_page = as_user(personas.bob).get(f"/en/messages/{group.pk}/").content
    assert b"Seen by Alice Martin" in bob_page
    assert b"Dave" not in bob_page.split(b'id="seen-by"')[1][:200]
    assert page.status_code == 200
    response = api_post(Client(), f"/conversations/{group.pk}/read", {}, **bearer(personas.dave))
    # dave is not connected with alice: the group is a message request for him.
    assert response.json() == {"unread_conversations": 0, "requests": 1}
    assert row(personas.dave, group).unread == 0


def test_the_badge_counts_unread_conversations(personas, talk, group, as_user):
    conversation, _first, _reply = talk
    services.send_message(personas.bob, group, "Nouveau")
    page = as_user(personas.alice).get("/en/network/").content
    badge = page.split(b'id="messaging-unread"')[1][:300]
    assert b'class="badge"' in badge
    assert b"<span data-count>2</span>" in badge  # bob replied in both


# ------------------------------------------------------------------ leave, rename, delete


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_leaving_a_group_keeps_the_history_and_stops_new_messages(personas, group, as_user):
    services.send_message(personas.bob, group, "Avant le départ")
    response = as_user(personas.dave).post(f"/fr/messages/{group.pk}/leave/")
    assert response.status_code == 302
    services.send_message(personas.bob, group, "Plongeon après le départ")
    page = as_user(personas.dave).get(group.get_absolute_url())
    assert page.status_code == 200
    assert b"Avant le d" in page.content
    assert b"Plongeon" not in page.content
    assert row(personas.dave, group).unread == 0
    with pytest.raises(MessagingError):
        services.send_message(personas.dave, group, "Je reviens")
    found = queries.search(personas.dave, "Plongeon")
    assert list(found) == []
    assert (
        group.get_absolute_url().encode() not in as_user(personas.dave).get("/fr/messages/").content
    )


def test_a_one_to_one_conversation_cannot_be_left_or_renamed(personas, talk):
    conversation, _first, _reply = talk
    with pytest.raises(MessagingError):
        services.leave(personas.alice, conversation)
    response = Client().patch(
        f"{API}/conversations/{conversation.pk}",
        '{"name": "Nous"}',
        content_type="application/json",
        **bearer(personas.alice),
    )
    assert response.status_code == 422


def test_a_group_is_renamed_by_a_participant(personas, group, as_user):
    as_user(personas.bob).post(f"/fr/messages/{group.pk}/rename/", {"name": "Club emploi"})
    group.refresh_from_db()
    assert group.name == "Club emploi"
    response = Client().patch(
        f"{API}/conversations/{group.pk}",
        '{"name": "Club CV"}',
        content_type="application/json",
        **bearer(personas.dave),
    )
    assert response.status_code == 200 and response.json()["title"] == "Club CV"


def test_deleting_my_message_leaves_message_deleted_for_everyone(
    personas, talk, as_user, django_capture_on_commit_callbacks
):
    conversation, first, reply = talk
    from django.core.files.uploadedfile import SimpleUploadedFile

    with_file = services.send_message(
        personas.alice,
        conversation,
        "Le fichier Zébulon",
        files=attachments.prepare_attachments([SimpleUploadedFile("a.pdf", PDF_BYTES)]),
    )
    stored = with_file.attachments.get().file.name
    attachment_url = with_file.attachments.get().get_absolute_url()
    # Someone else's message cannot be deleted.
    assert (
        as_user(personas.alice)
        .post(f"/fr/messages/{conversation.pk}/m/{reply.pk}/delete/")
        .status_code
        == 404
    )
    response = Client().delete(
        f"{API}/conversations/{conversation.pk}/messages/{reply.pk}", **bearer(personas.alice)
    )
    assert response.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        deleted = as_user(personas.alice).post(
            f"/fr/messages/{conversation.pk}/m/{with_file.pk}/delete/"
        )
    assert deleted.status_code == 302
    with_file.refresh_from_db()
    assert with_file.body == "" and with_file.deleted_at is not None
    assert not default_storage.exists(stored)
    assert as_user(personas.bob).get(attachment_url).status_code == 404
    page = as_user(personas.bob).get(f"/en/messages/{conversation.pk}/").content
    assert "Zébulon".encode() not in page
    assert b"Message deleted" in page


# ------------------------------------------------------------------ search


@pytest.mark.both_databases  # search (icontains folds case per database)
def test_search_finds_only_my_conversations_and_my_time_in_them(personas, talk, group):
    conversation, first, _reply = talk
    services.start_conversation(personas.carol, [personas.dave], "Quokkamessage ailleurs")
    found = queries.search(personas.alice, "quokkamessage")
    assert [m.pk for m in found] == [first.pk]
    assert list(queries.search(personas.bob, "QUOKKAMESSAGE")) == [first]
    assert list(queries.search(personas.sam, "Quokkamessage")) == []
    response = Client().get(f"{API}/search", {"q": "Quokkamessage"}, **bearer(personas.alice))
    assert [m["id"] for m in response.json()] == [first.pk]
    assert Client().get(f"{API}/search", **bearer(personas.alice)).status_code == 422
