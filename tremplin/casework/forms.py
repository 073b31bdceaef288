from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from tremplin.casework.models import (
    FOLLOW_UP_MONTHS_MAX,
    FOLLOW_UP_MONTHS_MIN,
    NOTE_MAX_LENGTH,
    CaseTag,
    FollowUpStatus,
    NoteKind,
    Outcome,
    ReferralDirection,
    ReferralStatus,
    TagKind,
)
from tremplin.organizations.models import Organization

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=NoteKind.choices)
    contact_on = forms.DateField(
        label=_("Date of the contact"),
        widget=DATE,
        error_messages={"required": _("Give the date of the contact.")},
    )
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the note.")},
    )


class NoteEditForm(forms.Form):
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the note.")},
    )


class RecordForm(forms.Form):
    funder_reference = forms.CharField(
        label=_("Funder's case number"), max_length=64, required=False
    )
    service = forms.CharField(label=_("Service"), max_length=100, required=False)
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"),
        queryset=CaseTag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose tags of this case's agency.")},
    )

    def __init__(
        self,
        *args: Any,
        agency: Organization | None = None,
        choices: list[CaseTag] | None = None,
        **kwargs: Any,
    ) -> None:
        """`choices`: the agency's tags when the page read them already (the case
        page), so that drawing the form reads them no second time."""
        super().__init__(*args, **kwargs)
        field = self.fields["tags"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = CaseTag.objects.filter(agency=agency)
        if choices is not None:
            field.choices = [
                (ModelChoiceIteratorValue(tag.pk, tag), field.label_from_instance(tag))
                for tag in choices
            ]


class TagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of tag"), choices=TagKind.choices)
    name = forms.CharField(
        label=_("New tag"), max_length=60, error_messages={"required": _("Name the tag.")}
    )


class ReferralForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=ReferralDirection.choices)
    partner_name = forms.CharField(
        label=_("Partner"), max_length=120, error_messages={"required": _("Name the partner.")}
    )
    partner_contact = forms.CharField(
        label=_("Partner contact (optional)"), max_length=200, required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the referral.")},
    )


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)


class FollowUpForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Did the follow-up take place?"),
        choices=[
            (FollowUpStatus.DONE.value, _("Yes, we talked")),
            (FollowUpStatus.UNREACHABLE.value, FollowUpStatus.UNREACHABLE.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the follow-up took place.")},
    )
    outcome = forms.ChoiceField(
        label=_("The person's situation"),
        choices=[("", _("Choose (when you talked)"))] + list(Outcome.choices),
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == FollowUpStatus.DONE and not data.get("outcome"):
            self.add_error("outcome", _("Choose the person's situation."))
        if data.get("status") == FollowUpStatus.UNREACHABLE and data.get("outcome"):
            self.add_error(
                "outcome", _("A person who could not be reached has no situation to record.")
            )
        return data


class ScheduleForm(forms.Form):
    months = forms.CharField(
        label=_("Months after exit"),
        max_length=100,
        required=False,
        help_text=_("For example: 3, 6, 12. Leave empty to use the default."),
    )

    def clean_months(self) -> list[int] | None:
        raw = self.cleaned_data.get("months") or ""
        parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p]
        if not parts:
            return None
        try:
            return [int(p) for p in parts]
        except ValueError:
            raise forms.ValidationError(
                _("Give whole numbers of months from %(min)s to %(max)s, separated by commas.")
                % {"min": FOLLOW_UP_MONTHS_MIN, "max": FOLLOW_UP_MONTHS_MAX}
            ) from None
