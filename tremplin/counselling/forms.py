from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.counselling.models import COUNSELLOR_EXIT_REASONS, CaseStatus, Scope
from tremplin.counselling.sections import caseload_filters
from tremplin.organizations.models import Organization


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


class ScopesForm(forms.Form):
    """The consent screen: each permission with its meaning; none is required."""

    scopes = forms.MultipleChoiceField(
        label=_("What may this counsellor do?"),
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Unknown permission: %(value)s."),
        },
    )


class CloseForm(forms.Form):
    exit_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", _("Choose a reason"))]
        + [(r.value, r.label) for r in COUNSELLOR_EXIT_REASONS],
        error_messages={
            "required": _("Choose the reason for closing."),
            "invalid_choice": _("Unknown reason: %(value)s."),
        },
    )


class InviteForm(forms.Form):
    who = forms.CharField(
        label=_("Profile address or email address of the person to invite"),
        max_length=254,
        help_text=_("For example marie-tremblay, or marie@example.org."),
        error_messages={"required": _("Give a profile address or an email address.")},
    )
    agency = forms.ChoiceField(label=_("Agency"), required=False)

    def __init__(self, *args: Any, agencies: Iterable[Organization] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.slug: a for a in agencies}
        _choice(self, "agency").choices = [(a.slug, a.name) for a in agencies]
        if len(self.agencies) <= 1:
            self.fields["agency"].widget = forms.HiddenInput()

    def clean_agency(self) -> Organization:
        slug = self.cleaned_data.get("agency") or ""
        if not slug and len(self.agencies) == 1:
            return next(iter(self.agencies.values()))
        if slug not in self.agencies:
            raise forms.ValidationError(_("Choose one of your agencies."))
        return self.agencies[slug]


class CaseloadFilterForm(forms.Form):
    """Status and name, then the fields of the caseload filters other apps register
    (casework's tags), each only when there is something to choose."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open links and follow-ups due"))] + list(CaseStatus.choices),
    )
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)

    def __init__(self, *args: Any, agencies: Iterable[Organization] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for entry in caseload_filters:
            field = entry.form_field(list(agencies))
            if field is not None:
                self.fields[entry.name] = field

    def filters(self) -> dict[str, Any]:
        """The filters' values by name (call after `is_valid()`)."""
        return {entry.name: self.cleaned_data.get(entry.name) for entry in caseload_filters}


class ReassignForm(forms.Form):
    counsellor = forms.ChoiceField(
        label=_("New counsellor"),
        error_messages={"required": _("Choose a counsellor of this agency.")},
    )

    def __init__(self, *args: Any, counsellors: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counsellors = {str(c.pk): c for c in counsellors}
        _choice(self, "counsellor").choices = [("", _("Choose a counsellor"))] + [
            (str(c.pk), c.profile.display_name) for c in counsellors
        ]
        self.fields["counsellor"].error_messages["invalid_choice"] = _(
            "Choose a counsellor of this agency."
        )

    def clean_counsellor(self) -> Any:
        return self.counsellors[self.cleaned_data["counsellor"]]


class CaseloadReassignForm(ReassignForm):
    from_counsellor = forms.ChoiceField(
        label=_("Move every open link of"),
        error_messages={"required": _("Choose a counsellor of this agency.")},
    )
    field_order = ["from_counsellor", "counsellor"]

    def __init__(self, *args: Any, counsellors: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, counsellors=counsellors, **kwargs)
        _choice(self, "from_counsellor").choices = _choice(self, "counsellor").choices
        self.fields["from_counsellor"].error_messages["invalid_choice"] = _(
            "Choose a counsellor of this agency."
        )
        self.fields["counsellor"].label = _("To")

    def clean_from_counsellor(self) -> Any:
        return self.counsellors[self.cleaned_data["from_counsellor"]]
