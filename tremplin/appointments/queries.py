"""The read path of appointments: the one case or appointment a page or the API acts on
(else 404), a case's appointments and requests, the counsellor's free times a client may
ask for, what makes a counsellor busy, and the caseload's columns."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404
from django.utils import timezone

from tremplin.appointments.models import (
    MAX_DURATION,
    REQUEST_LENGTHS,
    Appointment,
    AppointmentQuerySet,
    AppointmentStatus,
)
from tremplin.availability.queries import free_slots
from tremplin.core.reads import visible_or_404
from tremplin.counselling.models import Case, CaseStatus, parties_q
from tremplin.counselling.sections import Moment

# The most a case page or the API lists.
AHEAD_SHOWN = 100
PAST_SHOWN = 50
LISTED = 500
# How far ahead a client is offered their counsellor's free times.
FREE_AHEAD = timedelta(weeks=3)


def case_or_404(viewer: Any, pk: int) -> Case:
    """A case the viewer is a party of, past its invitation (admins and everyone else:
    404), with both parties' names."""
    rule = parties_q(viewer, "")
    cases = Case.objects.none() if rule is None else Case.objects.filter(rule)
    return visible_or_404(cases.for_display(), pk=pk)


def appointment_or_404(viewer: Any, pk: int) -> Appointment:
    return visible_or_404(Appointment.objects.visible_to(viewer).with_people(), pk=pk)


def invited_or_404(viewer: Any, pk: int) -> Appointment:
    """An appointment that calendars may hold (booked, or a confirmed request): its .ics.
    A request has none until the counsellor confirms it."""
    appointment = appointment_or_404(viewer, pk)
    if not appointment.invited:
        raise Http404
    return appointment


def of_case(viewer: Any, case: Case) -> AppointmentQuerySet:
    """The case's appointments the viewer may see."""
    return Appointment.objects.visible_to(viewer).filter(case=case)


def listed(viewer: Any, case: Case) -> QuerySet[Appointment]:
    """The case's appointments for the API, by start."""
    return of_case(viewer, case).order_by("starts_at")[:LISTED]


def case_lists(
    viewer: Any, case: Case
) -> tuple[list[Appointment], list[Appointment], list[Appointment]]:
    """The case page's three lists in one query: the scheduled ones soonest first (at
    most AHEAD_SHOWN), the requests waiting for an answer soonest first (the services
    keep three open per case), and the cancelled, declined, expired, held and missed
    ones latest first (at most PAST_SHOWN). A window numbers the rows of each list in
    its own order."""
    scheduled = Q(status=AppointmentStatus.SCHEDULED)
    requested = Q(status=AppointmentStatus.REQUESTED)
    group = SqlCase(
        When(scheduled, then=Value(0)),
        When(requested, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    soonest = SqlCase(When(scheduled | requested, then=F("starts_at")))
    latest = SqlCase(When(~(scheduled | requested), then=F("starts_at")))
    rank = Window(RowNumber(), partition_by=[group], order_by=[soonest.asc(), latest.desc()])
    rows = (
        of_case(viewer, case)
        .annotate(rank=rank)
        .filter(rank__lte=max(AHEAD_SHOWN, PAST_SHOWN))
        .order_by("rank")
    )
    ahead: list[Appointment] = []
    waiting: list[Appointment] = []
    past: list[Appointment] = []
    for row in rows:
        if row.status == AppointmentStatus.SCHEDULED:
            ahead.append(row)
        elif row.status == AppointmentStatus.REQUESTED:
            waiting.append(row)
        else:
            past.append(row)
    return ahead[:AHEAD_SHOWN], waiting[:AHEAD_SHOWN], past[:PAST_SHOWN]


# ------------------------------------------------------------------ free times


def busy_times(user: Any, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The counsellor's scheduled and requested appointments (all their cases) that
    overlap [start, end): availability's busy provider. Only those starting less than
    the longest duration before `start` can reach into it (the query stays bounded)."""
    rows = (
        Appointment.objects.taken()
        .filter(
            case__counsellor=user,
            starts_at__lt=end,
            starts_at__gt=start - timedelta(minutes=MAX_DURATION),
        )
        .values_list("starts_at", "duration")
    )
    found = [(begins, begins + timedelta(minutes=length)) for begins, length in rows]
    return [(begins, ends) for begins, ends in found if ends > start]


def askable_case_or_404(viewer: Any, pk: int) -> Case:
    """The ACTIVE case of which the viewer is the client: only they are offered their
    counsellor's free times and may ask (everyone else, the counsellor too: 404)."""
    case = case_or_404(viewer, pk)
    if case.client_id != getattr(viewer, "pk", None) or case.status != CaseStatus.ACTIVE:
        raise Http404
    return case


def free_times(case: Case, length: int, *, now: datetime | None = None) -> list[datetime]:
    """The counsellor's free start times for `length` minutes in the next three weeks
    (their open hours minus every commitment); the caller checked who asks."""
    if length not in REQUEST_LENGTHS or case.counsellor is None:
        return []
    start = now or timezone.now()
    # Week by week: one call gives at most availability's MAX_FREE times, fewer than a
    # full-time counsellor's three weeks on a 30-minute grid.
    found: list[datetime] = []
    for week in range(FREE_AHEAD // timedelta(weeks=1)):
        begins = start + timedelta(weeks=week)
        ends = begins + timedelta(weeks=1)
        found.extend(free_slots(case.counsellor, begins, ends, length, not_before=start))
    return found


def by_day(times: Iterable[datetime]) -> list[tuple[Any, list[datetime]]]:
    """Free times grouped by their day in the site's time zone, as local datetimes."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = [moment.astimezone(zone) for moment in times]
    return [(day, list(group)) for day, group in groupby(local, key=lambda m: m.date())]


# ------------------------------------------------------------------ the caseload


def annotate_caseload(cases: QuerySet[Case], moment: Moment | None = None) -> QuerySet[Case]:
    """Adds `next_appointment_at` (the earliest scheduled one still ahead, or None) and
    `last_appointment_at` (the latest held one, or None) as subqueries: one query."""
    now = (moment or Moment.current()).now
    soonest = (
        Appointment.objects.filter(
            case=OuterRef("pk"), status=AppointmentStatus.SCHEDULED, starts_at__gt=now
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    held = (
        Appointment.objects.filter(case=OuterRef("pk"), status=AppointmentStatus.HELD)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )
    asked = (
        Appointment.objects.filter(
            case=OuterRef("pk"), status=AppointmentStatus.REQUESTED, starts_at__gt=now
        )
        .order_by()
        .values("case")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return cases.annotate(
        next_appointment_at=Subquery(soonest),
        last_appointment_at=Subquery(held),
        requests_waiting=Coalesce(Subquery(asked, output_field=IntegerField()), 0),
    )
