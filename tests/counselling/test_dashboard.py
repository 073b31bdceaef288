"""The caseload dashboard: each column comes from its app's `annotate_caseload`, the
page and the API show them, the tags filter keeps cases carrying all the chosen tags,
and the page stays one query for the cases however many there are."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory, make_case
from tremplin.appointments import services as appointments
from tremplin.appointments.models import Appointment, AppointmentStatus
from tremplin.casework import services as casework
from tremplin.casework.models import FollowUp
from tremplin.counselling.models import Case
from tremplin.counselling.queries import CASELOAD_ROWS, CASES_PER_PAGE, caseload_of, caseload_page
from tremplin.counselling.sections import Moment
from tremplin.plans import services as plans
from tremplin.plans.models import PlanItem

CASELOAD = "/en/counselling/caseload/"
API = "/api/v1/counselling/caseload"


@pytest.fixture
def busy(crew):
    """Alice's case with two open plan items (one overdue), an appointment next week, a
    held one and a note last month, and an overdue follow-up on a closed case of zoe's."""
    case = crew.case
    goal = plans.create_goal(crew.dave, case, title="Trouver un emploi en logistique")
    plans.add_item(crew.dave, goal, title="Mettre le CV à jour")
    late = plans.add_item(crew.dave, goal, title="Appeler Tremblay Transport")
    PlanItem.objects.filter(pk=late.pk).update(due_on=date.today() - timedelta(days=2))
    soon = timezone.now() + timedelta(days=7)
    appointments.book(
        crew.dave, case, starts_at=soon, duration=45, mode="phone", phone_details="514 555 0100"
    )
    held = appointments.book(
        crew.dave,
        case,
        starts_at=timezone.now() + timedelta(days=9),
        duration=30,
        mode="phone",
        phone_details="514 555 0100",
    )
    Appointment.objects.filter(pk=held.pk).update(
        starts_at=timezone.now() - timedelta(days=3), status=AppointmentStatus.HELD
    )
    casework.add_note(
        crew.dave,
        case,
        kind="meeting",
        contact_on=date.today() - timedelta(days=30),
        body="Premier entretien.",
    )
    zoe = UserFactory(email="zoe@example.org", name="Zoé Gagnon")
    closed = make_case(crew.agency, crew.dave, zoe)
    Case.objects.filter(pk=closed.pk).update(status="closed", closed_at=timezone.now())
    FollowUp.objects.create(case=closed, months=3, due_on=date.today() - timedelta(days=1))
    crew.soon = soon
    crew.closed = closed
    return crew


def test_each_column_counts_what_it_says(busy):
    rows = {c.pk: c for c in caseload_of(busy.dave, status="")}
    alice = rows[busy.case.pk]
    assert alice.open_plan_items == 2 and alice.overdue_plan_items == 1
    assert abs((alice.next_appointment_at - busy.soon).total_seconds()) < 1
    assert alice.last_appointment_at is not None
    assert alice.overdue_follow_ups == 0
    closed = caseload_of(busy.dave, status="closed").get(pk=busy.closed.pk)
    assert closed.overdue_follow_ups == 1 and closed.open_plan_items == 0


def test_the_page_and_the_api_show_the_columns(busy, browser_of):
    page = browser_of("dave").get(CASELOAD).content.decode()
    assert "2 open" in page and "1 overdue" in page
    api = browser_of("dave").get(API).json()
    row = next(r for r in api["results"] if r["id"] == busy.case.pk)
    assert row["open_plan_items"] == 2 and row["overdue_plan_items"] == 1
    assert row["next_appointment_at"] is not None
    held_day = timezone.localdate(timezone.now() - timedelta(days=3))
    assert row["last_contact_on"] == held_day.isoformat()  # later than the note's date
    assert row["documents_to_review"] == 0 and row["tags"] == []


def test_the_tag_filter_keeps_cases_carrying_all_chosen_tags(busy, browser_of):
    sector = casework.create_tag(busy.dave, busy.agency, "sector", "Logistique")
    region = casework.create_tag(busy.dave, busy.agency, "region", "Laval")
    casework.tag_case(busy.dave, busy.case, sector)
    casework.tag_case(busy.dave, busy.case, region)
    casework.record_for(busy.closed).tags.add(sector)  # a closed case's record is read-only
    both = browser_of("dave").get(API, {"tag": [sector.pk, region.pk], "status": ""}).json()
    assert [r["id"] for r in both["results"]] == [busy.case.pk]
    assert {t["name"] for t in both["results"][0]["tags"]} == {"Logistique", "Laval"}
    page = browser_of("dave").get(CASELOAD, {"tags": [region.pk]}).content.decode()
    assert "Alice Martin" in page and "Laval" in page


def test_a_tag_of_another_agency_matches_no_case(busy, browser_of):
    foreign = casework.create_tag(busy.frank, busy.other_agency, "sector", "Mines")
    response = browser_of("dave").get(API, {"tag": [foreign.pk]})
    assert response.status_code == 200 and response.json() == {"count": 0, "results": []}
    huge = browser_of("dave").get(API, {"tag": [2**40]})
    assert huge.status_code == 200 and huge.json()["count"] == 0
    # Without the filter: alice, and zoe's closed case (a follow-up is due).
    assert browser_of("dave").get(API).json()["count"] == 2


def test_the_default_view_keeps_closed_cases_while_a_follow_up_is_due(busy, browser_of):
    """A closed case stays in the counsellor's default caseload while one of its
    follow-ups is due and not recorded; under "Closed" it is listed either way."""

    def default() -> set[int]:
        return {c.pk for c in caseload_of(busy.dave)}

    assert default() == {busy.case.pk, busy.closed.pk}
    plain = caseload_page(busy.dave, "")  # the compiled page and its count agree
    assert plain.paginator.count == 2
    assert {c.pk for c in plain.object_list} == {busy.case.pk, busy.closed.pk}
    page = browser_of("dave").get(CASELOAD).content.decode()
    assert "Zoé Gagnon" in page and "1 due" in page
    assert "Open links and follow-ups due" in page
    api = browser_of("dave").get(API).json()
    assert {r["id"] for r in api["results"]} == {busy.case.pk, busy.closed.pk}
    FollowUp.objects.filter(case=busy.closed).update(status="done")
    FollowUp.objects.create(case=busy.closed, months=6, due_on=date.today() + timedelta(days=30))
    assert default() == {busy.case.pk}  # recorded, and the next one is not due yet
    assert caseload_page(busy.dave, "").paginator.count == 1
    assert "Zoé Gagnon" not in browser_of("dave").get(CASELOAD).content.decode()
    assert busy.closed.pk in {c.pk for c in caseload_of(busy.dave, status="closed")}


def test_the_caseload_is_one_query_whatever_its_size(busy):
    def queries(n_extra: int) -> int:
        for i in range(n_extra):
            make_case(busy.agency, busy.dave, UserFactory(email=f"c{i}-{n_extra}@example.org"))
        with CaptureQueriesContext(connection) as captured:
            list(caseload_of(busy.dave))
        return len(captured)

    assert queries(0) == 1
    assert queries(5) == 1


COLUMNS = (
    "open_plan_items", "overdue_plan_items", "next_appointment_at", "last_appointment_at",
    "overdue_follow_ups", "last_note_at", "documents_to_review", "forwards_awaiting",
)  # fmt: skip


@pytest.mark.both_databases  # the compiled page: prepared statements on PostgreSQL
def test_a_plain_caseload_page_is_the_orm_page_compiled(busy):
    for i in range(CASES_PER_PAGE):
        make_case(busy.agency, busy.dave, UserFactory(email=f"many{i}@example.org"))
    for status, number in [("", 1), ("", 2), ("", 3), ("active", 2), ("closed", 1)]:
        page = caseload_page(busy.dave, status, number=number)
        offset = (page.number - 1) * CASES_PER_PAGE
        expected = list(caseload_of(busy.dave, status)[offset : offset + CASES_PER_PAGE])
        assert [c.pk for c in page] == [c.pk for c in expected]
        for got, wanted in zip(page, expected, strict=True):
            assert got.client_label == wanted.client_label
            assert got.agency.name == wanted.agency.name
            assert all(getattr(got, name) == getattr(wanted, name) for name in COLUMNS)
    assert caseload_page(busy.dave, number=3).number == 2  # past the end: the last page
    assert busy.case.pk in {c.pk for c in caseload_page(busy.dave, number=2)}


def test_the_compiled_caseload_counts_from_the_moment_it_is_given(busy):
    now, today = timezone.now(), timezone.localdate()

    def alice(moment: Moment):
        rows = CASELOAD_ROWS.run(("", 0), counsellor=busy.dave, now=moment.now, today=moment.today)
        return next(row for row in rows if row.pk == busy.case.pk)

    assert alice(Moment(now, today)).overdue_plan_items == 1
    assert alice(Moment(now, today - timedelta(days=10))).overdue_plan_items == 0
    assert alice(Moment(now, today)).next_appointment_at is not None
    assert alice(Moment(now + timedelta(days=8), today)).next_appointment_at is None
