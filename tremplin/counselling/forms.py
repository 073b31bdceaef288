from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.counselling.models import COUNSELLOR_EXIT_REASONS, CaseStatus, Scope


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

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {a.slug: a for a in agencies}
        self.fields["agency"].choices = [(a.slug, a.name) for a in agencies]
        if len(self.agencies) <= 1:
            self.fields["agency"].widget = forms.HiddenInput()

    def clean_agency(self):
        slug = self.cleaned_data.get("agency") or ""
        if not slug and len(self.agencies) == 1:
            return next(iter(self.agencies.values()))
        if slug not in self.agencies:
            raise forms.ValidationError(_("Choose one of your agencies."))
        return self.agencies[slug]


class CaseloadFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open links"))] + list(CaseStatus.choices),
    )
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    tags: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Tags (all of them)"),
        required=False,
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, agencies=(), **kwargs):
        from tremplin.casework.models import CaseTag

        super().__init__(*args, **kwargs)
        tags = self.fields["tags"]
        tags.queryset = CaseTag.objects.filter(agency__in=list(agencies))
        tags.label_from_instance = lambda tag: f"{tag.get_kind_display()} : {tag.name}"
        if not tags.queryset.exists():
            del self.fields["tags"]


class ReassignForm(forms.Form):
    counsellor = forms.ChoiceField(
        label=_("New counsellor"),
        error_messages={"required": _("Choose a counsellor of this agency.")},
    )

    def __init__(self, *args, counsellors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.counsellors = {str(c.pk): c for c in counsellors}
        self.fields["counsellor"].choices = [("", _("Choose a counsellor"))] + [
            (str(c.pk), c.profile.display_name) for c in counsellors
        ]
        self.fields["counsellor"].error_messages["invalid_choice"] = _(
            "Choose a counsellor of this agency."
        )

    def clean_counsellor(self):
        return self.counsellors[self.cleaned_data["counsellor"]]


class CaseloadReassignForm(ReassignForm):
    from_counsellor = forms.ChoiceField(
        label=_("Move every open link of"),
        error_messages={"required": _("Choose a counsellor of this agency.")},
    )
    field_order = ["from_counsellor", "counsellor"]

    def __init__(self, *args, counsellors=(), **kwargs):
        super().__init__(*args, counsellors=counsellors, **kwargs)
        self.fields["from_counsellor"].choices = self.fields["counsellor"].choices
        self.fields["from_counsellor"].error_messages["invalid_choice"] = _(
            "Choose a counsellor of this agency."
        )
        self.fields["counsellor"].label = _("To")

    def clean_from_counsellor(self):
        return self.counsellors[self.cleaned_data["from_counsellor"]]
