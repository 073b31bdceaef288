"""The "My mentoring" page: proposing, answering, ending, and bad input (the page again
with the text kept and a clear message, status 400)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.conftest import client_for
from tremplin.mentoring.models import Mentorship
from tremplin.network.services import block

pytestmark = pytest.mark.django_db


def test_proposing_from_the_page(personas, max_):
    client = client_for(max_)
    handle = personas.alice.profile.handle
    answer = client.post(
        "/en/mentoring/", {"who": handle, "role": "mentor", "message": "Bonjour Alice"}
    )
    assert answer.status_code == 302 and answer["Location"] == "/en/mentoring/"
    made = Mentorship.objects.get()
    assert (made.mentor, made.mentee, made.message) == (max_, personas.alice, "Bonjour Alice")
    page = client.get("/en/mentoring/")
    assert page.context["proposed"] == [made]
    assert "Your proposal is sent." in page.content.decode()


def test_a_name_typed_without_javascript_finds_the_person(personas, max_):
    client = client_for(max_)
    answer = client.post("/en/mentoring/", {"who_text": "Alice Mar", "role": "mentee"})
    assert answer.status_code == 302
    assert Mentorship.objects.get().mentor == personas.alice


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"who_text": "", "role": "mentor"}, "Choose a person: type part of their name."),
        ({"who_text": "Nobody Here", "role": "mentor"}, "Nobody you can choose here is called"),
        ({"who": "max-mentor", "role": "mentor"}, "No member found with the address"),
        ({"who": "alice-martin", "role": "boss"}, "Select a valid choice."),
        ({"who": "alice-martin", "role": "mentor", "message": "x" * 501}, "500 characters"),
        ({"who": "http://testserver/fr/profiles/alice-martin/", "role": "mentor"}, "No member"),
    ],
)
def test_bad_input_keeps_the_text_and_says_why(personas, max_, data, expected):
    data = {"message": "Ma présentation", **data}
    with translation.override("en"):
        answer = client_for(max_).post("/en/mentoring/", data)
    assert answer.status_code == 400
    html = answer.content.decode()
    assert expected in html
    assert data["message"][:100] in html
    assert not Mentorship.objects.exists()


def test_a_message_with_personal_data_asks_for_confirmation(personas, max_):
    client = client_for(max_)
    data = {"who": "alice-martin", "role": "mentor", "message": "Call me at 416-555-0199"}
    answer = client.post("/en/mentoring/", data)
    assert answer.status_code == 400
    assert "416-555-0199" in answer.content.decode()
    assert not Mentorship.objects.exists()
    answer = client.post("/en/mentoring/", {**data, "confirm_pii": "on"})
    assert answer.status_code == 302
    assert Mentorship.objects.exists()


def test_a_blocked_member_cannot_be_found(personas, max_):
    block(personas.alice, max_)
    client = client_for(max_)
    by_address = client.post("/en/mentoring/", {"who": "alice-martin", "role": "mentor"})
    assert by_address.status_code == 400
    assert "No member found with the address" in by_address.content.decode()
    by_name = client.post("/en/mentoring/", {"who_text": "Alice Martin", "role": "mentor"})
    assert by_name.status_code == 400
    html = by_name.content.decode()
    assert "Nobody you can choose here is called" in html and 'value="alice-martin"' not in html
    assert not Mentorship.objects.exists()


def test_alice_accepts_then_ends(personas, max_, proposal):
    alice = client_for(personas.alice)
    page = alice.get("/en/mentoring/")
    html = page.content.decode()
    assert page.context["waiting"] == [proposal]
    assert "This member offers to be your mentor." in html and "Je travaille en soudure." in html
    assert alice.post(f"/en/mentoring/{proposal.pk}/accept/").status_code == 302
    page = alice.get("/en/mentoring/")
    assert page.context["mentors"] == [proposal]
    assert "The mentorship has started." in page.content.decode()
    assert client_for(max_).get("/en/mentoring/").context["mentees"] == [proposal]
    assert alice.post(f"/en/mentoring/{proposal.pk}/end/").status_code == 302
    page = alice.get("/en/mentoring/")
    assert page.context["past"] == [proposal] and page.context["mentors"] == []


def test_a_refused_action_says_why(personas, max_, proposal):
    client = client_for(max_)
    answer = client.post(f"/en/mentoring/{proposal.pk}/accept/", follow=True)
    assert "Only the member you proposed it to may answer." in answer.content.decode()
    assert Mentorship.objects.get().status == "invited"


def test_actions_need_post(personas, mentorship):
    client = client_for(personas.alice)
    assert client.get(f"/en/mentoring/{mentorship.pk}/end/").status_code == 405
