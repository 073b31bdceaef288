"""What the appointments app holds about a member: the appointments of the cases where
they are the client. Erased with the account (their address, a phone line or an agenda
can describe the person)."""

from __future__ import annotations

from typing import Any

from tremplin.appointments.models import Appointment
from tremplin.core.personal_data import plain_rows


def export(user: Any) -> dict[str, Any]:
    appointments = Appointment.objects.filter(case__client=user).order_by("starts_at", "pk")
    return {"appointments": plain_rows(appointments, exclude=("created_by", "cancelled_by"))}


def erase(user: Any) -> int:
    deleted, _by_model = Appointment.objects.filter(case__client=user).delete()
    return deleted
