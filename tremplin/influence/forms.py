from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tremplin.influence.queries import DEFAULT_DAYS, PERIODS


class PeriodForm(forms.Form):
    days = forms.TypedChoiceField(label=_("Period"), coerce=int, initial=DEFAULT_DAYS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request, in the reader's language.
        self.fields["days"].choices = [  # type: ignore[attr-defined]
            (d, gettext("Last %(days)d days") % {"days": d}) for d in PERIODS
        ]
