"""Form helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tremplin.core.pii import KIND_LABELS, kinds


class PIIGuardMixin(forms.Form):
    """Warns before text that others will see exposes a SIN, phone, email, postal code
    or birth date. The author edits the text or ticks the confirmation; the text is
    kept either way."""

    pii_fields: tuple[str, ...] = ()

    confirm_pii = forms.BooleanField(
        required=False,
        label=_("I have checked this text: publish it as it is."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pii_warnings: list[str] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("confirm_pii"):
            return cleaned
        for name in self.pii_fields:
            found = kinds(cleaned.get(name))
            if found:
                what = ", ".join(str(KIND_LABELS[k]) for k in found)
                label = self.fields[name].label or name
                message = format_lazy(
                    _("“{field}” seems to contain {what}. Others may see it."),
                    field=label,
                    what=what,
                )
                self.pii_warnings.append(str(message))
                self.add_error(name, message)
        return cleaned


def posted(request: HttpRequest) -> tuple[QueryDict, MultiValueDict] | tuple[None, None]:
    """(data, files) to bind a form on POST, even an empty one (so an empty submission
    gets "this field is required", not a silent blank form); (None, None) otherwise."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None
