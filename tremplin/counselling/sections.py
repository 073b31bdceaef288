"""What other apps add to the case page and to the caseload, registered from their own
hooks.py (see tremplin.core.hooks), so counselling imports none of them.

Three registries:

- `case_sections`: the sections of the case page (`counselling:case`), laid out by
  `order` (the plan 10, appointments 20, case work 30, surveys 40, applications 50).
  Each `render(request, case, role)` — `role` is "client", "counsellor" or "admin" (see
  `Case.role_of`) — returns None when the viewer has nothing to see there, else a dict
  with "template" (the partial to include) and the partial's context. A section decides
  itself who sees what, through its own models' `visible_to`: the page only lays the
  sections out.
- `caseload_columns`: the caseload's columns, by `order`. A column adds its values to
  the caseload queryset (`annotate(cases, moment) -> cases`, subqueries only, so a
  caseload page stays one query for the cases; what it counts from "now" or "today" it
  takes from `moment`, never from the clock, so the query can be compiled once), the
  fields it adds to each row of the caseload API (`api_fields`: the API's
  `CaseloadRowOut` schema is built from them), and what the caseload page shows
  (`heading` and the `cell`, a Jinja2 template reading `case`, see tremplin.core.jinja:
  its plurals come from functions its app lends). A column may also know the latest
  contact with the client (`contact(case)`): "Last contact" is the latest of them.
- `caseload_filters`: filters of the caseload (casework's tags): the page's form field,
  the API's query parameter, the filter itself, and what it shows on each row.

An entry names the app's own functions as callables or dotted paths (a path keeps
hooks.py from importing the app's modules at start-up).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

from tremplin.core.hooks import Hook
from tremplin.counselling.models import OPEN_STATUSES, CaseStatus


def _resolve(target: Callable[..., Any] | str) -> Callable[..., Any]:
    return import_string(target) if isinstance(target, str) else target


# ------------------------------------------------------------------ the case page


@dataclass(frozen=True)
class CaseSection:
    name: str
    order: int
    render: Callable[[HttpRequest, Any, str], dict[str, Any] | None] | str

    def __call__(self, request: HttpRequest, case: Any, role: str) -> dict[str, Any] | None:
        return _resolve(self.render)(request, case, role)


case_sections: Hook[CaseSection] = Hook("case sections")


def sections_for(request: HttpRequest, case: Any, role: str) -> list[dict[str, Any]]:
    """The sections this viewer sees on the case page, in their order."""
    found = []
    for section in sorted(case_sections, key=lambda entry: entry.order):
        shown = section(request, case, role)
        if shown is not None:
            found.append(shown)
    return found


# ------------------------------------------------------------------ the caseload


@dataclass(frozen=True)
class ApiField:
    """A field of each caseload API row: its name, type and description (the OpenAPI
    schema is built from them), and `value(...)`, which gives it for one row (a column
    is given the case; a filter, what its `values` found for the case, or None)."""

    name: str
    type: Any
    value: Callable[[Any], Any]
    description: str | None = None


@dataclass(frozen=True)
class Moment:
    """When a caseload is read: the time and the local date its columns count from
    (an appointment ahead, an item overdue). Columns are given it rather than ask the
    clock, so a caseload's SQL has no hidden input (queries.caseload_page compiles it)."""

    now: datetime
    today: date

    @classmethod
    def current(cls) -> Moment:
        now = timezone.now()
        return cls(now, timezone.localdate(now))


@dataclass(frozen=True)
class CaseloadColumn:
    name: str
    order: int
    annotate: Callable[[QuerySet[Any], Moment], QuerySet[Any]] | str | None = None
    api_fields: tuple[ApiField, ...] = ()
    heading: Any = None  # the page's column heading; None: not shown on the page
    cell: str | None = None  # the Jinja2 template of its <td>, which reads `case`
    contact: Callable[[Any], date | None] | None = None
    # The closed cases the default view still lists because this column asks something
    # of the counsellor there (a follow-up due): a filter on cases, as of the moment.
    keeps_closed: Callable[[Moment], Q] | str | None = None


caseload_columns: Hook[CaseloadColumn] = Hook("caseload columns")


def default_view_q(moment: Moment) -> Q:
    """The caseload's default view: the open cases, and the closed ones a column keeps
    (casework: those with a follow-up due)."""
    kept = [_resolve(c.keeps_closed)(moment) for c in columns() if c.keeps_closed is not None]
    shown = Q(status__in=OPEN_STATUSES)
    if kept:
        shown |= Q(status=CaseStatus.CLOSED) & reduce(operator.or_, kept)
    return shown


class CaseloadFilter:
    """A filter of the caseload, written by the app that owns what it filters on.

    `name` is the page's form field and the key of `queries.caseload_of(filters=...)`;
    `api_param` the API's query parameter (`api_annotation`, with `api_default`, a
    ninja `Query(...)`); `api_field` what it adds to each API row; `cell` the Jinja2
    template shown in the client's cell of the page, with `value`."""

    name: str
    api_param: str
    api_annotation: Any
    api_default: Any
    api_field: ApiField
    cell: str | None = None

    def form_field(self, agencies: list[Any]) -> forms.Field | None:
        """The page's field for the counsellor's agencies (None: nothing to choose)."""
        raise NotImplementedError

    def from_api(self, viewer: Any, value: Any) -> Any:
        """The API parameter as the value `apply` takes; None when it can match no case
        (a falsy value: no filtering)."""
        raise NotImplementedError

    def apply(self, cases: QuerySet[Any], value: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def values(self, cases: Iterable[Any]) -> dict[int, Any]:
        """{case id: what the row shows} for a page of cases, in one query."""
        raise NotImplementedError


caseload_filters: Hook[CaseloadFilter] = Hook("caseload filters")


def columns() -> list[CaseloadColumn]:
    return sorted(caseload_columns, key=lambda column: column.order)


def page_columns() -> list[CaseloadColumn]:
    """The columns the caseload page shows, in their order."""
    return [column for column in columns() if column.cell]


def api_fields() -> list[ApiField]:
    """What each caseload API row has besides the case: the columns' fields in the
    columns' order, then the filters'."""
    found = [field for column in columns() for field in column.api_fields]
    return found + [entry.api_field for entry in caseload_filters]


def api_rows(cases: list[Any]) -> dict[int, dict[str, Any]]:
    """{case id: its values of `api_fields()`} for a page of cases (one query per
    filter, none per column: the columns' values are annotations)."""
    found: dict[int, dict[str, Any]] = {case.pk: {} for case in cases}
    for column in columns():
        for field in column.api_fields:
            for case in cases:
                found[case.pk][field.name] = field.value(case)
    for entry in caseload_filters:
        values = entry.values(cases)
        for case in cases:
            found[case.pk][entry.api_field.name] = entry.api_field.value(values.get(case.pk))
    return found


def with_dashboard(cases: QuerySet[Any], moment: Moment | None = None) -> QuerySet[Any]:
    """The caseload queryset with every column's values, as of `moment` (now)."""
    moment = moment or Moment.current()
    for column in columns():
        if column.annotate is not None:
            cases = _resolve(column.annotate)(cases, moment)
    return cases


def filtered(cases: QuerySet[Any], chosen: Mapping[str, Any]) -> QuerySet[Any]:
    """The cases kept by the filters given a value in `chosen` (by filter name)."""
    for entry in caseload_filters:
        value = chosen.get(entry.name)
        if value:
            cases = entry.apply(cases, value)
    return cases


def last_contact(case: Any) -> date | None:
    """The latest contact any column knows of (a note, a held appointment...)."""
    dates = [column.contact(case) for column in caseload_columns if column.contact]
    return max((day for day in dates if day is not None), default=None)
