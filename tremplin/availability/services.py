"""The one action of availability: a member sets their week (replacing it whole)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import Any, NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.availability.models import MAX_SLOTS, ZONES, OpenHours, Weekday, WeeklySlot
from tremplin.core.refusals import Refusal


class AvailabilityRefusal(Refusal):
    area = "availability"


class Slot(NamedTuple):
    weekday: int
    starts: time
    ends: time


def checked(slots: Iterable[Slot]) -> list[Slot]:
    """The slots sorted, or a refusal naming the day that is wrong."""
    ordered = sorted(slots)
    if len(ordered) > MAX_SLOTS:
        raise AvailabilityRefusal(
            _("Keep at most %(count)d slots a week.") % {"count": MAX_SLOTS}, field="slots"
        )
    for index, slot in enumerate(ordered):
        if slot.weekday not in Weekday.values:
            raise AvailabilityRefusal(_("Choose a day of the week."), field="slots")
        day = str(Weekday(slot.weekday).label)
        if slot.starts >= slot.ends:
            raise AvailabilityRefusal(
                _("%(day)s: a slot must end after it starts.") % {"day": day}, field="slots"
            )
        previous = ordered[index - 1] if index else None
        if previous and previous.weekday == slot.weekday and previous.ends > slot.starts:
            raise AvailabilityRefusal(
                _("%(day)s: two slots overlap.") % {"day": day}, field="slots"
            )
    return ordered


@transaction.atomic
def set_week(user: Any, slots: Iterable[Slot], time_zone: str) -> OpenHours:
    """Replace the member's week: their time zone and every slot. An empty week keeps
    the time zone and offers no time at all."""
    if time_zone not in ZONES:
        raise AvailabilityRefusal(_("Choose a time zone from the list."), field="time_zone")
    ordered = checked(slots)
    hours, _created = OpenHours.objects.select_for_update().get_or_create(
        user=user, defaults={"time_zone": time_zone}
    )
    if hours.time_zone != time_zone:
        hours.time_zone = time_zone
    hours.save()
    hours.slots.all().delete()
    WeeklySlot.objects.bulk_create(
        WeeklySlot(hours=hours, weekday=s.weekday, starts=s.starts, ends=s.ends) for s in ordered
    )
    return hours
