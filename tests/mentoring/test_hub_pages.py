"""The mentorship page and its API: a session proposed in a free time, accepted, its .ics,
held and rated; terms, goals, notes; bad input shows the page again with the text and the
reason (400); the API answers refusals with JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.conftest import client_for
from tremplin.core import ics
from tremplin.mentoring.models import Agreement, Goal, Note, Rating, Session, SessionStatus
from tremplin.mentoring.services.sessions import offered_times

pytestmark = pytest.mark.django_db

API = "/api/v1/mentoring/mentorships"


def test_a_session_from_proposal_to_rating_on_the_page(personas, open_mentor, mentorship):
    alice, mx = client_for(personas.alice), client_for(open_mentor)
    url = f"/en/mentoring/{mentorship.pk}/"
    page = alice.get(url)
    assert page.status_code == 200
    slot = page.context["session_form"].fields["slot"].choices[1][0]
    made = alice.post(
        f"{url}sessions/", {"slot": slot, "minutes": "60", "link": "https://meet.example.org/a"}
    )
    assert made.status_code == 302
    session = Session.objects.get()
    assert session.waiting_for == open_mentor.pk
    assert mx.post(f"{url}sessions/{session.pk}/accept/").status_code == 302
    html = mx.get(url).content.decode()
    assert f"{url}sessions/{session.pk}.ics" in html
    body = mx.get(f"{url}sessions/{session.pk}.ics")
    assert body["Content-Type"].startswith("text/calendar")
    assert ics.event_properties(body.content.decode())["LOCATION"] == "https://meet.example.org/a"
    Session.objects.filter(pk=session.pk).update(starts_at=timezone.now() - timedelta(hours=2))
    assert mx.post(f"{url}sessions/{session.pk}/held/").status_code == 302
    for client, score in ((alice, "5"), (mx, "4")):
        rated = client.post(f"{url}sessions/{session.pk}/rate/", {f"rate{session.pk}-score": score})
        assert rated.status_code == 302
    assert sorted(Rating.objects.values_list("score", flat=True)) == [4, 5]


@pytest.mark.parametrize(
    ("path", "data", "kept", "reason"),
    [
        ("sessions/", {"slot": "", "minutes": "60", "agenda": "Mon CV"}, "Mon CV", "Choose a time"),
        ("sessions/", {"slot": "x", "minutes": "60", "agenda": "Mon CV"}, "Mon CV", "valid choice"),
        ("notes/", {"body": "", "private": "on"}, "", "This field is required"),
        ("goals/", {"title": "x" * 201}, "x" * 201, "at most 200"),
        (
            "terms/",
            {
                "summary": "Mon but",
                "frequency": "weekly",
                "starts_on": "2026-05-01",
                "ends_on": "2026-04-01",
            },
            "Mon but",
            "planned end comes after",
        ),
    ],
)
def test_bad_input_keeps_the_text_and_says_why(
    personas, open_mentor, mentorship, path, data, kept, reason
):
    with translation.override("en"):
        answer = client_for(personas.alice).post(f"/en/mentoring/{mentorship.pk}/{path}", data)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert reason in html and kept in html
    assert not Session.objects.exists() and not Goal.objects.exists()
    assert not Agreement.objects.exists()


def test_notes_and_goals_from_the_page(personas, open_mentor, mentorship):
    alice = client_for(personas.alice)
    url = f"/fr/mentoring/{mentorship.pk}/"
    alice.post(f"{url}notes/", {"body": "**Gras** et [lien](https://example.org)", "private": "on"})
    alice.post(f"{url}goals/", {"title": "Un CV à jour"})
    goal = Goal.objects.get()
    alice.post(f"{url}goals/{goal.pk}/milestone/", {f"ms{goal.pk}-title": "Relire"})
    alice.post(f"{url}goals/{goal.pk}/done/")
    html = alice.get(url).content.decode()
    assert "<strong>Gras</strong>" in html and "Relire" in html
    assert Note.objects.get().private and Goal.objects.get().done


def test_sessions_over_the_api(personas, open_mentor, mentorship):
    alice, mx = client_for(personas.alice), client_for(open_mentor)
    base = f"{API}/{mentorship.pk}"
    starts = alice.get(f"{base}/slots").json()["starts"]
    assert starts and starts[0] == offered_times(personas.alice, mentorship)[0].isoformat().replace(
        "+00:00", "Z"
    )
    made = alice.post(
        f"{base}/sessions",
        {"starts_at": starts[0], "place": "Bibliothèque"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == "proposed"
    sid = made.json()["id"]
    assert alice.post(f"{base}/sessions/{sid}/accept").status_code == 403
    accepted = mx.post(f"{base}/sessions/{sid}/accept")
    assert accepted.status_code == 200 and accepted.json()["ics_url"]
    assert mx.get(accepted.json()["ics_url"]).status_code == 200
    early = mx.post(f"{base}/sessions/{sid}/held")
    assert early.status_code == 409 and early.json()["detail"]
    taken = alice.post(
        f"{base}/sessions", {"starts_at": starts[0]}, content_type="application/json"
    )
    assert taken.status_code == 409
    bad = alice.post(
        f"{base}/sessions",
        {"starts_at": starts[1], "link": "http://x.org"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    goal = alice.post(
        f"{base}/goals", {"title": "Trouver un stage"}, content_type="application/json"
    )
    assert goal.status_code == 201
    hub = mx.get(f"{base}/hub").json()
    assert hub["goals"][0]["title"] == "Trouver un stage" and hub["mentor_rating"] is None
    assert Session.objects.get().status == SessionStatus.ACCEPTED
