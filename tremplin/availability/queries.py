"""The read path of availability: a member's own week (for their settings page and the
API), the free times another app may offer (`free_slots`), and how much two members'
weeks overlap (`weekly_overlap_minutes`, for mentor ranking)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from tremplin.availability.busy import Interval, busy_between
from tremplin.availability.models import OpenHours, WeeklySlot

MAX_FREE = 200
WEEK_MINUTES = 7 * 24 * 60


def own_hours(viewer: Any) -> OpenHours | None:
    """The viewer's open hours with their slots, or None when never set."""
    return OpenHours.objects.visible_to(viewer).prefetch_related("slots").first()


def hours_of(user: Any) -> OpenHours | None:
    """A member's open hours for a service that has checked its relation to them (never
    shown as such: only the free times computed from them are)."""
    return OpenHours.objects.filter(user=user).prefetch_related("slots").first()


def _local(day: date, moment: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day, as an aware datetime (a time skipped by a clock change
    resolves forward, a repeated one to its first occurrence)."""
    return datetime.combine(day, moment, tzinfo=zone)


def open_intervals(hours: OpenHours, start: datetime, end: datetime) -> list[Interval]:
    """The owner's weekly slots laid out between `start` and `end` (aware, UTC)."""
    zone = hours.zone
    slots: Sequence[WeeklySlot] = list(hours.slots.all())
    found: list[Interval] = []
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        for slot in slots:
            if slot.weekday != day.weekday():
                continue
            begins = max(_local(day, slot.starts, zone), start)
            ends = min(_local(day, slot.ends, zone), end)
            if begins < ends:
                found.append((begins.astimezone(UTC), ends.astimezone(UTC)))
        day += timedelta(days=1)
    return sorted(found)


def subtract(opens: Iterable[Interval], busy: Sequence[Interval]) -> list[Interval]:
    """`opens` minus every busy interval (both sorted)."""
    free: list[Interval] = []
    for begins, ends in opens:
        cursor = begins
        for busy_start, busy_end in busy:
            if busy_end <= cursor or busy_start >= ends:
                continue
            if busy_start > cursor:
                free.append((cursor, busy_start))
            cursor = max(cursor, busy_end)
        if cursor < ends:
            free.append((cursor, ends))
    return free


def free_slots(
    owner: Any,
    start: datetime,
    end: datetime,
    length: int,
    step: int = 30,
    not_before: datetime | None = None,
) -> list[datetime]:
    """The start times in [start, end) at which `owner` has `length` free minutes: within
    their open hours, clear of every registered commitment (`busy.providers`), on a
    `step`-minute grid counted from each open interval's start, never before `not_before`
    (default now). At most MAX_FREE, earliest first. The caller decides who may ask."""
    hours = hours_of(owner)
    if hours is None:
        return []
    start = max(start, not_before or timezone.now())
    if start >= end:
        return []
    opens = open_intervals(hours, start, end)
    free = subtract(opens, busy_between(owner, start, end))
    duration, grid = timedelta(minutes=length), timedelta(minutes=step)
    found: list[datetime] = []
    for begins, ends in free:
        moment = _on_grid(begins, grid)
        while moment + duration <= ends and len(found) < MAX_FREE:
            found.append(moment)
            moment += grid
    return found


def _on_grid(moment: datetime, grid: timedelta) -> datetime:
    """The first time at or after `moment` on the hour's `grid` (e.g. :00 and :30)."""
    floor = moment.replace(minute=0, second=0, microsecond=0)
    while floor < moment:
        floor += grid
    return floor


def week_minutes(hours: OpenHours | None, monday: date | None = None) -> list[tuple[int, int]]:
    """The owner's week as merged minutes from Monday 00:00 UTC (0 to WEEK_MINUTES), for
    the week of `monday` (the current one by default: clock changes move slots against
    UTC). A slot that crosses the UTC week's edge wraps round to its start."""
    if hours is None:
        return []
    if monday is None:
        today = timezone.now().date()
        monday = today - timedelta(days=today.weekday())
    origin = datetime.combine(monday, time(0), tzinfo=UTC)
    pieces: list[tuple[int, int]] = []
    # A day either side, so that slots falling across the week's edge in UTC are found.
    for begins, ends in open_intervals(
        hours, origin - timedelta(days=1), origin + timedelta(days=8)
    ):
        low = int((begins - origin).total_seconds() // 60) % WEEK_MINUTES
        span = int((ends - begins).total_seconds() // 60)
        high = low + span
        pieces.append((low, min(high, WEEK_MINUTES)))
        if high > WEEK_MINUTES:
            pieces.append((0, high - WEEK_MINUTES))
    return _merged(pieces)


def _merged(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(pieces):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def weeks_of(user_ids: Iterable[int]) -> dict[int, list[tuple[int, int]]]:
    """{user id: their week from `week_minutes`} for many members at once (two queries):
    a ranking compares hundreds of weeks in memory."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    found = OpenHours.objects.filter(user_id__in_ids=wanted).prefetch_related("slots")
    return {hours.user_id: week_minutes(hours) for hours in found}


def overlap_minutes(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Minutes two weeks (from `week_minutes`) have in common."""
    total, i, j = 0, 0, 0
    a, b = sorted(a), sorted(b)
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, high - low)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


def weekly_overlap_minutes(first: Any, second: Any) -> int:
    """How many minutes a week two members are both open (0 when either has no hours)."""
    return overlap_minutes(week_minutes(hours_of(first)), week_minutes(hours_of(second)))
