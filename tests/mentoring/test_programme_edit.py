"""Editing a programme and its coordinators, as pages and over the API: every field of
the creation form, intake questions only while nobody answered them, coordinators from
the agency's staff chosen with the person picker (the server checks again), never
without one; invitations chosen with the person picker; and who reaches the edit page
(its coordinators only: everyone else a 404)."""

from __future__ import annotations

import pytest

from tests.conftest import client_for
from tremplin.mentoring.models import Enrolment, Programme
from tremplin.mentoring.services import MentoringError
from tremplin.mentoring.services import programme_edit as edit
from tremplin.mentoring.services import programmes as s

pytestmark = pytest.mark.django_db

API = "/api/v1/mentoring/programmes"
FORM = {
    "name_fr": "Métiers 2",
    "name_en": "Trades 2",
    "purpose_fr": "",
    "purpose_en": "Tradespeople.",
    "starts_on": "2026-02-01",
    "ends_on": "2027-06-30",
    "mentor_policy": "members",
    "mentee_policy": "invitation",
    "mentor_questions_fr": "Votre métier ?\nDepuis quand ?",
    "mentor_questions_en": "Your trade?\n",
    "mentee_questions_fr": "Votre objectif ?",
    "mentee_questions_en": "Your goal?",
    "capacity": "12",
    "months": "9",
}


def _patch(client, url, body):
    return client.patch(url, body, content_type="application/json")


@pytest.mark.parametrize("who", ["anonymous", "alice", "carol", "erin", "frank", "greta"])
def test_only_coordinators_reach_the_edit_page_and_its_endpoints(crew, programme, who):
    """alice: a client of the agency enrolled in it; carol: a stranger; erin: a counsellor
    of the agency who does not coordinate it; greta: the agency's admin; frank: another
    agency's counsellor."""
    Enrolment.objects.create(programme=programme, user=crew.alice, side="mentee")
    client = client_for(None if who == "anonymous" else getattr(crew, who))
    page = f"/en/mentoring/programmes/{programme.pk}/"
    assert client.get(page + "edit/").status_code in (302, 404)
    assert client.post(page + "edit/", FORM).status_code in (302, 404)
    assert client.post(page + f"coordinators/{crew.dave.pk}/remove/").status_code in (302, 404)
    assert client.get(f"{API}/{programme.pk}/coordinators").status_code in (401, 404)
    assert _patch(client, f"{API}/{programme.pk}", {"capacity": 3}).status_code in (401, 403, 404)
    found = Programme.objects.get(pk=programme.pk)
    assert found.capacity == 20 and list(found.coordinators.all()) == [crew.dave]


def test_a_coordinator_edits_every_field_and_the_text_stays_on_a_refusal(personas, programme):
    dave = client_for(personas.dave)
    url = f"/en/mentoring/programmes/{programme.pk}/edit/"
    page = dave.get(url).content.decode()
    assert "Trades springboard" in page and "Your trade?" in page
    assert 'value="2026-01-01"' in page  # an ISO date, as a date input reads it
    bad = dave.post(url, {**FORM, "ends_on": "2025-01-01"})
    assert bad.status_code == 400 and "Métiers 2" in bad.content.decode()
    assert dave.post(url, FORM).status_code == 302
    found = Programme.objects.get(pk=programme.pk)
    assert (found.name_en, found.capacity, found.months, found.mentee_policy) == (
        "Trades 2",
        12,
        9,
        "invitation",
    )
    # Line n goes with line n: the second question is in French only.
    assert found.mentor_questions == [
        {"fr": "Votre métier ?", "en": "Your trade?"},
        {"fr": "Depuis quand ?", "en": ""},
    ]
    # A community's policy is not an agency's.
    assert dave.post(url, {**FORM, "mentor_policy": "community"}).status_code == 400


def test_answered_questions_and_enrolled_mentees_hold(personas, enrolled, programme):
    """Max answered the mentor's questions, alice the mentee's (tests/mentoring/conftest)."""
    assert edit.locked_sides(programme) == {"mentor", "mentee"}
    dave = client_for(personas.dave)
    url = f"/fr/mentoring/programmes/{programme.pk}/edit/"
    assert "disabled" in dave.get(url).content.decode()
    # The locked fields are not read from the form: the rest changes, the questions stay.
    changed = dave.post(url, {**FORM, "mentor_questions_fr": "Autre chose ?"})
    assert changed.status_code == 302
    found = Programme.objects.get(pk=programme.pk)
    assert found.name_fr == "Métiers 2"
    assert found.mentor_questions == [{"fr": "Votre métier ?", "en": "Your trade?"}]
    data = edit.data_of(found)
    data.mentee_questions = [("Nouvelle ?", "New?")]
    with pytest.raises(MentoringError) as refused:
        edit.update_programme(personas.dave, found, data)
    assert refused.value.code == "conflict"
    answer = _patch(dave, f"{API}/{programme.pk}", {"capacity": 0})
    assert answer.status_code == 422  # the schema
    fewer = _patch(dave, f"{API}/{programme.pk}", {"capacity": 1, "months": 3})
    assert fewer.status_code == 200 and fewer.json()["months"] == 3
    Enrolment.objects.create(programme=found, user=personas.carol, side="mentee")
    full = _patch(dave, f"{API}/{programme.pk}", {"capacity": 1})
    assert full.status_code == 409 and "detail" in full.json()
    again = _patch(dave, f"{API}/{programme.pk}", {"mentor_questions": [{"fr": "Non", "en": "No"}]})
    assert again.status_code == 409


def test_a_closed_programme_no_longer_changes(personas, programme):
    s.move_programme(personas.dave, programme, "closed")
    answer = _patch(client_for(personas.dave), f"{API}/{programme.pk}", {"name_en": "Later"})
    assert answer.status_code == 409


def test_coordinators_come_from_the_agency_staff_and_one_stays(crew, programme):
    dave = client_for(crew.dave)
    base = f"/en/mentoring/programmes/{programme.pk}/"
    # The picker offers erin (the agency's counsellor), not frank (another agency's).
    offered = dave.get(
        "/en/people/picker/", {"scope": f"programme-coordinator:{programme.pk}", "q": "er"}
    ).content.decode()
    assert "Erin Walsh" in offered
    nobody = dave.get(
        "/en/people/picker/", {"scope": f"programme-coordinator:{programme.pk}", "q": "fr"}
    ).content.decode()
    assert "Frank" not in nobody
    # The server checks again: a typed address of someone outside the staff is refused.
    refused = dave.post(base + "coordinators/", {"who": crew.frank.profile.handle})
    assert refused.status_code == 400 and not programme.coordinators.filter(pk=crew.frank.pk)
    added = dave.post(base + "coordinators/", {"who_text": "Erin Walsh"})
    assert added.status_code == 302 and programme.coordinators.filter(pk=crew.erin.pk).exists()
    # The API: frank is not staff (422), alice no coordinator (404), the last stays (409).
    erin = client_for(crew.erin)
    post = erin.post(
        f"{API}/{programme.pk}/coordinators",
        {"who": crew.frank.profile.handle},
        content_type="application/json",
    )
    assert post.status_code == 422
    gone = erin.delete(f"{API}/{programme.pk}/coordinators/{crew.alice.profile.handle}")
    assert gone.status_code == 404
    left = erin.delete(f"{API}/{programme.pk}/coordinators/{crew.dave.profile.handle}")
    assert left.status_code == 200 and [c["display_name"] for c in left.json()] == ["Erin Walsh"]
    last = erin.post(base + f"coordinators/{crew.erin.pk}/remove/")
    assert last.status_code == 302 and list(programme.coordinators.all()) == [crew.erin]
    assert (
        erin.delete(f"{API}/{programme.pk}/coordinators/{crew.erin.profile.handle}").status_code
        == 409
    )
    # dave no longer coordinates: the page is a 404 for him now.
    assert dave.get(base + "edit/").status_code == 404


def test_a_coordinator_invites_with_the_person_picker(personas, programme):
    dave = client_for(personas.dave)
    url = f"/en/mentoring/programmes/{programme.pk}/coordinate/"
    page = dave.get(url).content.decode()
    assert 'name="who_text"' in page and "Profile address" not in page
    invited = dave.post(url, {"who_text": "Carol Singh", "side": "mentor"})
    assert invited.status_code == 302
    assert Enrolment.objects.get(user=personas.carol).status == "invited"
    unknown = dave.post(url, {"who_text": "Nobody Here", "side": "mentor"})
    assert unknown.status_code == 400 and "Nobody Here" in unknown.content.decode()
