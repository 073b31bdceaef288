"""Privacy rights over the API: typed answers, JSON errors, re-authentication by
password (and code) for a token, nobody else's archive."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from tests.accounts.helpers import sign_in
from tests.factories import PASSWORD, fresh_totp, give_totp
from tremplin.api.services import create_token
from tremplin.privacy.models import Archive, DeletionRequest, DeletionStatus

pytestmark = pytest.mark.django_db

API = "/api/v1/privacy"


def bearer(user, write: bool = True) -> dict:
    _token, raw = create_token(user, "privacy", can_write=write)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client: Client, url: str, body: dict | None = None, **extra):
    return client.post(API + url, json.dumps(body or {}), content_type="application/json", **extra)


@pytest.fixture
def alice(personas):
    return bearer(personas.alice)


def test_status_of_a_member_with_nothing(alice):
    answer = Client().get(f"{API}/status", **alice)
    assert answer.status_code == 200
    assert answer.json() == {"archive": None, "deletion": None, "archive_days": 7, "grace_days": 14}


def test_anonymous_gets_a_json_401():
    answer = Client().get(f"{API}/status")
    assert answer.status_code == 401 and "detail" in answer.json()


def test_request_then_download_with_the_password(
    personas, alice, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        made = post(client, "/archives", **alice)
    assert made.status_code == 202
    archive_id = made.json()["id"]
    status = client.get(f"{API}/archives/{archive_id}", **alice).json()
    assert status["status"] == "ready" and status["downloadable"] is True
    refused = post(client, f"/archives/{archive_id}/download", {}, **alice)
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Confirmez que c’est bien vous")
    wrong = post(client, f"/archives/{archive_id}/download", {"password": "nope"}, **alice)
    assert wrong.status_code == 403
    answer = post(client, f"/archives/{archive_id}/download", {"password": PASSWORD}, **alice)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/zip"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    assert json.loads(bundle.read("data.json"))["format"] == "tremplin-archive"


def test_a_second_request_while_one_is_pending_is_a_409(personas, alice):
    Archive.objects.create(user=personas.alice)
    answer = post(Client(), "/archives", **alice)
    assert answer.status_code == 409 and "detail" in answer.json()


def test_with_two_factor_the_code_is_needed_too(personas, django_capture_on_commit_callbacks):
    secret = give_totp(personas.bob)
    headers = bearer(personas.bob)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        archive_id = post(client, "/archives", **headers).json()["id"]
    url = f"/archives/{archive_id}/download"
    assert post(client, url, {"password": PASSWORD}, **headers).status_code == 403
    answer = post(client, url, {"password": PASSWORD, "code": fresh_totp(secret)}, **headers)
    assert answer.status_code == 200


@pytest.mark.parametrize("who", ["bob", "carol", "dave", "sam"])
def test_nobody_else_sees_or_downloads_alices_archive(
    personas, who, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        archive_id = post(Client(), "/archives", **bearer(personas.alice)).json()["id"]
    other = bearer(getattr(personas, who))
    assert Client().get(f"{API}/archives/{archive_id}", **other).status_code == 404
    answer = post(Client(), f"/archives/{archive_id}/download", {"password": PASSWORD}, **other)
    assert answer.status_code == 404


def test_a_read_token_cannot_ask(personas):
    answer = post(Client(), "/archives", **bearer(personas.alice, write=False))
    assert answer.status_code == 403


def test_schedule_and_cancel_deletion(personas, alice):
    client = Client()
    assert post(client, "/deletion", {"confirm": True}, **alice).status_code == 403
    assert (
        post(client, "/deletion", {"confirm": False, "password": PASSWORD}, **alice).status_code
        == 422
    )
    made = post(client, "/deletion", {"confirm": True, "password": PASSWORD}, **alice)
    assert made.status_code == 201 and made.json()["status"] == "scheduled"
    again = post(client, "/deletion", {"confirm": True, "password": PASSWORD}, **alice)
    assert again.status_code == 409
    assert client.get(f"{API}/status", **alice).json()["deletion"]["status"] == "scheduled"
    cancelled = post(client, "/deletion/cancel", **alice)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert post(client, "/deletion/cancel", **alice).status_code == 404
    assert DeletionRequest.objects.get(user=personas.alice).status == DeletionStatus.CANCELLED


@pytest.mark.parametrize(
    "body",
    [
        {"confirm": "yes"},
        {"confirm": True, "password": "a\x00b"},
        {"confirm": True, "extra": 1},
        {"confirm": True, "code": "abc"},
        {},
    ],
)
def test_bad_input_is_a_json_422(alice, body):
    answer = post(Client(), "/deletion", body, **alice)
    assert answer.status_code == 422 and "detail" in answer.json()


def test_the_password_attempts_are_limited(personas, alice):
    client = Client()
    for _attempt in range(5):
        post(client, "/deletion", {"confirm": True, "password": "wrong"}, **alice)
    answer = post(client, "/deletion", {"confirm": True, "password": PASSWORD}, **alice)
    assert answer.status_code == 429


def test_the_schema_documents_the_endpoints():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = {path for path in schema["paths"] if path.startswith(API)}
    assert {
        f"{API}/status",
        f"{API}/archives",
        f"{API}/archives/{{archive_id}}",
        f"{API}/archives/{{archive_id}}/download",
        f"{API}/deletion",
        f"{API}/deletion/cancel",
    } <= paths


def test_a_freshly_reauthenticated_session_needs_no_password(
    personas, django_capture_on_commit_callbacks
):
    from tests.privacy.conftest import reauthenticate

    client = Client()
    sign_in(client, personas.alice)
    with django_capture_on_commit_callbacks(execute=True):
        archive_id = post(client, "/archives").json()["id"]
    url = f"/archives/{archive_id}/download"
    assert post(client, url, {}).status_code == 403  # signed in, but not just now
    reauthenticate(client, client.get(f"/fr/privacy/archive/{archive_id}/download/"))
    assert post(client, url, {}).status_code == 200
    assert post(client, "/deletion", {"confirm": True}).status_code == 201
