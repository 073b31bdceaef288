"""Profile photos: re-encoded on upload, served only to those who may see the basics."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image

from tremplin.core.audience import Audience


def png_bytes(size=(1200, 600), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (300, 300), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x8825] = {1: "N", 2: (45.0, 25.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def upload(client, content: bytes, name: str, content_type: str):
    return client.post(
        "/fr/profile/photo/", {"photo": SimpleUploadedFile(name, content, content_type)}
    )


def test_an_uploaded_png_is_stored_as_a_smaller_jpeg(personas, as_user):
    client = as_user(personas.alice)
    response = upload(client, png_bytes(), "moi.png", "image/png")
    assert response.status_code == 302
    assert response["Location"] == "/fr/p/alice-martin/"

    personas.alice.profile.refresh_from_db()
    photo = personas.alice.profile.photo
    assert photo.name.startswith("photos/") and photo.name.endswith(".jpg")
    assert "moi" not in photo.name
    with photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 800

    served = client.get("/fr/p/alice-martin/photo.jpg")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "private, max-age=300"
    assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"


def test_location_data_is_removed_from_an_uploaded_picture(personas, as_user):
    raw = jpeg_with_gps()
    with Image.open(io.BytesIO(raw)) as original:
        assert original.getexif()  # the test picture does carry EXIF
    response = upload(as_user(personas.alice), raw, "vacances.jpg", "image/jpeg")
    assert response.status_code == 302
    personas.alice.profile.refresh_from_db()
    with personas.alice.profile.photo.open("rb") as stored:
        data = stored.read()
    assert b"SecretCamera" not in data
    assert not Image.open(io.BytesIO(data)).getexif()


def test_the_photo_answers_404_to_whoever_cannot_see_the_basics(personas, as_user):
    upload(as_user(personas.alice), png_bytes(), "moi.png", "image/png")
    profile = personas.alice.profile
    profile.refresh_from_db()
    assert profile.basics_visibility == Audience.MEMBERS

    assert as_user(None).get("/fr/p/alice-martin/photo.jpg").status_code == 404
    assert as_user(personas.carol).get("/fr/p/alice-martin/photo.jpg").status_code == 200

    profile.basics_visibility = Audience.CONNECTIONS
    profile.save()
    assert as_user(personas.carol).get("/fr/p/alice-martin/photo.jpg").status_code == 404
    assert as_user(personas.sam).get("/fr/p/alice-martin/photo.jpg").status_code == 404
    assert as_user(personas.bob).get("/fr/p/alice-martin/photo.jpg").status_code == 200
    assert as_user(personas.alice).get("/fr/p/alice-martin/photo.jpg").status_code == 200


def test_the_api_gives_a_photo_url_only_when_there_is_a_photo(personas, as_user):
    client = as_user(personas.bob)
    assert client.get("/api/v1/profiles/alice-martin").json()["photo_url"] is None
    upload(as_user(personas.alice), png_bytes(), "moi.png", "image/png")
    url = client.get("/api/v1/profiles/alice-martin").json()["photo_url"]
    assert url == "/fr/p/alice-martin/photo.jpg"
    assert client.get(url).status_code == 200


def test_a_text_file_named_png_is_refused_with_a_message(personas, as_user):
    response = upload(
        as_user(personas.alice), b"this is not a picture at all\n" * 20, "moi.png", "image/png"
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["photo"]
    assert errors
    assert escape(errors[0]) in response.content.decode()
    personas.alice.profile.refresh_from_db()
    assert not personas.alice.profile.photo


def test_a_broken_png_is_refused_with_a_message(personas, as_user):
    truncated = png_bytes()[:200]
    response = upload(as_user(personas.alice), truncated, "moi.png", "image/png")
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]
    personas.alice.profile.refresh_from_db()
    assert not personas.alice.profile.photo


def test_posting_the_photo_form_without_a_file_asks_for_one(personas, as_user):
    response = as_user(personas.alice).post("/fr/profile/photo/", {})
    assert response.status_code == 200
    assert response.context["form"].errors["photo"]


def test_replacing_then_removing_the_photo_deletes_the_old_files(
    personas, as_user, django_capture_on_commit_callbacks
):
    client = as_user(personas.alice)
    profile = personas.alice.profile
    upload(client, png_bytes(), "one.png", "image/png")
    profile.refresh_from_db()
    first = profile.photo.name
    storage = profile.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, png_bytes(colour=(0, 0, 255)), "two.png", "image/png")
    profile.refresh_from_db()
    second = profile.photo.name
    assert second != first
    assert not storage.exists(first)
    assert storage.exists(second)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/profile/photo/", {"remove": "1"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert not profile.photo
    assert not storage.exists(second)
    assert client.get("/fr/p/alice-martin/photo.jpg").status_code == 404
