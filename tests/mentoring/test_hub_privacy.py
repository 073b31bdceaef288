"""Who sees a mentorship's page, notes, goals and feedback (pages AND API): private notes
their author only; shared notes and sessions the two parties only; goals the two parties
and the mentee's counsellor with her consent ("profile" scope), on the case page, never
the notes or comments. Another counsellor, a moderator, staff, a connection, a stranger,
anonymous: nothing (404)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tremplin.counselling.models import Case
from tremplin.mentoring.models import Goal, Note, Rating, Session, SessionStatus
from tremplin.mentoring.services import feedback, goals, notes
from tremplin.network.services import block

pytestmark = pytest.mark.django_db

SHARED = "Note partagée Zeta"
ALICE_PRIVATE, MAX_PRIVATE = "Secret Alpha d'Alice", "Secret Omega de Max"
GOAL, COMMENT = "Objectif Kappa", "Commentaire Sigma"
OUTSIDERS = ["bob", "carol", "erin", "frank", "greta", "mallory", "sam", "anonymous"]


@pytest.fixture
def world(crew, max_, mentorship):
    goals.add_goal(crew.alice, mentorship, GOAL)
    notes.add_note(crew.alice, mentorship, SHARED, private=False)
    notes.add_note(crew.alice, mentorship, ALICE_PRIVATE, private=True)
    notes.add_note(max_, mentorship, MAX_PRIVATE, private=True)
    held = Session.objects.create(
        mentorship=mentorship,
        starts_at=timezone.now() - timedelta(days=1),
        proposed_by=max_,
        status=SessionStatus.HELD,
    )
    feedback.rate(crew.alice, held, 4, COMMENT)
    crew.max = max_
    return crew, mentorship


def _user(crew, name):
    return None if name == "anonymous" else getattr(crew, name)


def test_the_page_shows_each_party_only_what_is_theirs(world):
    crew, m = world
    url = f"/fr/mentoring/{m.pk}/"
    alice = client_for(crew.alice).get(url).content.decode()
    assert SHARED in alice and ALICE_PRIVATE in alice and GOAL in alice
    assert MAX_PRIVATE not in alice
    mx = client_for(crew.max).get(url).content.decode()
    assert SHARED in mx and MAX_PRIVATE in mx and ALICE_PRIVATE not in mx
    assert COMMENT not in mx  # alice's comment: hers only
    for name in OUTSIDERS + ["dave"]:
        answer = client_for(_user(crew, name)).get(url)
        assert answer.status_code in (302, 404), name
        assert SHARED not in answer.content.decode(), name


def test_the_api_shows_each_party_only_what_is_theirs(world):
    crew, m = world
    url = f"/api/v1/mentoring/mentorships/{m.pk}/hub"
    alice = client_for(crew.alice).get(url).json()
    assert {n["body"] for n in alice["notes"]} == {SHARED, ALICE_PRIVATE}
    mx = client_for(crew.max).get(url).json()
    assert {n["body"] for n in mx["notes"]} == {SHARED, MAX_PRIVATE}
    assert [g["title"] for g in mx["goals"]] == [GOAL]
    for name in OUTSIDERS + ["dave"]:
        for path in ("hub", "sessions", "slots"):
            answer = client_for(_user(crew, name)).get(url.replace("hub", path))
            assert answer.status_code == (401 if name == "anonymous" else 404), (name, path)
    note = Note.objects.get(body=ALICE_PRIVATE)
    deleting = client_for(crew.max).delete(f"/api/v1/mentoring/mentorships/{m.pk}/notes/{note.pk}")
    assert deleting.status_code == 404
    assert Note.objects.filter(pk=note.pk).exists()


def test_the_rules_themselves(world):
    crew, m = world
    for name in ["alice", "max", "dave", *OUTSIDERS]:
        viewer = _user(crew, name)
        seen_notes = set(Note.objects.visible_to(viewer).values_list("body", flat=True))
        assert ALICE_PRIVATE not in seen_notes or name == "alice"
        assert MAX_PRIVATE not in seen_notes or name == "max"
        assert bool(seen_notes) == (name in ("alice", "max"))
        assert Goal.objects.visible_to(viewer).exists() == (name in ("alice", "max", "dave"))
        ratings = Rating.objects.visible_to(viewer)
        assert ratings.exists() == (name == "alice")


def test_the_counsellor_sees_goals_on_the_case_page_with_consent_only(world):
    crew, m = world
    url = f"/fr/counselling/cases/{crew.case.pk}/"
    page = client_for(crew.dave).get(url).content.decode()
    assert GOAL in page and "Max Mentor" in page
    for secret in (SHARED, ALICE_PRIVATE, MAX_PRIVATE, COMMENT):
        assert secret not in page
    greta = client_for(crew.greta).get(url).content.decode()
    assert GOAL not in greta
    Case.objects.filter(pk=crew.case.pk).update(shares_profile=False)
    assert GOAL not in client_for(crew.dave).get(url).content.decode()
    assert not Goal.objects.visible_to(crew.dave).exists()


def test_a_block_hides_it_all(world):
    crew, m = world
    block(crew.alice, crew.max)
    assert client_for(crew.alice).get(f"/fr/mentoring/{m.pk}/").status_code == 404
    api = client_for(crew.max).get(f"/api/v1/mentoring/mentorships/{m.pk}/hub")
    assert api.status_code == 404
    assert not Note.objects.visible_to(crew.alice).exists()
