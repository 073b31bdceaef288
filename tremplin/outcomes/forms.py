from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.outcomes.services import COMMENT_MAX

SCORES = [(n, str(n)) for n in range(1, 6)]
# Reports cover at most ten years, between these dates.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
LONGEST_DAYS = 3660


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the service you received?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Would you like to tell us more? (optional)"),
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Your counsellor does not see your answer: the agency sees only totals of at "
            "least five answers."
        ),
        error_messages={
            "max_length": _(
                "The comment can have at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )


class ReportForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, for example 2025-01-31.")},
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, for example 2025-12-31.")},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("start", "end"):
            value = data.get(name)
            if value is not None and not (EARLIEST <= value <= LATEST):
                self.add_error(
                    name,
                    _("Choose a date between %(first)s and %(last)s.")
                    % {"first": EARLIEST.isoformat(), "last": LATEST.isoformat()},
                )
        start, end = data.get("start"), data.get("end")
        if start and end and not self.errors:
            if start > end:
                self.add_error("end", _("The end date must be on or after the start date."))
            elif (end - start).days > LONGEST_DAYS:
                self.add_error("end", _("A report covers at most ten years."))
        return data
