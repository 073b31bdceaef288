from __future__ import annotations

from django import forms

from tremplin.notifications.models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One radio group per kind: in the app, email at once, daily digest, off."""

    def __init__(self, *args, initial_choices: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=(initial_choices or {}).get(kind.value),
            )

    def groups(self):
        """(kind, bound field) pairs, in the order of `Kind`, for the template."""
        return [(kind, self[kind.value]) for kind in Kind]
