"""Notes (append-only), referrals (declared lifecycle), record and tags, the caseload
helpers, and bad input in pages and API."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.casework.conftest import send
from tests.factories import UserFactory, make_case
from tremplin.casework import queries, services
from tremplin.casework.models import (
    REFERRAL_TRANSITIONS,
    CaseNote,
    CaseRecord,
    CaseTag,
    FollowUp,
    NoteRevision,
    ReferralStatus,
)
from tremplin.counselling import services as counselling
from tremplin.counselling.models import Case

TODAY = timezone.localdate


def test_editing_a_note_keeps_every_version(crew):
    note = services.add_note(crew.dave, crew.case, kind="meeting", contact_on=TODAY(), body="v1")
    services.edit_note(crew.dave, note, body="v2")
    services.edit_note(crew.dave, note, body="v2")  # the same text: no new version
    services.edit_note(crew.dave, note, body="v3")
    note.refresh_from_db()
    assert note.body == "v3" and note.edited_at is not None
    assert list(note.revisions.values_list("body", flat=True)) == ["v1", "v2", "v3"]


def test_the_page_shows_edited_and_the_history(crew, browser_of):
    note = services.add_note(crew.dave, crew.case, kind="meeting", contact_on=TODAY(), body="Avant")
    services.edit_note(crew.dave, note, body="Après")
    html = browser_of("dave").get(f"/en/counselling/cases/{crew.case.pk}/").content.decode()
    assert "edited" in html and "History: 2 versions" in html
    assert "Avant" in html and "Après" in html


def test_there_is_no_way_to_delete_a_note(crew, browser_of, work):
    from tremplin.casework import api, urls, views

    assert not [n for n in dir(services) if "delete" in n or "remove" in n]
    assert not [p for p in urls.urlpatterns if "delete" in str(p.pattern)]
    for route in api.router.path_operations.values():
        assert all("DELETE" not in op.methods for op in route.operations)
    dave = browser_of("dave")
    assert send(dave, "delete", f"/notes/{work.note.pk}").status_code == 405
    assert views  # imported: no view deletes anything either
    assert CaseNote.objects.count() == 1


def test_the_admin_has_notes_read_only(rf, crew):
    from django.contrib import admin

    request = rf.get("/")
    request.user = crew.sam
    for model in (CaseNote, NoteRevision):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)


def test_notes_are_allowed_on_paused_and_closed_cases_record_and_referrals_are_not(crew):
    counselling.pause(crew.dave, crew.case)
    services.add_note(crew.dave, crew.case, kind="other", contact_on=TODAY(), body="En pause")
    with pytest.raises(ValidationError) as caught:
        services.update_record(crew.dave, crew.case, funder_reference="X", service="")
    assert caught.value.code == "transition"
    with pytest.raises(ValidationError) as caught:
        services.add_referral(crew.dave, crew.case, direction="out", partner_name="P", reason="R")
    assert caught.value.code == "transition"
    counselling.close(crew.dave, crew.case, "moved")
    services.add_note(crew.dave, crew.case, kind="phone", contact_on=TODAY(), body="Après")
    assert CaseNote.objects.filter(case=crew.case).count() == 2


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "visit", "contact_on": datetime.date(2024, 1, 1), "body": "x"}, "invalid"),
        ({"kind": "phone", "contact_on": None, "body": "x"}, "invalid"),
        ({"kind": "phone", "contact_on": datetime.date(1999, 1, 1), "body": "x"}, "invalid"),
        ({"kind": "phone", "contact_on": datetime.date(2999, 1, 1), "body": "x"}, "invalid"),
        ({"kind": "phone", "contact_on": datetime.date(2024, 1, 1), "body": "  "}, "invalid"),
        (
            {"kind": "phone", "contact_on": datetime.date(2024, 1, 1), "body": "x" * 10_001},
            "invalid",
        ),
        ({"kind": "phone", "contact_on": datetime.date(2024, 1, 1), "body": "a\x00"}, "invalid"),
    ],
)
def test_bad_notes_are_refused(crew, kwargs, code):
    with pytest.raises(ValidationError) as caught:
        services.add_note(crew.dave, crew.case, **kwargs)
    assert caught.value.code == code
    assert not CaseNote.objects.exists()


def test_referral_lifecycle(work, crew):
    referral = work.referral
    with pytest.raises(ValidationError) as caught:
        services.change_referral(crew.dave, referral, ReferralStatus.COMPLETED)
    assert caught.value.code == "transition"
    services.change_referral(crew.dave, referral, ReferralStatus.ACCEPTED)
    services.change_referral(crew.dave, referral, ReferralStatus.COMPLETED)
    referral.refresh_from_db()
    assert referral.status == "completed" and REFERRAL_TRANSITIONS.targets(referral.status) == []
    for status in ReferralStatus.values:
        with pytest.raises(ValidationError):
            services.change_referral(crew.dave, referral, status)
    assert all(REFERRAL_TRANSITIONS[s] == set() for s in ("completed", "declined", "cancelled"))


def test_record_tags_must_be_the_agencys(crew):
    foreign = CaseTag.objects.create(agency=crew.other_agency, kind="goal", name="Ailleurs")
    with pytest.raises(ValidationError):
        services.update_record(
            crew.dave, crew.case, funder_reference="", service="", tag_ids=[foreign.pk]
        )
    with pytest.raises(ValidationError) as caught:
        services.create_tag(crew.dave, crew.other_agency, "goal", "Non")
    assert caught.value.code == "forbidden"
    same = services.create_tag(crew.dave, crew.agency, "goal", "Emploi  stable")
    again = services.create_tag(crew.erin, crew.agency, "goal", "emploi stable")
    assert same == again and same.name == "Emploi stable"


def test_the_record_is_created_lazily(crew, browser_of):
    browser_of("dave").get(f"/fr/counselling/cases/{crew.case.pk}/")
    assert not CaseRecord.objects.exists()
    services.update_record(crew.dave, crew.case, funder_reference="F-1", service="ES")
    assert CaseRecord.objects.get().funder_reference == "F-1"


def test_the_service_datalist_offers_services_already_used(work, browser_of):
    html = browser_of("dave").get(f"/fr/counselling/cases/{work.case.pk}/").content.decode()
    assert '<datalist id="cw-services"><option value="Service-Emploi-Secret">' in html


# ------------------------------------------------------------------ caseload


def test_annotate_caseload(crew, django_assert_num_queries):
    other_client = UserFactory(email="zoe@example.org", name="Zoé Roy")
    other = make_case(crew.agency, crew.dave, other_client)
    services.add_note(
        crew.dave, crew.case, kind="phone", contact_on=datetime.date(2024, 5, 1), body="a"
    )
    services.add_note(
        crew.dave, crew.case, kind="phone", contact_on=datetime.date(2024, 6, 1), body="b"
    )
    today = timezone.localdate()
    FollowUp.objects.create(case=crew.case, months=3, due_on=today)  # due today: counts
    FollowUp.objects.create(case=crew.case, months=6, due_on=today - datetime.timedelta(1))
    FollowUp.objects.create(case=crew.case, months=12, due_on=today + datetime.timedelta(1))
    FollowUp.objects.create(
        case=crew.case, months=24, due_on=today - datetime.timedelta(9), status="done"
    )
    with django_assert_num_queries(1):
        rows = {
            c.pk: c for c in queries.annotate_caseload(Case.objects.filter(counsellor=crew.dave))
        }
    assert rows[crew.case.pk].overdue_follow_ups == 2
    assert rows[crew.case.pk].last_note_at == datetime.date(2024, 6, 1)
    assert rows[other.pk].overdue_follow_ups == 0
    assert rows[other.pk].last_note_at is None


def test_filter_by_tags_and_tags_for(crew, django_assert_num_queries):
    other = make_case(crew.agency, crew.dave, UserFactory(email="zoe@example.org", name="Zoé"))
    health = services.create_tag(crew.dave, crew.agency, "sector", "Santé")
    french = services.create_tag(crew.dave, crew.agency, "language", "Français")
    services.update_record(
        crew.dave, crew.case, funder_reference="", service="", tag_ids=[health.pk, french.pk]
    )
    services.update_record(crew.dave, other, funder_reference="", service="", tag_ids=[health.pk])
    mine = Case.objects.filter(counsellor=crew.dave)
    assert set(queries.filter_by_tags(mine, [health.pk])) == {crew.case, other}
    assert list(queries.filter_by_tags(mine, [health.pk, french.pk])) == [crew.case]
    assert set(queries.filter_by_tags(mine, [])) == {crew.case, other}
    with django_assert_num_queries(1):
        found = queries.tags_for(mine)
    assert found == {crew.case.pk: [french, health], other.pk: [health]}
    assert queries.tags_for([other]) == {other.pk: [health]}
    page = mine.order_by("pk")[:1]
    assert queries.tags_for(page) == {crew.case.pk: [french, health]}
    with django_assert_num_queries(0):
        assert list(page) == [crew.case]  # the page's rows were kept


# ------------------------------------------------------------------ bad input


def test_a_bad_note_form_keeps_the_text(crew, browser_of):
    dave = browser_of("dave")
    response = dave.post(
        f"/en/casework/cases/{crew.case.pk}/notes/",
        {"kind": "phone", "contact_on": "2999-01-01", "body": "Mon texte précieux"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Mon texte précieux" in html and "cannot be in the future" in html
    response = dave.post(f"/en/casework/cases/{crew.case.pk}/notes/", {"kind": "phone"})
    assert response.status_code == 400 and "Write the note." in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_refused_referral_move_renders_the_form(work, browser_of):
    response = browser_of("dave").post(
        f"/en/casework/referrals/{work.referral.pk}/status/", {"status": "completed"}
    )
    assert response.status_code == 409
    assert "cannot become" in response.content.decode()


def test_api_bad_input(work, browser_of):
    dave = browser_of("dave")
    case = work.case.pk
    cases = [
        ("post", f"/cases/{case}/notes", {"kind": "x", "contact_on": "2024-01-01", "body": "a"}),
        (
            "post",
            f"/cases/{case}/notes",
            {"kind": "phone", "contact_on": "0001-01-01", "body": "a"},
        ),
        (
            "post",
            f"/cases/{case}/notes",
            {"kind": "phone", "contact_on": "2999-01-01", "body": "a"},
        ),
        ("post", f"/cases/{case}/notes", {"kind": "phone", "contact_on": "2024-01-01", "body": ""}),
        (
            "post",
            f"/cases/{case}/notes",
            {"kind": "phone", "contact_on": "2024-01-01", "body": "\x00"},
        ),
        (
            "post",
            f"/cases/{case}/notes",
            {"kind": "phone", "contact_on": "2024-01-01", "body": "a", "extra": 1},
        ),
        ("patch", f"/notes/{work.note.pk}", {"body": "x" * 10_001}),
        ("put", f"/cases/{case}/record", {"tag_ids": [99_999_999_999_999_999_999]}),
        ("put", f"/cases/{case}/record", {"tag_ids": [2_147_483_647]}),
        (
            "post",
            f"/cases/{case}/referrals",
            {"direction": "up", "partner_name": "P", "reason": "R"},
        ),
        ("post", "/agencies/agence-horizon/tags", {"kind": "sector", "name": "   "}),
    ]
    for method, url, body in cases:
        response = send(dave, method, url, body)
        assert response.status_code == 422, (url, body, response.content)
        assert response.json()["detail"]
    assert (
        send(dave, "patch", f"/referrals/{work.referral.pk}", {"status": "completed"}).status_code
        == 409
    )
    assert send(dave, "get", "/cases/2147483648/notes").status_code == 422
    assert send(dave, "get", "/cases/999999/notes").status_code == 404
    assert CaseNote.objects.count() == 1


def test_api_tags(crew, browser_of):
    dave = browser_of("dave")
    made = send(dave, "post", "/agencies/agence-horizon/tags", {"kind": "region", "name": "Nord"})
    assert made.status_code == 201
    again = send(dave, "post", "/agencies/agence-horizon/tags", {"kind": "region", "name": "nord"})
    assert again.status_code == 200 and again.json()["id"] == made.json()["id"]
    refused = send(
        browser_of("frank"),
        "post",
        "/agencies/agence-horizon/tags",
        {"kind": "region", "name": "Sud"},
    )
    assert refused.status_code == 403
    record = send(
        dave,
        "put",
        f"/cases/{crew.case.pk}/record",
        {"funder_reference": "F-9", "service": "ES", "tag_ids": [made.json()["id"]]},
    )
    assert record.status_code == 200
    assert record.json()["tags"] == [made.json()]
    assert record.json()["services_used"] == ["ES"]
