"""Feed fixtures: pictures as bytes, an API client with a write token, and frank (a
follower of alice who is not her connection), gina (blocked by alice), hugo (who
muted alice)."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from tests.factories import UserFactory
from tremplin.api.services import create_token
from tremplin.network import services as network


def png_bytes(color=(200, 30, 30), size=(40, 30), exif: bool = False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif:
        data = Image.Exif()
        data[0x010F] = "SpyCam"  # Make
        data[0x0110] = "Model X"  # Model
        image.save(out, format="JPEG", exif=data.tobytes())
    else:
        image.save(out, format="PNG")
    return out.getvalue()


def upload(name="photo.png", content: bytes | None = None, content_type="image/png"):
    return SimpleUploadedFile(name, content if content is not None else png_bytes(), content_type)


@pytest.fixture
def people(personas):
    """The personas plus frank (follows alice), gina (alice blocked her), hugo (muted
    alice)."""
    frank = UserFactory(email="frank@example.org", name="Frank Leduc")
    gina = UserFactory(email="gina@example.org", name="Gina Roy")
    hugo = UserFactory(email="hugo@example.org", name="Hugo Bell")
    network.follow(frank, person=personas.alice)
    network.follow(hugo, person=personas.alice)
    network.follow(gina, person=personas.alice)
    network.block(personas.alice, gina)
    network.mute(hugo, personas.alice)
    return SimpleNamespace(**vars(personas), frank=frank, gina=gina, hugo=hugo)


class Api:
    """A JSON client for /api/v1/feed with one member's write token (or none)."""

    base = "/api/v1/feed"

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, raw = create_token(user, "tests", can_write=True)
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def _send(self, method, url, body=None):
        call = getattr(self.client, method)
        if body is None:
            return call(self.base + url, **self.headers)
        return call(
            self.base + url, json.dumps(body), content_type="application/json", **self.headers
        )

    def get(self, url):
        return self._send("get", url)

    def post(self, url, body=None):
        return self._send("post", url, body if body is not None else {})

    def patch(self, url, body):
        return self._send("patch", url, body)

    def put(self, url, body=None):
        return self._send("put", url, body)

    def delete(self, url):
        return self._send("delete", url)

    def upload(self, content: bytes | None = None, alt="Une photo", name="photo.png"):
        data = {"file": upload(name, content)}
        if alt is not None:
            data["alt"] = alt
        return self.client.post(self.base + "/images", data, **self.headers)


@pytest.fixture
def api():
    return Api


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """publish_post with its after-commit fan-out run at once."""
    from tremplin.feed import services

    def run(author, text="Bonjour", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.publish_post(author, text, **kwargs)

    return run
