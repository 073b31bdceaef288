"""What a caseload row prints beyond its fields, for the Jinja2 fragment
(templates/counselling/_caseload_rows.jinja): the close form's reason field and the
permissions the client granted. Fifty rows drew fifty close forms through Django's form
templates (23 ms of the page's 78); a form nobody filled in is drawn once per process
and language, with the case's own prefix put in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.template import engines
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from tremplin.counselling.forms import CloseForm
from tremplin.counselling.models import SCOPE_FIELDS, Case, Scope
from tremplin.counselling.sections import CaseloadColumn

# The prefix the once-drawn field is drawn with, replaced by the case's ("case<id>").
_PREFIX_MARK = "case0prefix0"


@dataclass(frozen=True)
class CloseField:
    """The close form's reason: its id (for the label), widget and errors, as
    `{{ field.auto_id }}`, `{{ field }}` and `{{ field.errors }}` give them."""

    id: str
    widget: SafeString
    errors: SafeString


@lru_cache(maxsize=16)
def _unbound_reason(language: str | None) -> str:
    return str(CloseForm(prefix=_PREFIX_MARK)["exit_reason"])


def close_field(case: Case, bound: CloseForm | None = None) -> CloseField:
    """The reason field of the case's close form: `bound`'s (a refused one, with its
    errors) or a fresh one's."""
    if bound is not None:
        field = bound["exit_reason"]
        return CloseField(field.auto_id, SafeString(str(field)), SafeString(str(field.errors)))
    prefix = f"case{case.pk}"
    widget = _unbound_reason(get_language()).replace(_PREFIX_MARK, prefix)
    return CloseField(f"id_{prefix}-exit_reason", SafeString(widget), SafeString(""))


@lru_cache(maxsize=16)
def _scope_labels(language: str | None) -> tuple[tuple[str, str], ...]:
    return tuple((SCOPE_FIELDS[scope], str(scope.label)) for scope in Scope)


def granted_scopes(case: Case) -> list[str]:
    """The labels of the permissions the case holds, in the scopes' order."""
    return [label for field, label in _scope_labels(get_language()) if getattr(case, field)]


@lru_cache(maxsize=64)
def _cell_macro(template: Any) -> Any:
    env = template.environment
    source, _filename, _uptodate = env.loader.get_source(env, template.name)
    wrapped = "{% macro cell(case, value=None) %}" + source + "{% endmacro %}"
    return env.from_string(wrapped).module.cell


def caseload_cell(name: str) -> Any:
    """A column's cell (or a filter's part of the client's cell) as a function of `case`
    (and the filter's `value`): its Jinja2 template made a macro once, so the 250 cells
    of a page do not each copy the page's context, as an include does."""
    return _cell_macro(engines["jinja2"].env.get_template(name))  # type: ignore[attr-defined]


def caseload_cells(columns: Iterable[CaseloadColumn]) -> list[Any]:
    """The page's columns' cells, as `caseload_cell` gives them."""
    return [caseload_cell(column.cell) for column in columns if column.cell]
