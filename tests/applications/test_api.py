"""/api/v1/applications/ for every persona: what a caller may not see is a 404, what
they see but may not change a 403, a conflict a 409, bad input a 422 — JSON
`{"detail": ...}` every time, never a 500."""

from __future__ import annotations

import pytest

from tests.applications.conftest import NOTE, PERSONAS, make_posting
from tremplin.applications import services
from tremplin.applications.models import Application, Forward
from tremplin.counselling import services as counselling
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db

API = "/api/v1/applications"


def post(client, path, data):
    return client.post(API + path, data, content_type="application/json")


def patch(client, path, data):
    return client.patch(API + path, data, content_type="application/json")


# ------------------------------------------------------------------ forwarding


def test_dave_forwards_over_the_api(browser_of, crew, henri, posting):
    response = post(
        browser_of("dave"),
        "/forwards",
        {"posting_id": posting.pk, "client_ids": [crew.alice.pk, henri.pk], "note": NOTE},
    )
    assert response.status_code == 201
    body = response.json()
    assert {f["client_name"] for f in body} == {"Alice Martin", "Henri Gagnon"}
    assert all(f["note"] == NOTE and f["delivered_at"] for f in body)
    assert Notification.objects.filter(kind="job_forwarded").count() == 2


@pytest.mark.parametrize(
    "payload_of,status",
    [
        (lambda c, p: {"posting_id": p.pk, "client_ids": [c.carol.pk]}, 404),
        (lambda c, p: {"posting_id": p.pk, "client_ids": [999_999]}, 404),
        (lambda c, p: {"posting_id": p.pk, "client_ids": []}, 422),
        (lambda c, p: {"posting_id": p.pk, "client_ids": [c.alice.pk], "note": "x" * 1001}, 422),
        (lambda c, p: {"posting_id": p.pk, "client_ids": [c.alice.pk], "extra": 1}, 422),
        (lambda c, p: {"posting_id": 999_999, "client_ids": [c.alice.pk]}, 404),
        (lambda c, p: {"posting_id": p.pk, "client_ids": [c.alice.pk, c.carol.pk]}, 404),
    ],
)
def test_bad_forwards_are_refused(browser_of, crew, posting, payload_of, status):
    response = post(browser_of("dave"), "/forwards", payload_of(crew, posting))
    assert response.status_code == status
    assert "detail" in response.json()
    assert not Forward.objects.exists()


def test_a_second_forward_and_a_closed_posting_are_conflicts(browser_of, crew, forwarded):
    again = post(
        browser_of("dave"),
        "/forwards",
        {"posting_id": forwarded.posting.pk, "client_ids": [crew.alice.pk]},
    )
    assert again.status_code == 409 and "Alice Martin" in again.json()["detail"]
    closed = make_posting(crew.agency, status="closed")
    refused = post(
        browser_of("dave"), "/forwards", {"posting_id": closed.pk, "client_ids": [crew.alice.pk]}
    )
    assert refused.status_code == 409


@pytest.mark.parametrize("name", PERSONAS)
def test_only_dave_forwards_to_alice(browser_of, crew, posting, name):
    response = post(
        browser_of(name), "/forwards", {"posting_id": posting.pk, "client_ids": [crew.alice.pk]}
    )
    if name == "anonymous":
        assert response.status_code == 401
    elif name == "dave":
        assert response.status_code == 201
    else:  # alice is not among their clients, like an unknown id
        assert response.status_code == 404
    assert Forward.objects.exists() is (name == "dave")


@pytest.mark.parametrize("name", PERSONAS)
def test_the_status_table_over_the_api(browser_of, crew, forwarded, name):
    services.apply_from_forward(crew.alice, forwarded.alice)
    response = browser_of(name).get(f"{API}/postings/{forwarded.posting.pk}/forwards")
    if name == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    rows = response.json()
    if name == "dave":
        alice = next(r for r in rows if r["client_id"] == crew.alice.pk)
        assert alice["applied"] is True and alice["outcome"] == "applied"
        assert alice["applications_shared"] is True
    else:
        assert rows == []


def test_the_table_hides_unshared_applications(browser_of, crew, forwarded):
    services.apply_from_forward(crew.alice, forwarded.alice)
    counselling.change_scopes(crew.alice, crew.case, [])
    rows = browser_of("dave").get(f"{API}/postings/{forwarded.posting.pk}/forwards").json()
    alice = next(r for r in rows if r["client_id"] == crew.alice.pk)
    assert alice["applications_shared"] is False
    assert alice["applied"] is None and alice["outcome"] is None
    assert alice["delivered_at"] is not None


@pytest.mark.parametrize("name", PERSONAS)
def test_one_forward_is_for_alice_and_dave(browser_of, crew, forwarded, name):
    response = browser_of(name).get(f"{API}/forwards/{forwarded.alice.pk}")
    expected = {"anonymous": 401, "alice": 200, "dave": 200}.get(name, 404)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["note"] == NOTE


def test_received_lists_my_forwards_only(browser_of, crew, forwarded):
    mine = browser_of("alice").get(f"{API}/forwards/received").json()
    assert [f["id"] for f in mine] == [forwarded.alice.pk]
    assert browser_of("dave").get(f"{API}/forwards/received").json() == []
    assert browser_of("alice").get(f"{API}/forwards/received?limit=0").status_code == 422
    page = browser_of("alice").get(f"{API}/forwards/received?before={forwarded.alice.pk}")
    assert page.json() == []


def test_open_respond_and_applied(browser_of, crew, forwarded):
    pk = forwarded.alice.pk
    alice, dave = browser_of("alice"), browser_of("dave")
    assert post(dave, f"/forwards/{pk}/open", {}).status_code == 403
    assert post(browser_of("erin"), f"/forwards/{pk}/open", {}).status_code == 404
    opened = post(alice, f"/forwards/{pk}/open", {})
    assert opened.status_code == 200 and opened.json()["opened_at"]

    no_reason = post(alice, f"/forwards/{pk}/response", {"response": "not_for_me"})
    assert no_reason.status_code == 422
    bad = post(alice, f"/forwards/{pk}/response", {"response": "maybe"})
    assert bad.status_code == 422
    extra = post(alice, f"/forwards/{pk}/response", {"response": "interested", "reason": "other"})
    assert extra.status_code == 422  # interested takes no reason
    reason = post(alice, f"/forwards/{pk}/response", {"response": "not_for_me", "reason": "other"})
    assert reason.status_code == 200 and reason.json()["response_reason"] == "other"
    assert post(dave, f"/forwards/{pk}/response", {"response": "interested"}).status_code == 403
    answered = post(alice, f"/forwards/{pk}/response", {"response": "interested"})
    assert answered.status_code == 200 and answered.json()["response"] == "interested"

    applied = post(alice, f"/forwards/{pk}/applied", {"note": "Envoyé"})
    assert applied.status_code == 201
    assert applied.json()["forward"] == pk and applied.json()["status"] == "applied"
    assert post(alice, f"/forwards/{pk}/applied", {}).status_code == 409
    assert post(dave, f"/forwards/{forwarded.henri.pk}/applied", {}).status_code == 403


# ------------------------------------------------------------------ the tracker


def test_the_tracker_crud_and_lifecycle(browser_of, crew, posting):
    alice = browser_of("alice")
    external = post(
        alice,
        "/tracker",
        {"title": "Commis", "employer": "Épicerie", "url": "https://example.org/x"},
    )
    assert external.status_code == 201
    pk = external.json()["id"]
    assert external.json()["next_statuses"] == ["applied", "withdrawn"]
    tracked = post(alice, "/tracker", {"posting_id": posting.pk, "status": "applied"})
    assert tracked.status_code == 201 and tracked.json()["posting"] == posting.pk
    assert post(alice, "/tracker", {"posting_id": posting.pk}).status_code == 409
    assert post(alice, "/tracker", {"posting_id": posting.pk, "status": "hired"}).status_code == 422
    assert post(alice, "/tracker", {}).status_code == 422
    assert post(alice, "/tracker", {"title": "A", "url": "ftp://x"}).status_code == 422
    assert post(alice, "/tracker", {"title": "A", "date": "1999-12-31"}).status_code == 422

    moved = post(alice, f"/tracker/{pk}/status", {"status": "applied", "note": "Courriel"})
    assert moved.status_code == 200
    assert [e["status"] for e in moved.json()["events"]] == ["saved", "applied"]
    assert post(alice, f"/tracker/{pk}/status", {"status": "saved"}).status_code == 409

    changed = patch(alice, f"/tracker/{pk}", {"notes": "Rappeler", "employer": None})
    assert changed.status_code == 200
    assert (changed.json()["notes"], changed.json()["employer"]) == ("Rappeler", "")
    assert patch(alice, f"/tracker/{pk}", {"title": None}).status_code == 422
    assert patch(alice, f"/tracker/{pk}", {"title": "  "}).status_code == 422

    listed = alice.get(f"{API}/tracker").json()
    assert {a["id"] for a in listed} == {pk, tracked.json()["id"]}
    assert alice.delete(f"{API}/tracker/{pk}").status_code == 204
    assert alice.get(f"{API}/tracker/{pk}").status_code == 404


@pytest.mark.parametrize("name", PERSONAS + ["sam"])
def test_an_application_over_the_api_for_every_persona(browser_of, crew, employers, name):
    application = services.add_external(crew.alice, title="Commis", notes="Secret")
    client = browser_of(name)
    read = client.get(f"{API}/tracker/{application.pk}")
    write = post(client, f"/tracker/{application.pk}/status", {"status": "applied"})
    delete = client.delete(f"{API}/tracker/{application.pk}")
    if name == "anonymous":
        assert (read.status_code, write.status_code, delete.status_code) == (401, 401, 401)
    elif name == "alice":
        assert (read.status_code, write.status_code) == (200, 200)
    elif name == "dave":
        assert read.status_code == 200 and read.json()["notes"] == "Secret"
        assert (write.status_code, delete.status_code) == (403, 403)
    else:
        assert (read.status_code, write.status_code, delete.status_code) == (404, 404, 404)
    assert Application.objects.exists() is (name != "alice" or delete.status_code != 204)


@pytest.mark.parametrize("name", PERSONAS)
def test_a_clients_applications_for_the_counsellor(browser_of, crew, name):
    services.add_external(crew.alice, title="Commis")
    response = browser_of(name).get(f"{API}/clients/{crew.alice.pk}/tracker")
    expected = {"anonymous": 401, "dave": 200}.get(name, 404)
    assert response.status_code == expected
    if expected == 200:
        assert [a["title"] for a in response.json()] == ["Commis"]


def test_withdrawing_the_scope_closes_the_counsellors_view(browser_of, crew):
    application = services.add_external(crew.alice, title="Commis")
    counselling.change_scopes(crew.alice, crew.case, ["messages"])
    dave = browser_of("dave")
    assert dave.get(f"{API}/clients/{crew.alice.pk}/tracker").status_code == 403  # told why
    assert dave.get(f"{API}/tracker/{application.pk}").status_code == 404


@pytest.mark.parametrize(
    "path", ["/forwards/0", "/forwards/2147483648", "/tracker/-1", "/clients/abc/tracker"]
)
def test_ids_are_bounded(browser_of, crew, path):
    assert browser_of("alice").get(API + path).status_code in (404, 422)
