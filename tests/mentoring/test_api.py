"""The mentoring API: listing, proposing, answering and ending, with each refusal's
status and a JSON body."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tremplin.mentoring.models import Mentorship
from tremplin.network.services import block

pytestmark = pytest.mark.django_db

BASE = "/api/v1/mentoring/mentorships"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_propose_accept_and_end(personas, max_):
    mx, alice = client_for(max_), client_for(personas.alice)
    made = post(mx, BASE, {"who": "alice-martin", "role": "mentor", "message": "Bonjour"})
    assert made.status_code == 201
    body = made.json()
    assert body["status"] == "invited" and body["my_role"] == "mentor"
    assert body["proposed_by_me"] and not body["waiting_for_me"]
    assert body["person"] == {"handle": "alice-martin", "display_name": "Alice Martin"}
    mid = body["id"]
    theirs = alice.get(BASE).json()
    assert theirs[0]["waiting_for_me"] and theirs[0]["my_role"] == "mentee"
    assert theirs[0]["person"]["handle"] == "max-mentor"
    accepted = post(alice, f"{BASE}/{mid}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "active"
    assert accepted.json()["started_at"] is not None
    ended = post(mx, f"{BASE}/{mid}/end")
    assert ended.status_code == 200 and ended.json()["status"] == "ended"
    again = post(alice, f"{BASE}/{mid}/accept")
    # The API speaks French unless the caller asks for another language.
    assert again.status_code == 409 and "déjà" in again.json()["detail"]


def test_decline(personas, max_, proposal):
    answer = post(client_for(personas.alice), f"{BASE}/{proposal.pk}/decline")
    assert answer.status_code == 200 and answer.json()["status"] == "ended"
    assert answer.json()["started_at"] is None


def test_the_proposer_may_not_accept(personas, max_, proposal):
    answer = post(client_for(max_), f"{BASE}/{proposal.pk}/accept")
    assert answer.status_code == 403 and answer.json()["detail"]
    assert Mentorship.objects.get().status == "invited"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"who": "alice-martin", "role": "mentor"}, 409),  # already open
        ({"who": "max-mentor", "role": "mentor"}, 409),  # self
        ({"who": "nobody", "role": "mentor"}, 404),
        ({"who": "bob-roy", "role": "boss"}, 422),
        ({"who": "bob-roy", "role": "mentor", "message": "x" * 501}, 422),
        ({"who": "bob-roy", "role": "mentor", "message": "a\x00b"}, 422),
        ({"who": "bob roy!", "role": "mentor"}, 422),
        ({"who": "bob-roy", "role": "mentor", "extra": 1}, 422),
        ({"role": "mentor"}, 422),
    ],
)
def test_refusals(personas, max_, proposal, body, status):
    answer = post(client_for(max_), BASE, body)
    assert answer.status_code == status, answer.content
    assert isinstance(answer.json()["detail"], str)
    assert Mentorship.objects.count() == 1


def test_personal_data_in_the_message_needs_confirmation(personas, max_):
    client = client_for(max_)
    body = {"who": "alice-martin", "role": "mentor", "message": "Mon courriel: max@example.org"}
    answer = post(client, BASE, body)
    assert answer.status_code == 422 and answer.json()["pii"] == {"message": ["email"]}
    assert post(client, BASE, {**body, "confirm_pii": True}).status_code == 201


def test_a_block_is_a_404(personas, max_):
    block(max_, personas.alice)
    answer = post(client_for(max_), BASE, {"who": "alice-martin", "role": "mentor"})
    assert answer.status_code == 404
    assert not Mentorship.objects.exists()


def test_a_malformed_body_is_a_json_error(personas, max_):
    answer = client_for(max_).post(BASE, "{not json", content_type="application/json")
    assert answer.status_code in (400, 422)
    assert "detail" in answer.json()


def test_anonymous_gets_401(personas):
    client = client_for(None)
    assert client.get(BASE).status_code == 401
    assert post(client, BASE, {"who": "alice-martin", "role": "mentor"}).status_code == 401
