"""Forms for postings. They check the shape of the input; the rules (a version in one
language at least, salaries, dates, the scam guard) live in `services`, whose field
errors the views put back on the form so the author keeps every word."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from tremplin.core.regions import Region
from tremplin.jobs.content import CONTENT_FIELDS, SETTING_FIELDS
from tremplin.jobs.models import (
    ApplyMethod,
    EmploymentType,
    PostingAudience,
    ReportReason,
    SalaryUnit,
    Workplace,
)
from tremplin.jobs.screening import MAX_QUESTIONS, QUESTION_MAX_LENGTH
from tremplin.organizations.models import Organization


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PostingForm(forms.Form):
    """Both language versions side by side; `home` picks the organisation when the
    author may post for several."""

    home = forms.TypedChoiceField(label=_("Post for"), coerce=int, required=False)
    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    description_fr = forms.CharField(
        label=_("Description in French"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "fr"}),
        help_text=_("Markdown: **bold**, lists with -, links."),
    )
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description in English"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "lang": "en"}),
        help_text=_("Markdown: **bold**, lists with -, links."),
    )
    hiring_organization_name = forms.CharField(
        label=_("Employer"),
        max_length=150,
        required=False,
        help_text=_("For an agency's posting: the employer who hires."),
    )
    hiring_organization_url = forms.URLField(
        label=_("Employer's website"), max_length=200, required=False, assume_scheme="https"
    )
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType)
    workplace = forms.ChoiceField(label=_("Workplace"), choices=Workplace)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    region = forms.ChoiceField(
        label=_("Province or territory"),
        choices=[("", "—"), *Region.choices],
        required=False,
    )
    applicant_location = forms.CharField(
        label=_("Where applicants must live"),
        max_length=120,
        required=False,
        help_text=_("For remote work, e.g. “Canada” or “Ontario”."),
    )
    salary_min = forms.DecimalField(
        label=_("Minimum salary"), max_digits=10, decimal_places=2, required=False
    )
    salary_max = forms.DecimalField(
        label=_("Maximum salary"), max_digits=10, decimal_places=2, required=False
    )
    salary_unit = forms.ChoiceField(label=_("Salary per"), choices=SalaryUnit)
    requires_french = forms.BooleanField(label=_("French required"), required=False)
    requires_english = forms.BooleanField(label=_("English required"), required=False)
    apply_method = forms.ChoiceField(
        label=_("How to apply"), choices=ApplyMethod, widget=forms.RadioSelect
    )
    apply_url = forms.CharField(
        label=_("Application address (https://…)"), max_length=500, required=False
    )
    apply_email = forms.CharField(label=_("Application email"), max_length=254, required=False)
    identifier = forms.CharField(
        label=_("Your reference (optional)"), max_length=120, required=False
    )
    valid_through = forms.DateField(
        label=_("Open until"),
        widget=DateInput(),
        help_text=_("Six months at most."),
    )
    audience = forms.ChoiceField(label=_("Who can see it"), choices=PostingAudience)

    def __init__(
        self,
        *args: Any,
        homes: Sequence[Organization] = (),
        agency_audience: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        home_field = self.fields["home"]
        assert isinstance(home_field, forms.ChoiceField)
        home_field.choices = [(o.pk, o.name) for o in homes]
        if len(homes) <= 1:
            del self.fields["home"]
        if not agency_audience:
            audience = self.fields["audience"]
            assert isinstance(audience, forms.ChoiceField)
            audience.choices = [
                c for c in PostingAudience.choices if c[0] != PostingAudience.AGENCY
            ]
        self.add_screening_fields()

    def add_screening_fields(self) -> None:
        """One text field and one "answered yes or no" box per screening question."""
        for n in range(1, MAX_QUESTIONS + 1):
            self.fields[f"question_{n}"] = forms.CharField(
                label=_("Question %(n)d") % {"n": n},
                max_length=QUESTION_MAX_LENGTH,
                required=False,
            )
            self.fields[f"question_{n}_yes_no"] = forms.BooleanField(
                label=_("Answered yes or no"), required=False
            )

    def screening_fields(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"question_{n}"], self[f"question_{n}_yes_no"])
            for n in range(1, MAX_QUESTIONS + 1)
        ]

    def screening(self) -> list[dict[str, Any]]:
        """The screening questions typed, in order (jobs.screening cleans them)."""
        return [
            {
                "text": self.cleaned_data.get(f"question_{n}") or "",
                "yes_no": self.cleaned_data.get(f"question_{n}_yes_no"),
            }
            for n in range(1, MAX_QUESTIONS + 1)
        ]

    def posting_data(self) -> dict[str, Any]:
        """The cleaned values the services take."""
        return {
            field: self.cleaned_data.get(field)
            for field in (*CONTENT_FIELDS, *SETTING_FIELDS)
            if field in self.cleaned_data
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put a service's refusal beside the fields it names."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in self.fields else None
                for item in errors:
                    self.add_error(target, item.messages)
        else:
            self.add_error(None, error.messages)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"), choices=ReportReason, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=_("Details (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the author"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to refuse: say what to change."),
    )


class ReopenForm(forms.Form):
    valid_through = forms.DateField(label=_("Open until"), widget=DateInput(), required=False)


class RemoveForm(forms.Form):
    note = forms.CharField(
        label=_("Why it is removed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


NON_FIELD = NON_FIELD_ERRORS
