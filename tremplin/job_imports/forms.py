from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tremplin.job_imports import columns
from tremplin.job_imports.models import (
    MAX_POLL_MINUTES,
    MIN_POLL_MINUTES,
    NAME_MAX_LENGTH,
    URL_MAX_LENGTH,
    SourceKind,
)
from tremplin.organizations.models import Organization


class SourceForm(forms.Form):
    agency: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, label=_("Agency"), empty_label=None
    )
    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH)
    kind = forms.ChoiceField(label=_("Kind"), choices=SourceKind.choices)
    url = forms.CharField(
        label=_("Address of the feed, page or file"),
        required=False,
        max_length=URL_MAX_LENGTH,
        widget=forms.URLInput(attrs={"maxlength": URL_MAX_LENGTH}),
        help_text=_(
            "Starts with https://. Leave it empty to import uploaded files only: "
            "every source also takes a file of its kind."
        ),
    )
    poll_minutes = forms.IntegerField(
        label=_("Read it every (minutes)"),
        initial=60,
        min_value=MIN_POLL_MINUTES,
        max_value=MAX_POLL_MINUTES,
    )
    active = forms.BooleanField(label=_("Read it on a schedule"), required=False, initial=True)
    withdraw_missing = forms.BooleanField(
        label=_("Close the jobs that disappear from it"),
        required=False,
        initial=True,
        help_text=_(
            "Tick when the source lists every open job: a job missing from a later read is closed."
        ),
    )

    def __init__(
        self,
        *args: Any,
        agencies: QuerySet[Organization],
        editing: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = agencies
        if editing:
            del self.fields["agency"]

    def add_service_errors(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "For a CSV source, a CSV file (its columns are recognised, or you choose them); "
            "for a feed or a page, the feed or the page saved as a file."
        ),
    )
    choose_columns = forms.BooleanField(
        label=_("Let me choose which column is which (the file's first rows are shown)"),
        required=False,
    )

    def __init__(self, *args: Any, csv: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not csv:
            del self.fields["choose_columns"]


class ColumnsForm(forms.Form):
    """One choice per column of a CSV file (`col_0`, `col_1`...), labelled by the column's
    name in the file; the choice must give a title and a description or a link."""

    def __init__(self, *args: Any, names: list[str], chosen: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        for index, (name, field) in enumerate(zip(names, chosen, strict=True)):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=name or _("Column %(number)d") % {"number": index + 1},
                choices=columns.choices(),
                required=False,
                initial=field,
            )

    def chosen(self) -> list[str]:
        return [self.cleaned_data.get(f"col_{i}") or "" for i in range(len(self.names))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for problem in columns.problems(self.names, self.chosen()):
                self.add_error(None, problem)
        return data
