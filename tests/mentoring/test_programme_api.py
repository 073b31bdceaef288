"""Programmes and matching over the API: the same actions as the pages, JSON errors,
and the caller's language in the reasons."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tremplin.mentoring.models import Mentorship, Programme

pytestmark = pytest.mark.django_db

BASE = "/api/v1/mentoring"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type="application/json")


def test_a_programme_from_creation_to_a_started_match(personas, max_):
    dave, alice, mx = client_for(personas.dave), client_for(personas.alice), client_for(max_)
    body = {
        "agency": personas.agency.slug,
        "name_fr": "Mentorat",
        "name_en": "Mentoring",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "mentee_questions": [{"fr": "Objectif ?", "en": "Goal?"}],
    }
    assert post(client_for(personas.bob), f"{BASE}/programmes", body).status_code == 404
    made = post(dave, f"{BASE}/programmes", body)
    assert made.status_code == 201 and made.json()["status"] == "draft"
    pk = made.json()["id"]
    assert alice.get(f"{BASE}/programmes/{pk}").status_code == 404
    # A closed programme never opens again (the lifecycle): 409.
    closed = post(dave, f"{BASE}/programmes/{pk}/state", {"status": "closed"})
    assert closed.status_code == 200
    assert post(dave, f"{BASE}/programmes/{pk}/state", {"status": "open"}).status_code == 409
    Programme.objects.filter(pk=pk).update(status="open")
    saved = mx.put(
        f"{BASE}/mentor-profile",
        {"skills": ["Soudure"], "languages": ["fr"], "max_mentees": 1},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["skills"] == ["soudure"]
    assert post(mx, f"{BASE}/programmes/{pk}/enrolments", {"side": "mentor"}).status_code == 201
    joined = post(
        alice,
        f"{BASE}/programmes/{pk}/enrolments",
        {
            "side": "mentee",
            "answers": ["Souder"],
            "wanted_skills": ["soudure"],
            "languages": ["fr"],
        },
    )
    assert joined.status_code == 201 and joined.json()["intake"] == [["Objectif ?", "Souder"]]
    ranked = alice.get(f"{BASE}/programmes/{pk}/mentors", HTTP_ACCEPT_LANGUAGE="en")
    assert [c["handle"] for c in ranked.json()] == [max_.profile.handle]
    cohort = post(dave, f"{BASE}/programmes/{pk}/cohort")
    assert cohort.status_code == 201 and cohort.json()["proposed"] == 1
    match = Mentorship.objects.get()
    for client in (alice, mx):
        assert post(client, f"{BASE}/mentorships/{match.pk}/accept").status_code == 200
    assert Mentorship.objects.get().status == "active"
    report = {r["key"]: r for r in dave.get(f"{BASE}/programmes/{pk}/report").json()}
    assert report["active"] == {**report["active"], "value": None, "suppressed": True}
    assert alice.get(f"{BASE}/programmes/{pk}/report").status_code == 404


def test_bad_input_is_a_json_4xx(personas, programme):
    dave = client_for(personas.dave)
    bad = post(dave, f"{BASE}/programmes/{programme.pk}/enrolments", {"side": "boss"})
    assert bad.status_code == 422 and "detail" in bad.json()
    full = post(
        client_for(personas.bob), f"{BASE}/programmes/{programme.pk}/enrolments", {"side": "mentee"}
    )
    assert full.status_code == 403 and "detail" in full.json()
    assert (
        post(
            dave, f"{BASE}/programmes/{programme.pk}/matches", {"mentee": "nobody", "mentor": "x"}
        ).status_code
        == 404
    )


def test_an_ask_with_personal_data_needs_confirming(personas, enrolled, max_, programme):
    alice = client_for(personas.alice)
    url = f"{BASE}/programmes/{programme.pk}/asks"
    body = {"mentor": max_.profile.handle, "message": "Appelez-moi au 613-555-0199"}
    assert post(alice, url, body).status_code == 422
    made = post(alice, url, {**body, "confirm_pii": True})
    assert made.status_code == 201 and made.json()["reasons"]


def test_a_repeated_language_and_a_whole_float_are_taken_once(personas, max_):
    saved = client_for(max_).put(
        f"{BASE}/mentor-profile",
        {"languages": ["en", "en"], "max_mentees": 2.0},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["languages"] == ["en"]
    assert saved.json()["max_mentees"] == 2
