from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PIIGuardMixin
from tremplin.mentoring.models import MESSAGE_MAX_LENGTH, Role

SLUG_RE = re.compile(r"^[-A-Za-z0-9_]+$")


class ProposeForm(PIIGuardMixin, forms.Form):
    pii_fields = ("message",)

    who = forms.CharField(
        label=_("Profile address"),
        max_length=200,
        help_text=_("The address of their profile, for example alice-martin, or its link."),
    )
    role = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        initial=Role.MENTEE,
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MESSAGE_MAX_LENGTH}),
        help_text=_("Say who you are and what you hope for: 500 characters at most."),
    )

    def clean_who(self) -> str:
        """A handle, or a pasted profile link (its last path segment is the handle)."""
        value = self.cleaned_data["who"].strip().split("?")[0].split("#")[0]
        handle = [part for part in value.split("/") if part][-1:] or [""]
        if not SLUG_RE.match(handle[0]) or len(handle[0]) > 60:
            raise forms.ValidationError(
                _("Type a profile address: letters, digits, - or _ (or paste its link).")
            )
        return handle[0]
