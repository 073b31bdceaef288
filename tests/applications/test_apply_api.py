"""Applying here over the API (/api/v1/applications/): apply, withdraw, the employer's
inbox, one applicant, the status, the CSV; each refusal is a documented 4xx JSON."""

from __future__ import annotations

import pytest

from tests.applications.apply_fixtures import MESSAGE
from tremplin.applications.models import Application

pytestmark = pytest.mark.django_db

API = "/api/v1/applications"


def post(client, path, data=None):
    return client.post(API + path, data or {}, content_type="application/json")


def test_alice_applies_victor_declines_and_alice_sees_it(browser_of, crew, here):
    alice, victor = browser_of("alice"), browser_of("victor")
    payload = {"cv_id": here.cv.pk, "message": MESSAGE, "answers": ["yes", "Monday"]}
    response = post(alice, f"/postings/{here.posting.pk}/apply", payload)
    assert response.status_code == 201, response.content
    sent = response.json()
    assert sent["status"] == "new" and sent["answers"][0]["answer"] == "yes"
    assert post(alice, f"/postings/{here.posting.pk}/apply", payload).status_code == 409

    inbox = victor.get(f"{API}/postings/{here.posting.pk}/applicants?status=new").json()
    assert [row["id"] for row in inbox] == [sent["id"]]
    assert set(inbox[0]) >= {"applicant_name", "message", "answers", "cv_id"}
    assert "email" not in str(inbox[0]) and "alice@example.org" not in str(inbox[0])

    moved = post(victor, f"/applicants/{sent['id']}/status", {"status": "interview"})
    assert moved.json()["status"] == "interview"
    assert post(victor, f"/applicants/{sent['id']}/status", {"status": "new"}).status_code == 409
    declined = post(
        victor, f"/applicants/{sent['id']}/status", {"status": "declined", "template": "filled"}
    )
    assert declined.json()["decline_template"] == "filled"
    tracked = alice.get(f"{API}/tracker/{sent['application']}").json()
    assert tracked["status"] == "rejected"

    csv = victor.get(f"{API}/postings/{here.posting.pk}/applicants.csv")
    assert csv.status_code == 200 and "Alice Martin" in csv.content.decode()


@pytest.mark.parametrize("who", ["carol", "ursula", "erin", "anonymous"])
def test_outsiders_get_404s_and_change_nothing(browser_of, crew, here, sent, who):
    client = browser_of(who)
    expected = 401 if who == "anonymous" else 404
    for path in (f"/postings/{here.posting.pk}/applicants", f"/applicants/{sent.pk}"):
        assert client.get(API + path).status_code == expected, path
    assert (
        post(client, f"/applicants/{sent.pk}/status", {"status": "offer"}).status_code == expected
    )
    assert post(client, f"/sent/{sent.pk}/withdraw").status_code == expected


def test_withdrawing_closes_the_inbox(browser_of, crew, here, sent):
    response = post(browser_of("alice"), f"/sent/{sent.pk}/withdraw")
    assert response.status_code == 200 and response.json()["withdrawn_at"]
    assert Application.objects.get(pk=sent.application_id).status == "withdrawn"
    rita = browser_of("rita")
    assert rita.get(f"{API}/postings/{here.posting.pk}/applicants").json() == []
    assert rita.get(f"{API}/applicants/{sent.pk}").status_code == 404
    assert rita.get(f"/api/v1/vault/documents/{sent.cv_id}").status_code == 404
    assert post(browser_of("alice"), f"/sent/{sent.pk}/withdraw").status_code == 409


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"cv_id": 999_999, "answers": ["yes", "x"]}, 422),
        ({"answers": ["yes", "x"]}, 422),
        ({"cv_id": 1, "answers": ["maybe", "x"]}, 422),
        ({"cv_id": 1, "answers": ["yes", "x", "y"]}, 422),
        ({"cv_id": 1, "answers": ["yes", "x"], "extra": 1}, 422),
    ],
)
def test_bad_applications_are_refused(browser_of, crew, here, payload, status):
    if payload.get("cv_id") == 1:
        payload["cv_id"] = here.cv.pk
    response = post(browser_of("alice"), f"/postings/{here.posting.pk}/apply", payload)
    assert response.status_code == status and "detail" in response.json()
    assert not Application.objects.exists()
