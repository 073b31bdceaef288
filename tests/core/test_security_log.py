"""The security log (core/security_log.py): sign-ins, failures, account changes and
refused requests each leave one JSON line, without a secret or an address in clear."""

from __future__ import annotations

import json
import logging

import pytest

from tests.factories import PASSWORD
from tremplin.core.security_log import digest, event

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="tremplin.security")

    def read() -> list[dict]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "tremplin.security"]

    return read


def test_a_sign_in_is_logged_with_the_account_id_and_address(personas, client, lines):
    client.post("/fr/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})

    [line] = [x for x in lines() if x["event"] == "sign_in"]
    assert line["user"] == personas.alice.pk
    assert line["ip"] == "127.0.0.1"
    assert line["path"] == "/fr/accounts/login/"


def test_a_failed_sign_in_keeps_neither_the_password_nor_the_address(
    personas, client, caplog, lines
):
    client.post("/fr/accounts/login/", {"login": "alice@example.org", "password": "wrong-one-x"})

    [line] = [x for x in lines() if x["event"] == "sign_in_failed"]
    assert line["account"] == digest("alice@example.org")
    assert "alice@example.org" not in caplog.text
    assert "wrong-one-x" not in caplog.text


def test_a_sign_out_and_a_password_change_are_logged(personas, client, lines):
    client.post("/fr/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    client.post(
        "/fr/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase 42",
            "password2": "a new long passphrase 42",
        },
    )
    client.post("/fr/accounts/logout/")

    events = [x["event"] for x in lines() if x.get("user") == personas.alice.pk]
    assert events == ["sign_in", "password_changed", "sign_out"]


def test_a_refused_api_call_is_logged(client, lines):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer trp_not-a-token")

    assert response.status_code == 401
    [line] = [x for x in lines() if x["event"] == "refused"]
    assert line["status"] == 401
    assert line["path"] == "/api/v1/me"
    assert "trp_not-a-token" not in json.dumps(line)


def test_a_forged_line_in_a_value_stays_on_one_line(rf, caplog, lines):
    request = rf.get("/api/v1/me")
    request.path = '/api/v1/me\n{"event": "sign_in", "user": 1}'

    event("refused", request, status=401)

    [record] = [r.getMessage() for r in caplog.records if r.name == "tremplin.security"]
    assert "\n" not in record
    assert [x["event"] for x in lines()] == ["refused"]
