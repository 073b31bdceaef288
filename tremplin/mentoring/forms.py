from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PIIGuardMixin
from tremplin.mentoring.models import MESSAGE_MAX_LENGTH, Role
from tremplin.profiles.forms_picker import PersonField, bind_person_fields

SLUG_RE = re.compile(r"^[-A-Za-z0-9_]+$")


class ProposeForm(PIIGuardMixin, forms.Form):
    pii_fields = ("message",)

    who = PersonField(
        label=_("Who?"),
        help_text=_("Type part of their name and choose among the suggestions."),
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

    def __init__(self, *args: Any, viewer: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        bind_person_fields(self, viewer)

    def clean_who(self) -> str:
        """The chosen person's profile address (the page then finds the member)."""
        who = self.cleaned_data["who"]
        return who if isinstance(who, str) else str(who.handle)
