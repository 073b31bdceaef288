"""What a caseload row prints beyond its fields, for the Jinja2 fragment
(templates/counselling/_caseload_rows.jinja): the close form's reason field and the
permissions the client granted. Fifty rows drew fifty close forms through Django's form
templates (23 ms of the page's 78); a form nobody filled in is drawn once per process
and language, with the case's own prefix put in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from jinja2 import BaseLoader, Template
from markupsafe import Markup

from tremplin.core.audience import in_audience
from tremplin.core.jinja import choice_labels, render_template
from tremplin.counselling.forms import CaseloadFilterForm, CloseForm, InviteForm
from tremplin.counselling.models import SCOPE_FIELDS, Case, CaseStatus, Scope
from tremplin.counselling.sections import caseload_filters, last_contact, page_columns

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


def close_field(
    case: Case, bound: CloseForm | None = None, language: str | None = None
) -> CloseField:
    """The reason field of the case's close form: `bound`'s (a refused one, with its
    errors) or a fresh one's (in `language`, the active one)."""
    if bound is not None:
        field = bound["exit_reason"]
        return CloseField(field.auto_id, SafeString(str(field)), SafeString(str(field.errors)))
    prefix = f"case{case.pk}"
    widget = _unbound_reason(language or get_language()).replace(_PREFIX_MARK, prefix)
    return CloseField(f"id_{prefix}-exit_reason", SafeString(widget), SafeString(""))


@lru_cache(maxsize=256)
def _scope_items(language: str | None, granted: tuple[bool, ...]) -> Markup:
    labels = [str(scope.label) for scope, given in zip(Scope, granted, strict=True) if given]
    return Markup("").join(Markup("<li>{}</li>").format(label) for label in labels)


def scope_items(case: Case, language: str | None = None) -> Markup:
    """The permissions the case holds, in the scopes' order, as the items of a list
    (`<li>` each; empty for none), drawn once per language and set of permissions."""
    granted = tuple(bool(getattr(case, SCOPE_FIELDS[scope])) for scope in Scope)
    return _scope_items(language or get_language(), granted)


# The filter form's own fields; other fields come from the caseload filters (tags).
_PLAIN_FILTERS = ("status", "q")
_plain_filters_drawn: dict[str | None, SafeString] = {}


def _filter_fields(form: CaseloadFilterForm) -> SafeString:
    return SafeString(
        "".join(f'<div class="field">{field.label_tag()} {field}</div>' for field in form)
    )


def filter_fields(form: CaseloadFilterForm) -> SafeString:
    """The caseload filter form's fields, each with its label. With nothing chosen and
    no other filter to offer, everyone sees the same ones in a language: drawn once."""
    plain = tuple(form.fields) == _PLAIN_FILTERS and not any(
        form.data.get(name) for name in _PLAIN_FILTERS
    )
    if not plain:
        return _filter_fields(form)
    language = get_language()
    found = _plain_filters_drawn.get(language)
    if found is None:
        found = _plain_filters_drawn[language] = _filter_fields(form)
    return found


_invite_fields_drawn: dict[str | None, SafeString] = {}


def invite_fields(form: InviteForm) -> SafeString:
    """The invitation form's fields (includes/form_fields.html). Not filled in, for a
    counsellor of one agency (whose field is hidden, without a value), everyone sees
    the same ones in a language: drawn once."""
    if form.is_bound or len(form.agencies) > 1:
        return SafeString(render_to_string("includes/form_fields.html", {"form": form}))
    language = get_language()
    found = _invite_fields_drawn.get(language)
    if found is None:
        drawn = render_to_string("includes/form_fields.html", {"form": form})
        found = _invite_fields_drawn[language] = SafeString(drawn)
    return found


# The rows' fragment and the two marks where the cells go (see `caseload_rows`).
ROWS = "counselling/_caseload_rows.jinja"
_FILTERS_MARK = "{# the filters' cells #}"
_COLUMNS_MARK = "{# the columns' cells #}"


def _source(template: Template) -> str:
    env = template.environment
    loader = cast(BaseLoader, env.loader)
    source, _filename, _uptodate = loader.get_source(env, cast(str, template.name))
    return source.rstrip("\n")


@lru_cache(maxsize=16)
def _assembled(
    rows: Template, columns: tuple[Template, ...], filters: tuple[Template, ...]
) -> Template:
    """The rows' fragment with each column's cell (reading `case`) and each filter's
    part of the client's cell (reading `case` and its `value`) written in place: 250
    cells a page called as macros or includes cost 1 ms of calls and context copies."""
    source = _source(rows)
    if _FILTERS_MARK not in source or _COLUMNS_MARK not in source:
        raise ImproperlyConfigured(f"{ROWS} lacks the marks where the cells go")
    parts = "".join(
        f"{{% with value = case.filter_values[{i}] %}}{_source(cell)}{{% endwith %}}"
        for i, cell in enumerate(filters)
    )
    cells = "".join(f"{{% with %}}{_source(cell)}{{% endwith %}}\n        " for cell in columns)
    source = source.replace(_FILTERS_MARK, parts).replace(_COLUMNS_MARK, cells)
    return rows.environment.from_string(source)


def short_dates() -> Callable[[datetime], str]:
    """`local_datetime(value, "SHORT_DATE_FORMAT")` for a page of rows, each day
    formatted once."""
    said: dict[date, str] = {}
    zone = timezone.get_current_timezone()

    def short(value: datetime) -> str:
        day = timezone.localtime(value, zone).date()
        found = said.get(day)
        if found is None:
            found = said[day] = formats.date_format(day, "SHORT_DATE_FORMAT")
        return found

    return short


@dataclass(frozen=True)
class _Owner:
    """A profile's owner as `core.audience.in_audience` reads one: its id."""

    pk: int


def prepare_rows(page: Iterable[Any], close_forms: dict[int, CloseForm], viewer: Any) -> None:
    """Give each case of a caseload page what its row prints beyond its fields (see
    templates/counselling/_caseload_rows.jinja): how the counsellor names the client
    (`client_shown`, as `Case.client_label` does), whether the name leads to the client's
    profile (`profile_shown`: only when its basics' audience includes the counsellor, the
    profile page's own rule; otherwise it leads to the case file, what the consent lets
    them see), its close form's reason (`close`,
    `close_forms`' refused one if any), status and exit reason labels, permissions
    (`scope_items`), last contact, start date (`started_on`) and the filters' values
    (`filter_values`, one query per filter for the page)."""
    cases = list(page)
    language = get_language()
    statuses = choice_labels(Case, "status", language)
    reasons = choice_labels(Case, "exit_reason", language)
    shown = [entry.values(cases) for entry in caseload_filters if entry.cell]
    short_date = short_dates()
    for case in cases:
        case.client_shown = case.invited_email if case.names_client_by_email else case.client_name
        case.profile_shown = bool(
            case.client_handle
            and case.status != CaseStatus.INVITED
            and in_audience(viewer, _Owner(case.client_id), case.client_basics)
        )
        case.close = close_field(case, close_forms.get(case.pk), language)
        case.status_label = statuses.get(case.status, case.status)
        case.exit_label = reasons.get(case.exit_reason, case.exit_reason)
        case.scope_items = scope_items(case, language)
        case.last_contact = last_contact(case)
        case.started_on = short_date(case.started)
        case.filter_values = [values.get(case.pk) for values in shown]


def caseload_rows(request: HttpRequest, values: dict[str, Any]) -> SafeString:
    """The caseload's rows (`page` and what `values` holds) as HTML, with the columns'
    and filters' cells registered now (`sections.page_columns`, `caseload_filters`)."""
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    rows = _assembled(
        env.get_template(ROWS),
        tuple(env.get_template(column.cell) for column in page_columns()),
        tuple(env.get_template(entry.cell) for entry in caseload_filters if entry.cell),
    )
    # The cells' `_()` asks the active catalogue that render_template lends the fragment.
    return SafeString(render_template(rows, values, request))
