"""The person picker as a form field: one widget wherever a form asks for a person.

With JavaScript (static/js/person_picker.js) the text box is a WAI-ARIA combobox: the
member types part of a name, chooses among the people `picker.people_for_picker` offers
(connections first), and each choice becomes a chip holding the person's profile address
in a hidden input named after the field. Without JavaScript the member types names
(several separated by commas where the field takes several) and submits: a name that
matches one person the member may choose is resolved; one that matches several
re-renders the form with them as radio buttons, the text kept; one that matches nobody
is an error. Either way the form receives profile addresses (handles), never a typed
address taken on trust: each is checked against the same `visible_to` rule and scope.

A form binds the field to its viewer (`bind_person_fields(form, viewer)`); the cleaned
value is a `Profile` (or a list of them with `multiple=True`).
"""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from tremplin.core.forms import PerViewer
from tremplin.profiles.models import Profile
from tremplin.profiles.picker import MIN_TEXT, TEXT_MAX_LENGTH, people_for_picker, picked

CANDIDATES_SHOWN = 6
SEPARATORS = re.compile(r"[\s,;]+")


class PersonPicker(forms.Widget):
    """Chips of the chosen people + the text box + the listbox the script fills + the
    candidates of an ambiguous name (radio buttons, for the form without JavaScript)."""

    template_name = "profiles/_person_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.multiple = False
        self.max_people = 1
        self.scope = ""
        self.viewer: Any = None
        # The text box's name after the field's; "" names it as the field itself (a
        # form that still reads a typed address under the field's name).
        self.text_suffix = "_text"
        # Set by the field's clean() for the re-rendered form.
        self.chosen: list[Profile] | None = None
        self.text: str | None = None
        self.candidates: list[Profile] = []
        self.asked: str = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, Any]:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        if not self.text_suffix:
            return {"chosen": [], "text": " ".join(map(str, values)), "pick": "", "asked": ""}
        return {
            "chosen": [h for v in values for h in SEPARATORS.split(str(v).lower()) if h],
            "text": str(data.get(f"{name}_text") or "")[: TEXT_MAX_LENGTH * 4],
            "pick": str(data.get(f"{name}_pick") or "").lower(),
            "asked": str(data.get(f"{name}_asked") or ""),
        }

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return all(key not in data for key in (name, f"{name}_text", f"{name}_pick"))

    def _chosen(self, value: Any) -> list[Profile]:
        if self.chosen is not None:
            return self.chosen
        if isinstance(value, dict):
            handles = value["chosen"]
        elif isinstance(value, Profile):
            return [value]
        elif isinstance(value, list | tuple):
            return [v for v in value if isinstance(v, Profile)] or picked(
                self.viewer, [str(v) for v in value], scope=self.scope
            )[0]
        else:
            handles = SEPARATORS.split(str(value or "").lower())
        return picked(self.viewer, handles, scope=self.scope)[0] if self.viewer else []

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        text = self.text if self.text is not None else ""
        if self.text is None and isinstance(value, dict):
            text = value["text"]
        source = reverse("profiles:picker") + "?" + urlencode({"scope": self.scope})
        context["picker"] = {
            "name": name,
            "id": context["widget"]["attrs"].get("id") or f"id_{name}",
            "chosen": self._chosen(value),
            "text": text,
            "text_name": name + self.text_suffix,
            "candidates": self.candidates,
            "asked": self.asked,
            "multiple": self.multiple,
            "max": self.max_people,
            "source": source,
            "min": MIN_TEXT,
        }
        return context

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # The project's template engine (the widget's template sits with the others);
        # a Django template's rendering is already a SafeString (autoescaped).
        context = self.get_context(name, value, attrs)
        return cast(SafeString, render_to_string(self.template_name, context))


class PersonField(PerViewer, forms.Field):
    """One person (`multiple=False`: a Profile) or up to `max_people` (a list)."""

    widget = PersonPicker
    default_error_messages = {
        "required": _("Choose a person: type part of their name."),
        "unknown": _("No member found with the address “%(handle)s”."),
        "none": _("Nobody you can choose here is called “%(text)s”. Check the spelling."),
        "several": _("Several people match “%(text)s”: choose one below."),
        "too_many": _("Choose %(max)d people at most."),
    }

    def __init__(
        self, *, multiple: bool = False, max_people: int = 1, scope: str = "", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.multiple = multiple
        self.max_people = max_people if multiple else 1
        self.viewer: Any = None
        widget: PersonPicker = self.widget  # type: ignore[assignment]
        widget.multiple, widget.max_people, widget.scope = multiple, self.max_people, scope

    @property
    def scope(self) -> str:
        widget: PersonPicker = self.widget  # type: ignore[assignment]
        return widget.scope

    def bind(self, viewer: Any, scope: str | None = None) -> None:
        """Who is choosing, and (when the form knows it only now) the scope."""
        widget: PersonPicker = self.widget  # type: ignore[assignment]
        self.viewer = widget.viewer = viewer
        if scope is not None:
            widget.scope = scope

    def clean(self, value: Any) -> Any:
        widget: PersonPicker = self.widget  # type: ignore[assignment]
        value = value if isinstance(value, dict) else {"chosen": [], "text": "", "pick": ""}
        if self.viewer is None:
            raise ImproperlyBound
        picks = [value["pick"]] if value["pick"] else []
        handles = list(dict.fromkeys([*value["chosen"], *picks]))
        if len(handles) > self.max_people and self.multiple:
            widget.chosen = []
            self._too_many()
        chosen, unknown = picked(self.viewer, handles, scope=self.scope)
        widget.chosen = chosen[: self.max_people] if not self.multiple else chosen
        if unknown:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"handle": unknown[0]}
            )
        parts = self._parts(value)
        if value["pick"] and parts and parts[0] == value.get("asked"):
            parts = parts[1:]  # the name the radio buttons answered
        for position, part in enumerate(parts):
            widget.text = ", ".join(parts[position:])
            self._resolve(part, chosen)
            widget.chosen = chosen
        widget.text = ""
        return self._checked(chosen)

    def _parts(self, value: dict[str, Any]) -> list[str]:
        text = " ".join(value["text"].split())
        if not self.multiple:
            return [text] if text else []
        return [p.strip() for p in text.split(",") if p.strip()]

    def _resolve(self, text: str, chosen: list[Profile]) -> None:
        """Adds to `chosen` the one person `text` names, or says why it cannot."""
        found = people_for_picker(self.viewer, text, CANDIDATES_SHOWN + 1, scope=self.scope)
        taken = {p.pk for p in chosen}
        found = [p for p in found if p.pk not in taken]
        exact = [p for p in found if text.lower() in (p.display_name.lower(), p.handle)]
        if len(found) == 1 or len(exact) == 1:
            person = found[0] if len(found) == 1 else exact[0]
            if not self.multiple:
                chosen.clear()
            chosen.append(person)
            return
        if not found:
            raise ValidationError(self.error_messages["none"], code="none", params={"text": text})
        widget: PersonPicker = self.widget  # type: ignore[assignment]
        widget.candidates, widget.asked = found[:CANDIDATES_SHOWN], text
        raise ValidationError(self.error_messages["several"], code="several", params={"text": text})

    def _checked(self, chosen: list[Profile]) -> Any:
        if not chosen:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return [] if self.multiple else None
        if len(chosen) > self.max_people:
            self._too_many()
        return chosen if self.multiple else chosen[0]

    def _too_many(self) -> None:
        raise ValidationError(
            self.error_messages["too_many"],
            code="too_many",
            params={"max": self.max_people, "with_me": self.max_people + 1},
        )

    def has_changed(self, initial: Any, data: Any) -> bool:
        return bool(data)


class ImproperlyBound(RuntimeError):
    """A PersonField cleaned before its form called `bind_person_fields`."""


def bind_person_fields(form: forms.BaseForm, viewer: Any, **scopes: str) -> None:
    """Tells each PersonField of `form` who chooses (and, by field name, its scope)."""
    for name, field in form.fields.items():
        if isinstance(field, PersonField):
            field.bind(viewer, scopes.get(name))
