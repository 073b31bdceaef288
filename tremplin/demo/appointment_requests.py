"""Demo: the counsellors' open hours (so their clients see free times to ask for), and
one client's request waiting for an answer on the first counsellor's caseload."""

from __future__ import annotations

from datetime import time
from typing import Any

from tremplin.appointments import queries, requesting
from tremplin.appointments.models import Appointment
from tremplin.availability.models import OpenHours
from tremplin.availability.services import Slot, set_week
from tremplin.counselling.models import Case, CaseStatus

WEEK = [
    Slot(day, starts, ends)
    for day in range(5)
    for starts, ends in ((time(9), time(12)), (time(13, 30), time(16, 30)))
]


def seed(people: dict[str, list[Any]]) -> None:
    counsellors = people["counsellors"]
    for counsellor in counsellors:
        if not OpenHours.objects.filter(user=counsellor).exists():
            set_week(counsellor, WEEK, "America/Toronto")
    case = (
        Case.objects.filter(counsellor=counsellors[0], status=CaseStatus.ACTIVE)
        .select_related("client", "counsellor")
        .order_by("pk")
        .first()
    )
    if case is None or Appointment.objects.filter(case=case).requested().exists():
        return
    times = queries.free_times(case, 60)
    if times:
        requesting.request(
            case.client,
            case,
            starts_at=times[min(3, len(times) - 1)],
            duration=60,
            mode="video",
            message="Préparer mon entrevue chez Boréal Logistique.",
        )
