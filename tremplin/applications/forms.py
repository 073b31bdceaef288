"""Forms of forwarding and of the application tracker. They check the shape of the
input; services.py checks the rules, and its refusals are shown on the same form."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.applications.models import (
    EMPLOYER_MAX_LENGTH,
    EVENT_NOTE_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    NOTES_MAX_LENGTH,
    REASON_TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    TRANSITIONS,
    URL_MAX_LENGTH,
    Application,
    ApplicationStatus,
    NotForMeReason,
    Response,
)
from tremplin.casework.models import CaseTag


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _today() -> datetime.date:
    return timezone.localdate()


class TagsField(forms.ModelMultipleChoiceField):
    """Case tags, each named with its kind."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} : {obj.name}"


class ClientFilterForm(forms.Form):
    """Narrows the list of clients on the forward page (GET; the page's script also
    filters the list as one types, without reloading)."""

    q = forms.CharField(label=_("Filter by name"), required=False, max_length=100)
    tags: forms.ModelMultipleChoiceField = TagsField(
        label=_("Tags (all of them)"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, agencies: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tags = cast(forms.ModelMultipleChoiceField, self.fields["tags"])
        tags.queryset = CaseTag.objects.filter(agency__in=list(agencies))
        if not tags.queryset.exists():
            del self.fields["tags"]


class ForwardForm(forms.Form):
    clients = forms.TypedMultipleChoiceField(
        label=_("Clients"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one client."),
            "invalid_choice": _("Choose among the clients of your active cases."),
        },
    )
    note = forms.CharField(
        label=_("Personal note (optional)"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your clients read it with the posting: say why it suits them."),
    )

    def __init__(self, *args: Any, choices: Iterable[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["clients"]).choices = list(choices)


class RespondForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (Response.INTERESTED, Response.INTERESTED.label),
            (Response.NOT_FOR_ME, Response.NOT_FOR_ME.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer “interested” or “not for me”.")},
    )
    reason = forms.ChoiceField(
        label=_("If it is not for you, why?"),
        required=False,
        choices=[("", _("Choose a reason"))] + list(NotForMeReason.choices),
    )
    text = forms.CharField(
        label=_("In your words (optional)"),
        required=False,
        max_length=REASON_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TrackForm(forms.Form):
    """ "Save" or "I applied" on a posting or a forward."""

    status = forms.ChoiceField(
        choices=[
            (ApplicationStatus.SAVED, ApplicationStatus.SAVED.label),
            (ApplicationStatus.APPLIED, ApplicationStatus.APPLIED.label),
        ],
        initial=ApplicationStatus.APPLIED,
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=EVENT_NOTE_MAX_LENGTH
    )


class ExternalForm(forms.Form):
    title = forms.CharField(label=_("Job title"), max_length=TITLE_MAX_LENGTH)
    employer = forms.CharField(
        label=_("Employer (optional)"), required=False, max_length=EMPLOYER_MAX_LENGTH
    )
    url = forms.URLField(
        label=_("Address of the posting (optional)"),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
    )
    status = forms.ChoiceField(
        label=_("Where you are"), choices=ApplicationStatus.choices, initial="saved"
    )
    date = forms.DateField(label=_("Since"), initial=_today, widget=DateInput)
    note = forms.CharField(
        label=_("Note on this step (optional)"),
        required=False,
        max_length=EVENT_NOTE_MAX_LENGTH,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    date = forms.DateField(label=_("Date"), initial=_today, widget=DateInput)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=EVENT_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (status, ApplicationStatus(status).label)
            for status in TRANSITIONS.targets(application.status)
        ]


class EditForm(forms.Form):
    title = forms.CharField(label=_("Job title"), max_length=TITLE_MAX_LENGTH)
    employer = forms.CharField(
        label=_("Employer (optional)"), required=False, max_length=EMPLOYER_MAX_LENGTH
    )
    url = forms.URLField(
        label=_("Address of the posting (optional)"),
        required=False,
        max_length=URL_MAX_LENGTH,
        assume_scheme="https",
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
