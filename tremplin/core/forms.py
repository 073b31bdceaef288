"""Form helpers shared by every app."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tremplin.core.pii import KIND_LABELS, kinds


class PIIGuardMixin(forms.Form):
    """Warns before text that others will see exposes a SIN, phone, email, postal code
    or birth date. The author edits the text or ticks the confirmation; the text is
    kept either way."""

    pii_fields: tuple[str, ...] = ()
    # The audience of each field's text, when only some of them are seen by others: a
    # form overrides `pii_audience`; text that only its author sees ("only_me") is not
    # checked (the warning says "others may see it").
    PRIVATE_AUDIENCE = "only_me"

    def pii_audience(self, name: str) -> str | None:
        """Who will see field `name`'s text (an `Audience` value), or None if unknown
        (checked)."""
        return None

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
            if self.pii_audience(name) == self.PRIVATE_AUDIENCE:
                continue
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


# ------------------------------------------------------------------ rendering once


def _signature(field: forms.BoundField) -> tuple[Any, ...]:
    """Everything an unbound field's HTML depends on (a template tag renders the same
    field the same way for everyone with this signature)."""
    definition = field.field
    widget = definition.widget
    choices = getattr(definition, "choices", None)
    return (
        type(field.form).__module__,
        type(field.form).__qualname__,
        type(field.form.renderer).__qualname__ if field.form.renderer else "",
        field.html_name,
        field.auto_id,
        str(field.label),
        str(field.help_text),
        definition.required,
        definition.disabled,
        type(widget).__qualname__,
        repr(sorted(widget.attrs.items())),
        repr(field.value()),
        repr([(str(value), str(label)) for value, label in choices]) if choices is not None else "",
        get_language(),
    )


class _Keyed:
    """A bound field that hashes as its signature (the cache's key), keeping the field
    so a miss can render it."""

    def __init__(self, field: forms.BoundField) -> None:
        self.field = field
        self.signature = _signature(field)

    def __hash__(self) -> int:
        return hash(self.signature)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and other.signature == self.signature


@lru_cache(maxsize=2048)
def _rendered_once(keyed: _Keyed) -> SafeString:
    return keyed.field.as_field_group()


class PerViewer:
    """Mixed into a field whose rendering depends on who looks (the person picker shows
    the names its viewer may see): never rendered once for everyone."""


def _cacheable(field: forms.BoundField) -> bool:
    """An unbound field; or a bound one without errors that is empty or whose value is
    one of its own choices (a search page's filters): a set of values that no person can
    grow. A filled text field (the person's own words), a field with errors and a field
    that depends on its viewer (`PerViewer`) render each time."""
    if isinstance(field.field, PerViewer):
        return False
    if not field.form.is_bound:
        return True
    if field.errors:
        return False
    value = field.value()
    if value is None or value == "":
        return True
    choices = getattr(field.field, "choices", None)
    if choices is None:
        return False
    values = value if isinstance(value, list | tuple) else [value]
    known = {str(choice) for choice, _label in choices}
    return all(v in (None, "") or str(v) in known for v in values)


def field_group(field: forms.BoundField) -> SafeString:
    """`field.as_field_group()`, rendered once per process for a field that everyone
    sees the same in a language (same label, help, choices and value): the job search's
    five selects cost 4 ms a page through the form templates. Others (see `_cacheable`)
    are rendered each time."""
    if not _cacheable(field):
        return field.as_field_group()
    return _rendered_once(_Keyed(field))
