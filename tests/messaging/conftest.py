from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from tremplin.api.services import create_token
from tremplin.messaging import services

API = "/api/v1/messages"


def png_bytes(size=(40, 30), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010F] = "SpyCam"  # Make
        image.save(out, format="JPEG", exif=info.tobytes())
    else:
        image.save(out, format="PNG")
    return out.getvalue()


PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def api_post(client, url, body=None, **extra):
    return client.post(API + url, json.dumps(body or {}), content_type="application/json", **extra)


def bearer(user) -> dict:
    _token, raw = create_token(user, "messaging", can_write=True)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def talk(personas):
    """alice and bob (connected) in a one-to-one conversation with one message each."""
    conversation, first = services.start_conversation(
        personas.alice, [personas.bob], "Bonjour Bob, Quokkamessage secret."
    )
    reply = services.send_message(personas.bob, conversation, "Salut Alice!")
    return conversation, first, reply
