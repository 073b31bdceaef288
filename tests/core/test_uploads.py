"""Issue 15 (8): a request body is capped per endpoint (small for forms and JSON, room
for its files where a view takes files, 64 MiB the outer bound), and a member's uploads
in flight are limited (the next answers 429). Before, every address read up to 64 MiB
and a member could have any number of uploads decoded at once."""

from __future__ import annotations

import io
import json
import os

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.core.test_http import call, scope
from tests.factories import UserFactory
from tests.feed.conftest import png_bytes
from tremplin.api.services import create_token
from tremplin.core.cache import count_hit
from tremplin.core.http import SyncHTTPApplication
from tremplin.core.uploads import body_cap

MB = 1024 * 1024


def multipart(picture: bytes) -> tuple[bytes, bytes]:
    boundary = b"----tremplin"
    form = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="p.png"\r\n'
        b"Content-Type: image/png\r\n\r\n" + picture + b"\r\n"
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="alt"\r\n\r\nUn graphique\r\n'
        b"--" + boundary + b"--\r\n"
    )
    return form, b"multipart/form-data; boundary=" + boundary


def test_each_endpoint_has_its_cap(settings):
    settings.TREMPLIN_MAX_FORM_BYTES = MB
    settings.TREMPLIN_MAX_REQUEST_BYTES = 64 * MB
    form_cap = MB
    vault = 2 * settings.VAULT_MAX_FILE_BYTES + form_cap
    assert body_cap("/api/v1/me", "PATCH") == form_cap
    assert body_cap("/fr/accounts/login/", "POST") == form_cap
    assert body_cap("/en/nowhere/at/all/", "POST") == form_cap
    assert body_cap("/api/v1/vault/documents", "POST") == vault
    assert body_cap("/api/v1/vault/documents", "GET") == form_cap  # the list takes no file
    assert body_cap("/fr/documents/", "POST") == vault
    assert body_cap("/en/profile/photo/", "POST") == 2 * settings.PHOTO_MAX_BYTES + form_cap
    # Four attachments of 10 MB, twice over, is past the outer bound: the bound holds.
    assert body_cap("/fr/messages/new/", "POST") == 64 * MB
    assert body_cap("/api/v1/feed/images", "POST") == 2 * settings.PHOTO_MAX_BYTES + form_cap


def noisy_png(side: int = 100) -> bytes:
    """A PNG that does not compress: about 30 kB."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.both_databases
@pytest.mark.django_db(transaction=True)
def test_a_json_endpoint_refuses_what_an_upload_endpoint_takes(settings):
    """Bodies of about 30 kB with an 8 kB form cap: the picture upload takes its body,
    a JSON endpoint refuses its own before reading it (413, JSON), and so does a form
    page (413, in its language). Before, all three were read (up to 64 MiB)."""
    settings.TREMPLIN_MAX_FORM_BYTES = 8 * 1024
    _token, raw = create_token(UserFactory(), "tests", can_write=True)
    app = SyncHTTPApplication(threads=1)

    def send(path: str, method: str, content_type: bytes, body: bytes) -> tuple[dict, bytes]:
        headers = [
            (b"authorization", b"Bearer " + raw.encode()),
            (b"content-type", content_type),
            (b"content-length", b"%d" % len(body)),
        ]
        return async_to_sync(call)(app, scope(path, method=method, headers=headers), body)

    form, kind = multipart(noisy_png())
    assert len(form) > 20 * 1024
    start, body = send("/api/v1/feed/images", "POST", kind, form)
    assert start["status"] == 201, body
    json_body = json.dumps({"language": "en", "pad": "x" * (30 * 1024)}).encode()
    start, body = send("/api/v1/me", "PATCH", b"application/json", json_body)
    assert start["status"] == 413 and "detail" in json.loads(body)
    form_body = b"login=a%40b.c&password=" + b"x" * (30 * 1024)
    start, body = send(
        "/en/accounts/login/", "POST", b"application/x-www-form-urlencoded", form_body
    )
    assert start["status"] == 413 and b"too large" in body


@pytest.mark.django_db
def test_a_second_upload_in_flight_is_refused_with_a_clear_message(settings):
    settings.TREMPLIN_UPLOADS_IN_FLIGHT = 1
    zoe = UserFactory(email="zoe@example.org", language="en")
    key = f"uploads-in-flight:{zoe.pk}"
    browser = Client()
    browser.force_login(zoe)
    _token, raw = create_token(zoe, "tests", can_write=True)

    count_hit(key, 300)  # one upload of hers is being handled
    page = browser.post(
        "/en/profile/photo/", {"photo": SimpleUploadedFile("p.png", png_bytes(), "image/png")}
    )
    assert page.status_code == 429
    assert "already sending files" in page.content.decode()
    api = Client().post(
        "/api/v1/feed/images",
        {"file": SimpleUploadedFile("p.png", png_bytes(), "image/png"), "alt": "Un graphique"},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert api.status_code == 429 and "already sending files" in api.json()["detail"]
    assert cache.get(key) == 1  # refused ones give their place back

    cache.decr(key)  # the first one is done
    again = Client().post(
        "/api/v1/feed/images",
        {"file": SimpleUploadedFile("p.png", png_bytes(), "image/png"), "alt": "Un graphique"},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert again.status_code == 201, again.content
    assert cache.get(key) == 0


@pytest.mark.django_db
def test_the_limit_is_per_member(settings):
    settings.TREMPLIN_UPLOADS_IN_FLIGHT = 1
    busy, other = UserFactory(), UserFactory()
    count_hit(f"uploads-in-flight:{busy.pk}", 300)
    _token, raw = create_token(other, "tests", can_write=True)
    response = Client().post(
        "/api/v1/feed/images",
        {"file": SimpleUploadedFile("p.png", png_bytes(), "image/png"), "alt": "Un graphique"},
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 201
