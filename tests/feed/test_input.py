"""Bad input gets a clear message and loses nothing: forms re-render with the text,
the API answers 4xx JSON. The PII guard runs before a public post is published."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.conftest import client_for
from tests.feed.conftest import png_bytes, upload
from tremplin.feed.models import Item, ItemImage

SIN_TEXT = "Mon NAS est 046 454 286, appelez-moi."


def form_data(**extra):
    data = {"body": "Bonjour à tous", "audience": "members", "language": "fr"}
    data.update(extra)
    return data


# ------------------------------------------------------------------ forms


def test_an_empty_post_is_refused_with_a_message(people):
    response = client_for(people.alice).post("/en/feed/posts/", form_data(body="   "))
    assert response.status_code == 200
    assert "Write something before publishing." in response.content.decode()
    assert not Item.objects.exists()


def test_a_picture_without_description_keeps_the_text(people):
    response = client_for(people.alice).post(
        "/en/feed/posts/", form_data(body="Mon texte gardé", image_1=upload())
    )
    text = response.content.decode()
    assert "Describe each picture for people who cannot see it." in text
    assert "Mon texte gardé" in text
    assert not Item.objects.exists() and not ItemImage.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused(people):
    fake = upload("cv.png", b"%PDF-1.4 not a picture at all" * 20)
    response = client_for(people.alice).post(
        "/en/feed/posts/", form_data(body="Texte", image_1=fake, alt_1="Mon CV")
    )
    assert "This file is not a JPEG, PNG, WebP or GIF picture." in response.content.decode()
    assert not Item.objects.exists() and not ItemImage.objects.exists()


def test_a_bad_language_or_audience_is_refused(people):
    client = client_for(people.alice)
    assert (
        "Select a valid choice"
        in client.post("/en/feed/posts/", form_data(language="de")).content.decode()
    )
    assert (
        "Select a valid choice"
        in client.post("/en/feed/posts/", form_data(audience="only_me")).content.decode()
    )
    assert not Item.objects.exists()


def test_a_post_with_pictures_is_published_without_exif(people):
    jpeg = png_bytes(exif=True)
    assert b"SpyCam" in jpeg
    response = client_for(people.alice).post(
        "/fr/feed/posts/",
        form_data(image_1=upload("a.jpg", jpeg, "image/jpeg"), alt_1="Un atelier CV"),
    )
    assert response.status_code == 302
    picture = ItemImage.objects.get()
    assert picture.item is not None and picture.alt == "Un atelier CV"
    stored = picture.file.read()
    assert b"SpyCam" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_the_pii_guard_warns_then_publishes_on_confirmation(people):
    client = client_for(people.alice)
    warned = client.post("/en/feed/posts/", form_data(body=SIN_TEXT, audience="public"))
    text = warned.content.decode()
    assert "Check before you publish" in text
    assert "a Social Insurance Number" in text
    assert "046 454 286" in text  # the text is kept
    assert not Item.objects.exists()
    client.post("/en/feed/posts/", form_data(body=SIN_TEXT, audience="public", confirm_pii="on"))
    assert Item.objects.get().body == SIN_TEXT


def test_the_pii_guard_is_for_public_posts_only(people):
    client_for(people.alice).post("/en/feed/posts/", form_data(body=SIN_TEXT, audience="members"))
    assert Item.objects.count() == 1


def test_the_composer_answers_htmx_with_the_card_or_the_errors(people):
    client = client_for(people.alice)
    made = client.post("/fr/feed/posts/", form_data(body="Par htmx"), HTTP_HX_REQUEST="true")
    assert made.status_code == 200
    assert (
        "Par htmx" in made.content.decode() and 'hx-swap-oob="outerHTML"' in made.content.decode()
    )
    refused = client.post("/fr/feed/posts/", form_data(body=""), HTTP_HX_REQUEST="true")
    assert refused["HX-Retarget"] == "#composer"


# ------------------------------------------------------------------ API


def test_api_refuses_empty_text_with_a_clear_detail(people, api):
    response = api(people.alice).post("/posts", {"text": "  "})
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not Item.objects.exists()


def test_api_refuses_more_than_four_pictures(people, api):
    client = api(people.alice)
    ids = [client.upload(alt=f"Photo {n}").json()["id"] for n in range(5)]
    response = client.post("/posts", {"text": "Cinq photos", "image_ids": ids})
    assert response.status_code == 422
    assert "4" in str(response.json()["errors"])
    from django.core.exceptions import ValidationError

    from tremplin.feed import pictures, services

    with pytest.raises(ValidationError, match="4"):
        services.publish_post(
            people.alice, "Cinq", images=pictures.images_by_ids(people.alice, ids)
        )
    assert client.post("/posts", {"text": "Quatre", "image_ids": ids[:4]}).status_code == 201


def test_api_refuses_a_picture_without_description(people, api):
    response = api(people.alice).upload(alt="   ")
    assert response.status_code == 422
    assert response.json()["detail"]
    missing = api(people.alice).upload(alt=None)
    assert missing.status_code == 422


def test_api_refuses_a_renamed_non_picture(people, api):
    response = api(people.alice).upload(b"#!/bin/sh\necho hello\n" * 30, name="evil.png")
    assert response.status_code == 422
    assert "JPEG" in response.json()["detail"]
    assert not ItemImage.objects.exists()


def test_api_refuses_a_bad_language_and_someone_elses_picture(people, api):
    assert api(people.alice).post("/posts", {"text": "x", "language": "de"}).status_code == 422
    theirs = api(people.bob).upload().json()["id"]
    response = api(people.alice).post("/posts", {"text": "x", "image_ids": [theirs]})
    assert response.status_code == 404


def test_api_pii_guard_answers_422_with_pii_unless_confirmed(people, api):
    client = api(people.alice)
    refused = client.post("/posts", {"text": SIN_TEXT, "audience": "public"})
    assert refused.status_code == 422
    assert refused.json()["pii"] == {"text": ["sin"]}
    made = client.post("/posts", {"text": SIN_TEXT, "audience": "public", "confirm_pii": True})
    assert made.status_code == 201


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/"),
        ("get", "/new?since=1.1"),
        ("post", "/posts"),
        ("post", "/images"),
        ("get", "/bookmarks"),
        ("get", "/articles/mine"),
        ("post", "/articles"),
        ("put", "/items/1/reaction"),
    ],
)
def test_anonymous_callers_get_a_401(db, api, method, url):
    response = getattr(api().client, method)("/api/v1/feed" + url)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_read_only_token_cannot_publish(people):
    from django.test import Client

    from tremplin.api.services import create_token

    _token, raw = create_token(people.alice, "lecture", can_write=False)
    response = Client().post(
        "/api/v1/feed/posts",
        '{"text": "x"}',
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 403
