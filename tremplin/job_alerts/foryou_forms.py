"""The "my job preferences" form of Jobs for you (the rules are the service's)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.regions import Region
from tremplin.job_alerts.models import Language, RemoteChoice
from tremplin.jobs.models import SalaryUnit


class PreferencesForm(forms.Form):
    desired_roles = forms.CharField(
        label=_("Jobs I am looking for"),
        required=False,
        max_length=300,
        help_text=_("Job titles, separated with commas (at most five)."),
    )
    region = forms.ChoiceField(
        label=_("Province or territory"),
        required=False,
        choices=[("", _("Anywhere"))] + list(Region.choices),
    )
    remote = forms.ChoiceField(
        label=_("Where"), choices=RemoteChoice.choices, widget=forms.RadioSelect
    )
    min_salary = forms.DecimalField(
        label=_("Minimum salary"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Leave empty if it does not matter."),
    )
    salary_unit = forms.ChoiceField(label=_("Salary per"), choices=SalaryUnit.choices)
    languages = forms.MultipleChoiceField(
        label=_("Languages I can work in"),
        required=False,
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    weekly_digest = forms.BooleanField(
        label=_("Email me new jobs for me once a week"),
        required=False,
        help_text=_("You can stop it at any time, from the email itself."),
    )

    def data_for_service(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
