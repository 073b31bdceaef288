"""Follow-ups after exit: created when a served case closes (idempotent), caught up by
the clock when the signal was lost, announced once, recorded by the current counsellor."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.casework.conftest import send
from tremplin.casework import queries, services, tasks
from tremplin.casework.hooks import FOLLOW_UP_DUE
from tremplin.casework.models import FollowUp, FollowUpSchedule
from tremplin.counselling import services as counselling
from tremplin.counselling.models import Case
from tremplin.notifications.models import Notification


def close(crew, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counselling.close(crew.dave, crew.case, "employed")
    crew.case.refresh_from_db()
    return crew.case


def test_closing_a_case_plans_3_6_and_12_months(crew, django_capture_on_commit_callbacks):
    case = close(crew, django_capture_on_commit_callbacks)
    closed_on = timezone.localdate(case.closed_at)
    rows = list(FollowUp.objects.filter(case=case))
    assert [r.months for r in rows] == [3, 6, 12]
    assert [r.due_on for r in rows] == [services.add_months(closed_on, m) for m in (3, 6, 12)]
    assert all(r.status == "pending" and r.announced_at is None for r in rows)


def test_the_client_ending_the_link_plans_them_too(crew, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counselling.end(crew.alice, crew.case)
    assert FollowUp.objects.filter(case=crew.case).count() == 3


def test_creation_is_idempotent(crew, django_capture_on_commit_callbacks):
    case = close(crew, django_capture_on_commit_callbacks)
    assert services.create_follow_ups(case.pk) == 0
    assert tasks.open_due_follow_ups() == 0  # nothing due yet, nothing missing
    assert FollowUp.objects.filter(case=case).count() == 3


def test_a_withdrawn_invitation_gets_no_follow_up(crew, django_capture_on_commit_callbacks):
    invited = counselling.invite(crew.dave, crew.agency, client=crew.carol)
    with django_capture_on_commit_callbacks(execute=True):
        counselling.close(crew.dave, invited, "other")
    assert services.create_follow_ups(invited.pk) == 0
    tasks.open_due_follow_ups()
    assert not FollowUp.objects.filter(case=invited).exists()


def test_settings_and_the_agency_schedule_choose_the_months(
    crew, settings, django_capture_on_commit_callbacks
):
    settings.CASEWORK_FOLLOW_UP_MONTHS = [1, 2]
    assert queries.months_for(crew.agency.pk) == [1, 2]
    services.set_schedule(crew.greta, crew.agency, [6, 24])
    case = close(crew, django_capture_on_commit_callbacks)
    assert list(FollowUp.objects.filter(case=case).values_list("months", flat=True)) == [6, 24]


@pytest.mark.parametrize("months", [[], [0], [61], [6, 3], [3, 3], list(range(1, 14)), [True]])
def test_a_bad_schedule_is_refused(crew, months):
    with pytest.raises(ValidationError):
        services.set_schedule(crew.greta, crew.agency, months)
    assert not FollowUpSchedule.objects.exists()


def test_only_an_admin_sets_the_schedule(crew):
    for who in (crew.dave, crew.erin, crew.frank, crew.alice):
        with pytest.raises(ValidationError) as caught:
            services.set_schedule(who, crew.agency, [3])
        assert caught.value.code == "forbidden"


def test_the_clock_catches_up_a_lost_signal(crew):
    # Closed without the signal being delivered (no on_commit callbacks run).
    counselling.close(crew.dave, crew.case, "employed")
    assert not FollowUp.objects.exists()
    assert tasks.open_due_follow_ups() == 3
    assert FollowUp.objects.filter(case=crew.case).count() == 3


def test_a_due_follow_up_is_announced_once(crew, django_capture_on_commit_callbacks):
    case = close(crew, django_capture_on_commit_callbacks)
    FollowUp.objects.filter(case=case, months=3).update(due_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.open_due_follow_ups() == 1
        assert tasks.open_due_follow_ups() == 0
    notes = Notification.objects.filter(recipient=crew.dave, kind=FOLLOW_UP_DUE)
    assert notes.count() == 1
    found = notes.get()
    assert found.actor == crew.alice and found.target == case
    assert FollowUp.objects.get(case=case, months=3).announced_at is not None
    assert FollowUp.objects.get(case=case, months=6).announced_at is None


def test_a_recorded_follow_up_is_not_announced(crew, django_capture_on_commit_callbacks):
    case = close(crew, django_capture_on_commit_callbacks)
    row = FollowUp.objects.get(case=case, months=3)
    services.record_follow_up(crew.dave, row, status="done", outcome="employed_full_time")
    FollowUp.objects.filter(pk=row.pk).update(due_on=datetime.date(2020, 1, 1))
    assert services.announce_due_follow_ups() == 0


def test_recording_a_follow_up(crew, django_capture_on_commit_callbacks):
    case = close(crew, django_capture_on_commit_callbacks)
    row = FollowUp.objects.get(case=case, months=3)
    with pytest.raises(ValidationError):
        services.record_follow_up(crew.dave, row, status="done")  # no outcome
    with pytest.raises(ValidationError):
        services.record_follow_up(crew.dave, row, status="unreachable", outcome="training")
    with pytest.raises(ValidationError) as caught:
        services.record_follow_up(crew.erin, row, status="unreachable")
    assert caught.value.code == "not_found"
    done = services.record_follow_up(
        crew.dave, row, status="done", outcome="training", note="En formation"
    )
    assert (done.status, done.outcome, done.recorded_by) == ("done", "training", crew.dave)
    assert done.done_at is not None
    with pytest.raises(ValidationError) as caught:
        services.record_follow_up(crew.dave, row, status="unreachable")
    assert caught.value.code == "transition"


def test_recording_over_the_api_and_the_page(crew, browser_of, django_capture_on_commit_callbacks):
    case = close(crew, django_capture_on_commit_callbacks)
    three, six = FollowUp.objects.filter(case=case, months__in=[3, 6])
    dave = browser_of("dave")
    missing = send(dave, "post", f"/follow-ups/{three.pk}", {"status": "done"})
    assert missing.status_code == 422 and missing.json()["detail"]
    ok = send(dave, "post", f"/follow-ups/{three.pk}", {"status": "done", "outcome": "training"})
    assert ok.status_code == 200 and ok.json()["outcome"] == "training"
    again = send(dave, "post", f"/follow-ups/{three.pk}", {"status": "unreachable"})
    assert again.status_code == 409
    bad = dave.post(f"/fr/casework/follow-ups/{six.pk}/", {"status": "done", "note": "Appel"})
    assert bad.status_code == 400 and "Appel" in bad.content.decode()
    good = dave.post(f"/fr/casework/follow-ups/{six.pk}/", {"status": "unreachable"})
    assert good.status_code == 302
    assert FollowUp.objects.get(pk=six.pk).status == "unreachable"
    listed = send(dave, "get", f"/cases/{case.pk}/follow-ups").json()
    assert [r["status"] for r in listed] == ["done", "unreachable", "pending"]
    assert send(browser_of("alice"), "get", f"/cases/{case.pk}/follow-ups").status_code == 404


def test_the_schedule_page_and_api(crew, browser_of):
    greta = browser_of("greta")
    url = "/fr/counselling/agencies/agence-horizon/follow-ups/"
    assert greta.get(url).status_code == 200
    for name in ("dave", "erin", "frank", "alice", "mallory"):
        assert browser_of(name).get(url).status_code == 404
    bad = greta.post(url, {"months": "3, douze"})
    assert bad.status_code == 400 and "3, douze" in bad.content.decode()
    bad = greta.post(url, {"months": "12, 6"})
    assert bad.status_code == 400
    assert greta.post(url, {"months": "2, 4"}).status_code == 302
    assert FollowUpSchedule.objects.get().months == [2, 4]
    api = send(greta, "get", "/agencies/agence-horizon/follow-up-schedule").json()
    assert api == {"months": [2, 4], "custom": True, "default": [3, 6, 12]}
    put = send(greta, "put", "/agencies/agence-horizon/follow-up-schedule", {"months": [99]})
    assert put.status_code == 422
    put = send(greta, "put", "/agencies/agence-horizon/follow-up-schedule", {"months": None})
    assert put.json() == {"months": [3, 6, 12], "custom": False, "default": [3, 6, 12]}
    put = send(
        browser_of("dave"), "put", "/agencies/agence-horizon/follow-up-schedule", {"months": [3]}
    )
    assert put.status_code == 403
    assert send(greta, "get", "/agencies/nowhere/follow-up-schedule").status_code == 404


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 11, 15), 3, datetime.date(2025, 2, 15)),
        (datetime.date(2024, 8, 31), 6, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 5, 5), 60, datetime.date(2029, 5, 5)),
    ],
)
def test_add_months(day, months, due):
    assert services.add_months(day, months) == due


def test_case_has_no_follow_ups_while_active(crew):
    assert tasks.open_due_follow_ups() == 0
    assert Case.objects.get(pk=crew.case.pk).status == "active"
