"""The mentorship page's forms (the proposal form of "My mentoring" is in forms.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from tremplin.mentoring.models import QUESTIONS, EndReason, Frequency
from tremplin.mentoring.models.agreement import SUMMARY_MAX_LENGTH
from tremplin.mentoring.models.feedback import COMMENT_MAX_LENGTH
from tremplin.mentoring.models.goals import TITLE_MAX_LENGTH
from tremplin.mentoring.models.mentorships import MESSAGE_MAX_LENGTH
from tremplin.mentoring.models.notes import BODY_MAX_LENGTH
from tremplin.mentoring.models.sessions import AGENDA_MAX_LENGTH, LENGTHS, PLACE_MAX_LENGTH

TYPED_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")
SCORES = [(n, str(n)) for n in range(1, 6)]


def parse_typed(value: str) -> datetime:
    """A typed date and time, read in the site's time zone."""
    for fmt in TYPED_FORMATS:
        try:
            naive = datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    raise ValidationError(_("Enter a date and a time, for example 2030-03-14 09:30."))


def slot_label(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return formats.date_format(local, "l j F Y, H:i")


class TermsForm(forms.Form):
    summary = forms.CharField(
        label=_("Our goals in a few words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=SUMMARY_MAX_LENGTH,
    )
    frequency = forms.ChoiceField(label=_("How often we meet"), choices=Frequency.choices)
    starts_on = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(
        label=_("Planned end"), widget=forms.DateInput(attrs={"type": "date"})
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why does it end?"), choices=EndReason.choices)
    note = forms.CharField(
        label=_("A word for the other party (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
    )


class GoalForm(forms.Form):
    title = forms.CharField(label=_("New goal"), max_length=TITLE_MAX_LENGTH)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("New milestone"), max_length=TITLE_MAX_LENGTH)


class SessionForm(forms.Form):
    """A time from the mentor's free times; the mentor may type one instead."""

    slot = forms.ChoiceField(label=_("One of your mentor's free times"), required=False)
    typed = forms.CharField(
        label=_("Or another time (mentor only)"),
        required=False,
        max_length=25,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    minutes = forms.TypedChoiceField(
        label=_("Length"),
        coerce=int,
        initial=60,
        choices=[(n, _("%(n)d minutes") % {"n": n}) for n in LENGTHS],
    )
    link = forms.CharField(label=_("Online link (https://…)"), required=False, max_length=500)
    place = forms.CharField(label=_("Or a place"), required=False, max_length=PLACE_MAX_LENGTH)
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        max_length=AGENDA_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, slots: list[datetime], typed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Choose a time"))]
        choices += [(s.isoformat(), slot_label(s)) for s in slots]
        slot: Any = self.fields["slot"]
        slot.choices = choices
        if not typed:
            del self.fields["typed"]
            self.fields["slot"].label = _("One of your mentor's free times")
        else:
            self.fields["slot"].label = _("One of your free times")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        typed = (data.get("typed") or "").strip()
        if typed:
            data["starts_at"] = parse_typed(typed)
        elif data.get("slot"):
            data["starts_at"] = datetime.fromisoformat(data["slot"])
        else:
            raise ValidationError(_("Choose a time."))
        return data


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    private = forms.BooleanField(label=_("Private: only I will ever read it"), required=False)
    session = forms.TypedChoiceField(label=_("About"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, sessions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [("", _("The whole mentorship"))]
        choices += [
            (s.pk, _("The session of %(when)s") % {"when": slot_label(s.starts_at)})
            for s in sessions
        ]
        field: Any = self.fields["session"]
        field.choices = choices


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Your rating"), coerce=int, choices=SCORES, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("A comment (optional, only you read it)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
    )


class SurveyForm(forms.Form):
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, text in QUESTIONS.items():
            self.fields[key] = forms.TypedChoiceField(
                label=text, coerce=int, choices=SCORES, widget=forms.RadioSelect
            )
        self.order_fields([*QUESTIONS, "comment"])

    def answers(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key in QUESTIONS}
