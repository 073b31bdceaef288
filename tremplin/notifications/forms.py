from __future__ import annotations

from typing import Any

from django import forms

from tremplin.notifications import kinds
from tremplin.notifications.models import Delivery


class PreferencesForm(forms.Form):
    """One radio group per kind: in the app, email at once, daily digest, off."""

    def __init__(
        self, *args: Any, initial_choices: dict[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds.all_kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=(initial_choices or {}).get(kind.key),
            )

    def groups(self) -> list[tuple[kinds.NotificationKind, forms.BoundField]]:
        """(kind, bound field) pairs, in the kinds' order, for the template."""
        return [(kind, self[kind.key]) for kind in kinds.all_kinds()]
