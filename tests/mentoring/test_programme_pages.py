"""The programme pages, as each persona: a coordinator's journey (create, open, invite,
match the cohort, the report CSV), a mentee's (join with intake, ranked mentors, ask),
and who reaches what (intake answers and goals: the mentee, the matched mentor, the
coordinators; everyone else a 404 or nothing)."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tremplin.mentoring.models import Enrolment, Mentorship, Programme
from tremplin.mentoring.services import accept, matching

pytestmark = pytest.mark.django_db

SECRET = "secrète"  # a word of alice's goals (tests/mentoring/conftest.py `enrolled`)


def test_a_coordinator_creates_and_opens_a_programme(personas):
    dave = client_for(personas.dave)
    form = {
        "agency": personas.agency.pk,
        "name_fr": "Mentorat santé",
        "name_en": "Health mentoring",
        "starts_on": "2026-01-01",
        "ends_on": "2025-01-01",
        "mentor_policy": "members",
        "mentee_policy": "clients",
        "mentor_questions_fr": "Votre métier ?",
        "mentor_questions_en": "Your trade?",
        "capacity": "10",
        "months": "6",
    }
    bad = dave.post("/en/mentoring/programmes/new/", form)
    assert bad.status_code == 400 and "Mentorat santé" in bad.content.decode()
    form["ends_on"] = "2027-01-01"
    made = dave.post("/en/mentoring/programmes/new/", form)
    programme = Programme.objects.get()
    assert made.status_code == 302 and programme.mentor_questions == [
        {"fr": "Votre métier ?", "en": "Your trade?"}
    ]
    dave.post(f"/en/mentoring/programmes/{programme.pk}/state/", {"status": "open"})
    assert Programme.objects.get().status == "open"
    assert client_for(personas.bob).get("/en/mentoring/programmes/new/").status_code == 404
    listed = client_for(personas.bob).get("/fr/mentoring/programmes/").content.decode()
    assert "Mentorat santé" in listed


def test_a_mentee_joins_with_intake_and_asks_a_ranked_mentor(personas, max_, programme):
    from tests.mentoring.conftest import offer
    from tremplin.mentoring.services import programmes as s

    offer(max_)
    s.enrol(max_, programme, "mentor", s.Intake())
    alice = client_for(personas.alice)
    url = f"/en/mentoring/programmes/{programme.pk}/join/mentee/"
    assert "Your goal?" in alice.get(url).content.decode()
    joined = alice.post(
        url,
        {
            "answer_0": "Souder",
            "goals": "la soudure",
            "wanted_skills": "soudure",
            "languages": ["fr"],
            "online": "on",
        },
    )
    assert joined.status_code == 302
    page = alice.get(f"/en/mentoring/programmes/{programme.pk}/mentors/").content.decode()
    assert "Max Mentor" in page and "Shared skill: soudure." in page
    asked = alice.post(
        f"/en/mentoring/programmes/{programme.pk}/mentors/", {"mentor": max_.profile.handle}
    )
    assert asked.status_code == 302 and Mentorship.objects.get().programme == programme
    # Bob is not enrolled as mentee: no ranked list for him.
    assert (
        client_for(personas.bob)
        .get(f"/en/mentoring/programmes/{programme.pk}/mentors/")
        .status_code
        == 404
    )


def test_the_cohort_is_matched_and_both_accept_from_my_mentoring(
    personas, enrolled, max_, programme
):
    dave = client_for(personas.dave)
    assert dave.post(f"/en/mentoring/programmes/{programme.pk}/cohort/").status_code == 302
    match = Mentorship.objects.get()
    for user in (personas.alice, max_):
        page = client_for(user).get("/fr/mentoring/").content.decode()
        assert "Compétence en commun" in page
        assert client_for(user).post(f"/en/mentoring/{match.pk}/accept/").status_code == 302
    assert Mentorship.objects.get().status == "active"
    csv = dave.get(f"/en/mentoring/programmes/{programme.pk}/report.csv")
    assert csv.status_code == 200 and "fewer than 5" in csv.content.decode("utf-8-sig")


COORDINATOR_PAGES = ["coordinate/", "report.csv", "suggest/{mentee}/"]


@pytest.mark.parametrize(
    "who", ["anonymous", "bob", "carol", "erin", "frank", "greta", "mallory", "sam", "max"]
)
def test_intake_and_goals_reach_no_one_outside(crew, enrolled, max_, programme, who):
    user = max_ if who == "max" else (None if who == "anonymous" else getattr(crew, who))
    client = client_for(user)
    mentee = enrolled[1]
    for page in COORDINATOR_PAGES:
        url = f"/en/mentoring/programmes/{programme.pk}/" + page.format(mentee=mentee.user_id)
        answer = client.get(url)
        assert answer.status_code in (302, 404) and SECRET not in answer.content.decode()
    api = client.get(f"/api/v1/mentoring/programmes/{programme.pk}/enrolments")
    assert api.status_code in (401, 404) and SECRET not in api.content.decode()
    assert not Enrolment.objects.visible_to(user).filter(pk=mentee.pk).exists()


def test_the_matched_mentor_and_coordinators_read_the_goals(personas, enrolled, max_, programme):
    dave = client_for(personas.dave)
    assert (
        SECRET in dave.get(f"/en/mentoring/programmes/{programme.pk}/coordinate/").content.decode()
    )
    made = matching.propose_match(personas.dave, programme, personas.alice, max_)
    accept(personas.alice, made)
    answer = client_for(max_).get(f"/api/v1/mentoring/enrolments/{enrolled[1].pk}")
    assert answer.status_code == 200 and SECRET in answer.json()["goals"]
