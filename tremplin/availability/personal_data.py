"""What availability holds about a member: their time zone and weekly slots. It goes
with the account."""

from __future__ import annotations

from typing import Any

from tremplin.availability.models import OpenHours


def export(user: Any) -> dict[str, Any]:
    hours = OpenHours.objects.filter(user=user).prefetch_related("slots").first()
    if hours is None:
        return {"open_hours": None}
    return {
        "open_hours": {
            "time_zone": hours.time_zone,
            "slots": [
                {"weekday": s.weekday, "starts": f"{s.starts:%H:%M}", "ends": f"{s.ends:%H:%M}"}
                for s in hours.slots.all()
            ],
        }
    }


def erase(user: Any) -> int:
    deleted, _by_model = OpenHours.objects.filter(user=user).delete()
    return deleted
