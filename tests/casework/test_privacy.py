"""Only the case's CURRENT counsellor (dave) sees case work: pages and API, for every
persona. alice, the client, never sees a note, a referral, the funder's number, a tag or
a follow-up; an agency admin, another counsellor, a moderator, staff: nothing."""

from __future__ import annotations

import pytest

from tests.casework.conftest import CASE_VIEWERS, MARKERS, NOTE, send
from tremplin.casework.models import (
    CaseNote,
    CaseRecord,
    CaseTag,
    FollowUp,
    NoteRevision,
    Referral,
)
from tremplin.counselling import services as counselling
from tremplin.counselling.models import CaseStatus

OTHERS = [n for n in CASE_VIEWERS if n != "dave"]


def viewer(crew, name):
    return None if name == "anonymous" else getattr(crew, name)


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_only_dave_finds_any_row_through_visible_to(work, name):
    who = viewer(work.crew, name)
    for model in (CaseRecord, CaseNote, NoteRevision, Referral, FollowUp):
        found = model.objects.visible_to(who).exists()
        assert found == (name == "dave"), (model.__name__, name)
    for row in (work.note, work.referral, work.follow_up, work.note.revisions.first()):
        assert row.is_visible_to(who) == (name == "dave")


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_the_case_page_shows_case_work_to_dave_only(work, browser_of, name):
    response = browser_of(name).get(f"/fr/counselling/cases/{work.case.pk}/")
    html = response.content.decode()
    if name == "dave":
        assert response.status_code == 200
        for marker in MARKERS:
            assert marker in html, marker
        assert "Réservé au personnel" in html or "Staff only" in html
        return
    for marker in MARKERS:
        assert marker not in html, (name, marker)
    if name == "alice":
        assert response.status_code == 200  # her own page, without the section
        assert 'id="casework"' not in html
    elif name == "greta":
        assert response.status_code == 302  # admins go to the reassignment page
    elif name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 404


def test_alice_never_sees_case_work_even_after_the_case_closes(work, browser_of, crew):
    from django.utils import timezone

    from tremplin.casework import services

    counselling.close(crew.dave, crew.case, "employed")
    services.add_note(
        crew.dave, crew.case, kind="phone", contact_on=timezone.localdate(), body="After-exit"
    )
    html = browser_of("alice").get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    for marker in [*MARKERS, "After-exit"]:
        assert marker not in html
    dave_html = browser_of("dave").get(f"/fr/counselling/cases/{crew.case.pk}/").content.decode()
    assert "After-exit" in dave_html and NOTE in dave_html


def page_posts(work):
    case = work.case
    return [
        (f"/fr/casework/cases/{case.pk}/record/", {"funder_reference": "X", "service": "Y"}),
        (f"/fr/casework/cases/{case.pk}/tags/", {"kind": "goal", "name": "Nouveau"}),
        (
            f"/fr/casework/cases/{case.pk}/notes/",
            {"kind": "meeting", "contact_on": "2024-01-02", "body": "Intrus"},
        ),
        (f"/fr/casework/notes/{work.note.pk}/edit/", {"body": "Intrus"}),
        (
            f"/fr/casework/cases/{case.pk}/referrals/",
            {"direction": "in", "partner_name": "P", "reason": "R"},
        ),
        (f"/fr/casework/referrals/{work.referral.pk}/status/", {"status": "accepted"}),
        (
            f"/fr/casework/follow-ups/{work.follow_up.pk}/",
            {"status": "done", "outcome": "training"},
        ),
    ]


@pytest.mark.parametrize("name", OTHERS)
def test_every_form_is_a_404_for_everyone_but_dave(work, browser_of, name):
    client = browser_of(name)
    for url, data in page_posts(work):
        response = client.post(url, data)
        if name == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404, url
    assert CaseNote.objects.count() == 1 and NoteRevision.objects.count() == 1
    assert Referral.objects.get().status == "proposed"
    assert CaseRecord.objects.get().funder_reference == "FUNDREF-4417"
    assert not CaseTag.objects.filter(name="Nouveau").exists()
    assert FollowUp.objects.get().status == "pending"


def test_every_form_works_for_dave(work, browser_of):
    client = browser_of("dave")
    for url, data in page_posts(work):
        response = client.post(url, data)
        assert response.status_code == 302, (url, response.content[:500])
        assert response["Location"].startswith(f"/fr/counselling/cases/{work.case.pk}/#")


def api_calls(work):
    case = work.case
    return [
        ("get", f"/cases/{case.pk}/record", None, 200),
        ("put", f"/cases/{case.pk}/record", {"funder_reference": "X"}, 200),
        ("get", f"/cases/{case.pk}/notes", None, 200),
        (
            "post",
            f"/cases/{case.pk}/notes",
            {"kind": "email", "contact_on": "2024-03-01", "body": "API"},
            201,
        ),
        ("patch", f"/notes/{work.note.pk}", {"body": "Changed"}, 200),
        ("get", f"/notes/{work.note.pk}/revisions", None, 200),
        ("get", f"/cases/{case.pk}/referrals", None, 200),
        (
            "post",
            f"/cases/{case.pk}/referrals",
            {"direction": "in", "partner_name": "P", "reason": "R"},
            201,
        ),
        ("patch", f"/referrals/{work.referral.pk}", {"status": "accepted"}, 200),
        ("get", f"/cases/{case.pk}/follow-ups", None, 200),
        ("post", f"/follow-ups/{work.follow_up.pk}", {"status": "unreachable"}, 200),
    ]


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_every_endpoint_answers_dave_only(work, browser_of, name):
    client = browser_of(name)
    for method, url, body, ok in api_calls(work):
        response = send(client, method, url, body)
        expected = ok if name == "dave" else 401 if name == "anonymous" else 404
        assert response.status_code == expected, (method, url, response.content)
        assert response["Content-Type"].startswith("application/json")
        if name != "dave":
            text = response.content.decode()
            assert all(marker not in text for marker in MARKERS)
            assert response.json()["detail"]


@pytest.mark.parametrize("name", CASE_VIEWERS)
def test_agency_endpoints(work, browser_of, name):
    client = browser_of(name)
    schedule = send(client, "get", "/agencies/agence-horizon/follow-up-schedule")
    tags = send(client, "get", "/agencies/agence-horizon/tags")
    if name == "anonymous":
        assert (schedule.status_code, tags.status_code) == (401, 401)
        return
    assert schedule.status_code == (200 if name == "greta" else 403)
    assert tags.status_code == (200 if name in ("dave", "erin") else 403)
    if name in ("dave", "erin"):
        assert [t["name"] for t in tags.json()] == ["Tag-Santé-Secret"]
    else:
        assert "Tag-Santé-Secret" not in tags.content.decode()


def test_reassignment_moves_everything_to_the_new_counsellor(work, browser_of, crew):
    counselling.reassign(crew.greta, crew.case, crew.erin)
    url = f"/fr/counselling/cases/{crew.case.pk}/"
    erin_html = browser_of("erin").get(url).content.decode()
    for marker in MARKERS:
        assert marker in erin_html
    assert browser_of("dave").get(url).status_code == 404
    assert send(browser_of("dave"), "get", f"/cases/{crew.case.pk}/notes").status_code == 404
    notes = send(browser_of("erin"), "get", f"/cases/{crew.case.pk}/notes").json()
    assert [n["body"] for n in notes] == [NOTE]
    # erin continues the file; dave can no longer write into it.
    edited = send(browser_of("erin"), "patch", f"/notes/{work.note.pk}", {"body": "Repris"})
    assert edited.status_code == 200
    refused = send(browser_of("dave"), "patch", f"/notes/{work.note.pk}", {"body": "Non"})
    assert refused.status_code == 404
    assert list(work.note.revisions.values_list("body", flat=True)) == [NOTE, "Repris"]


def test_an_invitation_has_no_case_work(crew, browser_of):
    from tremplin.counselling.models import Case

    invited = counselling.invite(crew.dave, crew.agency, client=crew.carol)
    assert invited.status == CaseStatus.INVITED
    response = send(browser_of("dave"), "get", f"/cases/{invited.pk}/notes")
    assert response.status_code == 404
    assert Case.objects.get(pk=invited.pk).status == "invited"
