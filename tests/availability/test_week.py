"""Open hours: the week as people type it, the rules of a week, free times clear of
every commitment (and of clock changes), the overlap of two weeks, the page and the API."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import client_for
from tremplin.availability import busy, queries, services
from tremplin.availability.forms import WeekForm, parse_day
from tremplin.availability.models import OpenHours
from tremplin.availability.services import AvailabilityRefusal, Slot

pytestmark = pytest.mark.django_db
TORONTO = ZoneInfo("America/Toronto")
API = "/api/v1/availability/me"


def test_a_day_is_read_as_people_write_it():
    assert parse_day("09:00-12:00, 13:30 – 17:00", 0) == [
        Slot(0, time(9), time(12)),
        Slot(0, time(13, 30), time(17)),
    ]
    assert parse_day("9 h - 12 h; 14h30 à 16h", 2) == [
        Slot(2, time(9), time(12)),
        Slot(2, time(14, 30), time(16)),
    ]
    assert parse_day("9:00 to 24:00", 4) == [Slot(4, time(9), time(23, 59))]
    assert parse_day("  ", 1) == []
    for wrong in ("tomorrow", "25:00-26:00", "9-", "12:75-13:00"):
        with pytest.raises(ValueError):
            parse_day(wrong, 0)


def test_a_week_that_makes_no_sense_is_refused(personas):
    with pytest.raises(AvailabilityRefusal, match="chevauchent"):
        services.set_week(
            personas.dave, [Slot(0, time(9), time(12)), Slot(0, time(11), time(13))], "UTC"
        )
    with pytest.raises(AvailabilityRefusal):
        services.set_week(personas.dave, [Slot(0, time(12), time(9))], "UTC")
    with pytest.raises(AvailabilityRefusal):
        services.set_week(personas.dave, [], "Mars/Olympus_Mons")
    assert not OpenHours.objects.filter(user=personas.dave).exists()


def test_free_times_skip_commitments_and_the_past(personas, monkeypatch):
    dave = personas.dave
    services.set_week(dave, [Slot(0, time(9), time(12))], "America/Toronto")
    monday = datetime(2031, 3, 3, tzinfo=TORONTO)  # a Monday
    meeting = (monday.replace(hour=10), monday.replace(hour=11))
    calls = []

    def busy_dave(user, start, end):
        calls.append(user)
        return [meeting] if user == dave else []

    monkeypatch.setattr(busy.providers, "_entries", [busy_dave])
    found = queries.free_slots(
        dave, monday, monday + timedelta(days=7), 60, not_before=monday - timedelta(days=1)
    )
    local = [moment.astimezone(TORONTO).strftime("%a %H:%M") for moment in found]
    assert local == ["Mon 09:00", "Mon 11:00"]
    assert calls == [dave]
    # Half-hour lengths fit more times; nothing before `not_before`.
    later = queries.free_slots(
        dave, monday, monday + timedelta(days=1), 30, not_before=monday.replace(hour=9, minute=10)
    )
    assert [m.astimezone(TORONTO).strftime("%H:%M") for m in later] == ["09:30", "11:00", "11:30"]
    assert queries.free_slots(personas.erin, monday, monday + timedelta(days=7), 60) == []


def test_free_times_follow_the_owners_clock_across_a_clock_change(personas):
    services.set_week(personas.dave, [Slot(6, time(9), time(10))], "America/Toronto")
    # Sunday 8 March 2026 is the spring change in Toronto: 9:00 is 13:00 UTC, not 14:00.
    before = datetime(2026, 3, 1, tzinfo=UTC)
    found = queries.free_slots(
        personas.dave, before, before + timedelta(days=14), 60, not_before=before
    )
    assert [m.strftime("%d %H:%M") for m in found] == ["01 14:00", "08 13:00"]


def test_two_weeks_overlap_in_utc_even_across_the_weeks_edge(personas):
    # Sunday 20:00-23:00 in Toronto is Monday 00:00/01:00-… in UTC: it wraps round.
    services.set_week(personas.dave, [Slot(6, time(20), time(23))], "America/Toronto")
    services.set_week(personas.erin, [Slot(0, time(0), time(2))], "UTC")
    overlap = queries.weekly_overlap_minutes(personas.dave, personas.erin)
    assert overlap in (60, 120)  # one or two hours, by the season's offset
    assert queries.overlap_minutes([(0, 100)], [(50, 60), (90, 200)]) == 20
    assert queries.weekly_overlap_minutes(personas.dave, personas.carol) == 0


def test_many_weeks_are_read_at_once(personas, django_assert_max_num_queries):
    services.set_week(personas.dave, [Slot(0, time(9), time(10))], "UTC")
    services.set_week(personas.erin, [Slot(0, time(9, 30), time(11))], "UTC")
    with django_assert_max_num_queries(2):
        weeks = queries.weeks_of([personas.dave.pk, personas.erin.pk, personas.carol.pk])
    assert weeks == {personas.dave.pk: [(540, 600)], personas.erin.pk: [(570, 660)]}
    assert queries.overlap_minutes(weeks[personas.dave.pk], weeks[personas.erin.pk]) == 30


def test_the_page_keeps_what_was_typed_and_saves_a_good_week(personas):
    client = client_for(personas.dave)
    assert 'value="09:00' not in client.get("/en/availability/").content.decode()
    bad = client.post(
        "/en/availability/", {"time_zone": "America/Toronto", "day_0": "9h-12h", "day_1": "lunch"}
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "lunch" in page and "9h-12h" in page and "is not a time range" in page
    good = client.post(
        "/fr/availability/",
        {"time_zone": "Europe/Paris", "day_0": "9h-12h", "day_4": "14:00-16:30"},
    )
    assert good.status_code == 302
    again = client.get("/fr/availability/").content.decode()
    assert "09:00-12:00" in again and "14:00-16:30" in again and "Ma disponibilité" in again
    assert 'value="09:00' not in client_for(personas.erin).get("/en/availability/").content.decode()
    assert client_for(None).get("/en/availability/").status_code == 302


def test_the_api_reads_and_replaces_my_week(personas):
    dave, erin = client_for(personas.dave), client_for(personas.erin)
    assert dave.get(API).json() == {"time_zone": "", "slots": []}
    body = {
        "time_zone": "America/Toronto",
        "slots": [{"weekday": 2, "starts": "13:00", "ends": "15:00"}],
    }
    put = dave.put(API, body, content_type="application/json")
    assert put.status_code == 200 and put.json()["slots"] == body["slots"]
    assert erin.get(API).json()["slots"] == []
    wrong = dict(body, slots=[{"weekday": 2, "starts": "15:00", "ends": "13:00"}])
    refused = dave.put(API, wrong, content_type="application/json")
    assert refused.status_code == 422 and "detail" in refused.json()
    unknown = dave.put(API, dict(body, time_zone="0"), content_type="application/json")
    assert unknown.status_code == 422 and "detail" in unknown.json()
    unreadable = dave.put(API, b"\x00", content_type="application/json")
    assert unreadable.status_code == 400 and "detail" in unreadable.json()
    assert client_for(None).get(API).status_code == 401
    assert dave.get(API).json()["slots"] == body["slots"]


def test_the_week_form_shows_the_saved_week(personas):
    services.set_week(personas.dave, [Slot(3, time(8), time(9, 30))], "America/Toronto")
    form = WeekForm.for_hours(queries.own_hours(personas.dave))
    assert form.initial["day_3"] == "08:00-09:30" and form.initial["day_0"] == ""
