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

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        if viewer is not None:
            bind_person_fields(self, viewer)
        else:
            # Until the page passes its viewer, the field cannot look names up: it
            # takes the chosen profile address (the suggestions' chip), or a typed one.
            self.fields["who"] = _UnboundWho(
                label=self.fields["who"].label, help_text=self.fields["who"].help_text
            )
            self.fields["who"].widget.text_suffix = ""  # type: ignore[attr-defined]

    def clean_who(self) -> str:
        """The chosen person's profile address (the page then finds the member)."""
        who = self.cleaned_data["who"]
        return who if isinstance(who, str) else str(who.handle)


class _UnboundWho(PersonField):
    """The field as it was (a profile address or a pasted link) while the page builds
    the form without its viewer: the page then finds the member under its own rule."""

    default_error_messages = {"required": forms.Field.default_error_messages["required"]}

    def clean(self, value: Any) -> str:
        value = value if isinstance(value, dict) else {"chosen": [], "text": "", "pick": ""}
        raw = " ".join([*value["chosen"], value["pick"], *value["text"].split()]).strip()
        if not raw:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        typed = raw.split("?")[0].split("#")[0]
        handle = [part for part in typed.split("/") if part][-1:] or [""]
        if not SLUG_RE.match(handle[0]) or len(handle[0]) > 60:
            raise forms.ValidationError(
                _("Type a profile address: letters, digits, - or _ (or paste its link).")
            )
        return handle[0]
