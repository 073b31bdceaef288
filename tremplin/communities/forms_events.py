"""The events part's forms: organise (create/edit), register (RSVP and the event's
questions), cancel, and the upcoming list's filters. Forms only shape input; the
services decide (`services/events.py`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models import Event, EventAudience, EventFormat, EventKind, Rsvp
from tremplin.communities.models.events import MAX_QUESTIONS
from tremplin.communities.services.events import (
    ANSWER_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TIME_ZONES,
    EventData,
)

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=LOCAL_FORMAT)


def _in_zone(value: datetime, zone: str) -> datetime:
    """The wall-clock time typed, read in the event's zone (Django read it in the
    site's)."""
    naive = timezone.make_naive(value) if timezone.is_aware(value) else value
    return timezone.make_aware(naive, ZoneInfo(zone))


def questions_from_text(text: str) -> list[dict[str, Any]]:
    questions = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            required = line.startswith("*")
            questions.append({"label": line.lstrip("* ").strip(), "required": required})
    return questions


def questions_as_text(questions: list[dict[str, Any]]) -> str:
    return "\n".join(("* " if q.get("required") else "") + q["label"] for q in questions or [])


class EventForm(forms.Form):
    organiser = forms.ChoiceField(label=_("Organised by"), required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Markdown: **bold**, *italics*, lists, links."),
    )
    language = forms.ChoiceField(label=_("Language of the event"), choices=LANGUAGES)
    format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, widget=forms.RadioSelect
    )
    venue = forms.CharField(
        label=_("Venue"),
        required=False,
        max_length=200,
        help_text=_("The name of the place (a library, an agency's office), never a home."),
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Shown only to people registered and to the organisers."),
    )
    starts = forms.DateTimeField(label=_("Starts"), widget=LocalDateTimeInput())
    ends = forms.DateTimeField(label=_("Ends"), widget=LocalDateTimeInput())
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z.replace("_", " ")) for z in TIME_ZONES]
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty for no limit. Beyond it, people wait on a waiting list."),
    )
    questions = forms.CharField(
        label=_("Registration questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 5, one per line. Start a line with * when an answer is required."),
    )
    audience = forms.ChoiceField(
        label=_("Who can see it"),
        choices=EventAudience.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("For an organisation's event; a community's follows the community."),
    )

    def __init__(
        self, *args: Any, organisers: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if organisers is None:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].choices = organisers  # type: ignore[attr-defined]
            self.fields["organiser"].required = True
        self.initial.setdefault("time_zone", "America/Toronto")
        self.initial.setdefault("format", EventFormat.IN_PERSON)
        self.initial.setdefault("audience", EventAudience.MEMBERS)

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        zone = ZoneInfo(event.time_zone)
        initial = {name: getattr(event, name) for name in EventData.__dataclass_fields__}
        initial["starts"] = event.starts.astimezone(zone).strftime(LOCAL_FORMAT)
        initial["ends"] = event.ends.astimezone(zone).strftime(LOCAL_FORMAT)
        initial["questions"] = questions_as_text(event.questions)
        return initial

    def clean_questions(self) -> list[dict[str, Any]]:
        questions = questions_from_text(self.cleaned_data.get("questions") or "")
        if len(questions) > MAX_QUESTIONS:
            raise forms.ValidationError(
                _("Ask %(max)d questions at most."), params={"max": MAX_QUESTIONS}
            )
        return questions

    def event_data(self) -> EventData:
        data = self.cleaned_data
        zone = data["time_zone"]
        return EventData(
            title=data["title"],
            starts=_in_zone(data["starts"], zone),
            ends=_in_zone(data["ends"], zone),
            kind=data["kind"],
            description=data["description"],
            language=data["language"],
            format=data["format"],
            venue=data["venue"],
            city=data["city"],
            online_url=data["online_url"],
            time_zone=zone,
            capacity=data["capacity"],
            questions=data["questions"],
            audience=data.get("audience") or EventAudience.MEMBERS,
        )


class RegistrationForm(forms.Form):
    rsvp = forms.ChoiceField(label=_("Your answer"), choices=Rsvp.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(event.questions or []):
            label = question["label"]
            self.fields[f"answer_{index}"] = forms.CharField(
                label=label,
                required=False,
                max_length=ANSWER_MAX_LENGTH,
                help_text=_("Required when you go or may go.") if question.get("required") else "",
            )
        self.initial.setdefault("rsvp", Rsvp.GOING)

    def answers(self) -> list[str]:
        return [
            self.cleaned_data.get(name, "")
            for name in sorted(n for n in self.fields if n.startswith("answer_"))
        ]

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("answer_")]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone registered is told, with this reason."),
    )


class FilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of event"), required=False, choices=[("", _("All kinds")), *EventKind.choices]
    )
    where = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=[
            ("", _("In person or online")),
            ("in_person", _("In person")),
            ("online", _("Online")),
        ],
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
