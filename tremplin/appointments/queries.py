"""The read path of appointments: the one case or appointment a page or the API acts on
(else 404), a case's appointments, and the caseload's columns."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
    Window,
)
from django.db.models import Case as SqlCase
from django.db.models.functions import RowNumber

from tremplin.appointments.models import Appointment, AppointmentQuerySet, AppointmentStatus
from tremplin.core.reads import visible_or_404
from tremplin.counselling.models import Case, parties_q
from tremplin.counselling.sections import Moment

# The most a case page or the API lists.
AHEAD_SHOWN = 100
PAST_SHOWN = 50
LISTED = 500


def case_or_404(viewer: Any, pk: int) -> Case:
    """A case the viewer is a party of, past its invitation (admins and everyone else:
    404), with both parties' names."""
    rule = parties_q(viewer, "")
    cases = Case.objects.none() if rule is None else Case.objects.filter(rule)
    return visible_or_404(cases.for_display(), pk=pk)


def appointment_or_404(viewer: Any, pk: int) -> Appointment:
    return visible_or_404(Appointment.objects.visible_to(viewer).with_people(), pk=pk)


def of_case(viewer: Any, case: Case) -> AppointmentQuerySet:
    """The case's appointments the viewer may see."""
    return Appointment.objects.visible_to(viewer).filter(case=case)


def listed(viewer: Any, case: Case) -> QuerySet[Appointment]:
    """The case's appointments for the API, by start."""
    return of_case(viewer, case).order_by("starts_at")[:LISTED]


def ahead_and_past(viewer: Any, case: Case) -> tuple[list[Appointment], list[Appointment]]:
    """The case page's two lists in one query: the scheduled ones soonest first (at
    most AHEAD_SHOWN), and the cancelled, held and missed ones latest first (at most
    PAST_SHOWN). A window numbers the rows of each list in its own order."""
    scheduled = Q(status=AppointmentStatus.SCHEDULED)
    soonest = SqlCase(When(scheduled, then=F("starts_at")))
    latest = SqlCase(When(~scheduled, then=F("starts_at")))
    rank = Window(
        RowNumber(),
        partition_by=[ExpressionWrapper(scheduled, output_field=BooleanField())],
        order_by=[soonest.asc(), latest.desc()],
    )
    rows = (
        of_case(viewer, case)
        .annotate(rank=rank)
        .filter(rank__lte=max(AHEAD_SHOWN, PAST_SHOWN))
        .order_by("rank")
    )
    ahead: list[Appointment] = []
    past: list[Appointment] = []
    for row in rows:
        (ahead if row.status == AppointmentStatus.SCHEDULED else past).append(row)
    return ahead[:AHEAD_SHOWN], past[:PAST_SHOWN]


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
    return cases.annotate(next_appointment_at=Subquery(soonest), last_appointment_at=Subquery(held))
