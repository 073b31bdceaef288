"""Shared by the consent persona tests (issue 15, item 4): alice withdraws a scope, or
pauses her link with dave, on her own page; what dave, erin (another counsellor of the
same agency) and frank (a counsellor of another agency) may then do."""

from __future__ import annotations

import json

import pytest

from tremplin.api.services import create_token
from tremplin.counselling.models import Scope

ALL_SCOPES = [scope.value for scope in Scope]
OTHERS = ("erin", "frank")


def withdraw(browser_of, case, scope: str) -> None:
    """alice unticks `scope` on her "My counsellors" page (the form's POST)."""
    kept = [s for s in ALL_SCOPES if s != scope]
    response = browser_of("alice").post(
        f"/fr/counselling/cases/{case.pk}/scopes/", {f"case{case.pk}-scopes": kept}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert scope not in case.scopes


def pause(browser_of, case) -> None:
    response = browser_of("alice").post(f"/fr/counselling/cases/{case.pk}/pause/")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "paused"


def api(user):
    """A test client for `user` with a write token (the API path, no session)."""
    from django.test import Client

    _token, raw = create_token(user, "consent", can_write=True)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def post_json(client, url: str, body: dict):
    return client.post(url, json.dumps(body), content_type="application/json")


def assert_not_granted(response, name: str = "Alice Martin") -> None:
    """The API's refusal: 403 JSON with the code, the sentence naming the client."""
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["code"] == "not_granted"
    assert name in body["detail"]


@pytest.fixture
def withdrawn(request):
    """Parametrises a test over "withdraw the scope" and "pause the link"."""
    return request.param
