"""The API's refusal JSON (issue 15, item 4): a refusal carries its `code` for programs
(`not_granted` when a client's consent says no), except on a 404; a refusal made of a
dict of field errors (no single code) is still a clean 4xx, never a 500."""

from __future__ import annotations

import json


def test_a_refusal_by_field_has_no_code_and_is_no_server_error(personas, client):
    client.force_login(personas.alice)
    body = {"name": "Soir", "is_alert": True, "quiet_start": "00:00", "quiet_end": "00:00"}
    answer = client.post("/api/v1/job-alerts/", json.dumps(body), content_type="application/json")
    assert answer.status_code == 422, answer.content
    assert "detail" in answer.json() and "code" not in answer.json()
