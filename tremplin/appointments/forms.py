from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.appointments import services
from tremplin.appointments.models import (
    DEFAULT_DURATION,
    MAX_DURATION,
    MIN_DURATION,
    REQUEST_LENGTHS,
    REQUEST_MESSAGE_MAX,
    Mode,
)
from tremplin.core.forms import PIIGuardMixin

INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M")


def parse_local(value: str) -> datetime:
    """A datetime-local value read in the site's time zone (settings.TIME_ZONE): the
    agency's clock, whatever the browser's."""
    value = value.strip()
    for fmt in INPUT_FORMATS:
        try:
            naive = datetime.strptime(value, fmt)
        except ValueError:
            continue
        zone = ZoneInfo(settings.TIME_ZONE)
        aware = naive.replace(tzinfo=zone)
        # A time skipped by the spring change of clocks does not survive the round trip.
        if aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None) != naive:
            raise ValidationError(
                _("This time does not exist on that day (the clocks change)."), code="invalid"
            )
        return aware
    raise ValidationError(
        _("Enter a date and a time, for example 2030-03-14 09:30."), code="invalid"
    )


class LocalDateTimeField(forms.CharField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 25)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> datetime | None:
        text = super().clean(value)
        if not text:
            return None
        return parse_local(text)


def local_input(moment: datetime) -> str:
    """The value a datetime-local input shows for `moment`, in the site's time zone."""
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).strftime("%Y-%m-%dT%H:%M")


class WhenForm(forms.Form):
    starts_at = LocalDateTimeField(
        label=_("Date and time"),
        help_text=_("Time in Toronto (Eastern time)."),
        error_messages={"required": _("Choose the date and time.")},
    )
    duration = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_DURATION,
        max_value=MAX_DURATION,
        initial=DEFAULT_DURATION,
        error_messages={
            "required": _("Give the duration in minutes."),
            "invalid": _("Give the duration in minutes."),
        },
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_at, duration = data.get("starts_at"), data.get("duration")
        if starts_at is not None and duration is not None:
            try:
                services.check_when(starts_at, duration)
            except ValidationError as error:
                self.add_error("starts_at", error)
        return data


class BookForm(WhenForm):
    mode = forms.ChoiceField(label=_("How"), choices=Mode.choices, initial=Mode.IN_PERSON)
    location = forms.CharField(label=_("Address (in person)"), max_length=300, required=False)
    video_url = forms.CharField(
        label=_("Video link (by video)"),
        max_length=500,
        required=False,
        help_text=_("A secure address starting with https://"),
    )
    phone_details = forms.CharField(
        label=_("Phone details (by phone)"),
        max_length=300,
        required=False,
        help_text=_("For example: I will call you at the number in your file."),
    )
    agenda = forms.CharField(
        label=_("Agenda for the client"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        mode = data.get("mode")
        if mode:
            try:
                data.update(
                    services.check_place(
                        mode,
                        data.get("location", ""),
                        data.get("video_url", ""),
                        data.get("phone_details", ""),
                    )
                )
            except ValidationError as error:
                field = {Mode.IN_PERSON: "location", Mode.VIDEO: "video_url"}.get(mode)
                self.add_error(field, error)
        return data


class RescheduleForm(WhenForm):
    pass


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=services.CANCEL_REASON_MAX, required=False
    )


# ------------------------------------------------------------------ a client's request


def parse_choice(value: str) -> datetime:
    """A free time as the request form sends it back: ISO 8601 with its offset."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        moment = None
    if moment is None or timezone.is_naive(moment):
        raise ValidationError(_("Choose one of the free times."), code="invalid")
    return moment


class RequestForm(PIIGuardMixin):
    pii_fields = ("message",)

    length = forms.TypedChoiceField(
        label=_("Length"),
        choices=[(n, n) for n in REQUEST_LENGTHS],
        coerce=int,
        widget=forms.HiddenInput,
    )
    starts_at = forms.CharField(
        label=_("Time"),
        max_length=40,
        widget=forms.HiddenInput,  # the template lays the free times out as radio buttons
        error_messages={"required": _("Choose one of the free times.")},
    )
    mode = forms.ChoiceField(
        label=_("How would you like to meet?"),
        choices=Mode.choices,
        initial=Mode.IN_PERSON,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("What would you like to discuss?"),
        max_length=REQUEST_MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your counsellor reads it before answering (at most 500 characters)."),
    )

    def clean_starts_at(self) -> datetime:
        return parse_choice(self.cleaned_data["starts_at"])


class ConfirmForm(forms.Form):
    details = forms.CharField(
        label=_("Address, video link or phone details (optional)"),
        max_length=500,
        required=False,
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=services.CANCEL_REASON_MAX, required=False
    )
