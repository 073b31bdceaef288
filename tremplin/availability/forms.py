"""The week as a person types it: one line per day, "09:00-12:00, 13:30-17:00" (or
"9 h - 12 h", "9h30 à 12h", "9:00 to 12:00"), and a time zone."""

from __future__ import annotations

import re
from datetime import time
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tremplin.availability.models import ZONES, OpenHours, Weekday
from tremplin.availability.services import Slot

CLOCK = r"(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?"
RANGE = re.compile(rf"^\s*{CLOCK}\s*(?:-|–|—|à|a|to)\s*{CLOCK}\s*$", re.IGNORECASE)
ZONE_CHOICES = sorted((zone, zone.replace("_", " ")) for zone in ZONES if "/" in zone)


def _clock(hours: str, minutes: str | None) -> time:
    hour, minute = int(hours), int(minutes or 0)
    if hour == 24 and minute == 0:
        return time(23, 59)
    return time(hour, minute)


def parse_day(text: str, weekday: int) -> list[Slot]:
    """One day's line as slots; ValueError when a part cannot be read."""
    found: list[Slot] = []
    for part in filter(None, (piece.strip() for piece in re.split(r"[,;]", text))):
        match = RANGE.match(part)
        if not match:
            raise ValueError(part)
        try:
            found.append(Slot(weekday, _clock(*match.group(1, 2)), _clock(*match.group(3, 4))))
        except ValueError:  # 25:00, 12:75
            raise ValueError(part) from None
    return found


def day_text(slots: list[Any]) -> str:
    return ", ".join(f"{s.starts:%H:%M}-{s.ends:%H:%M}" for s in slots)


class WeekForm(forms.Form):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=ZONE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.CharField(
                label=day.label,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"aria-describedby": "week-hint"}),
            )

    def days(self) -> list[forms.BoundField]:
        return [self[f"day_{day.value}"] for day in Weekday]

    @classmethod
    def for_hours(cls, hours: OpenHours | None) -> WeekForm:
        initial: dict[str, Any] = {"time_zone": hours.time_zone if hours else settings.TIME_ZONE}
        if hours is not None:
            slots = list(hours.slots.all())
            for day in Weekday:
                initial[f"day_{day.value}"] = day_text([s for s in slots if s.weekday == day.value])
        return cls(initial=initial)

    def slots(self) -> list[Slot]:
        """Every day's slots (call after is_valid)."""
        return [slot for day in Weekday for slot in self.cleaned_data.get(f"day_{day.value}", [])]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for day in Weekday:
            name = f"day_{day.value}"
            try:
                cleaned[name] = parse_day(cleaned.get(name) or "", day.value)
            except ValueError as error:
                self.add_error(
                    name,
                    _("“%(part)s” is not a time range: write it as 09:00-12:00.")
                    % {"part": error.args[0]},
                )
        return cleaned
