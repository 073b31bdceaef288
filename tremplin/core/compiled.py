"""Querysets compiled once per process, then run again with other values.

On the hottest page (the home feed) most of a request's CPU went into building and
compiling querysets: the `visible_to` rules with their EXISTS sub-queries and the
annotations cost about 10 ms of Python for SQL that PostgreSQL ran in under a
millisecond. `CompiledQuery` builds the queryset once with stand-in values, keeps its
SQL and where each stand-in sits among the parameters, and runs that SQL later with
the real values, through Django's own iterables (model instances with their
`select_related` objects and annotations, or `values_list` tuples, with the usual
converters). The query is still written once, with the ORM and the models'
`visible_to`: only its compilation is cached.

A query whose SQL depends on anything other than its declared inputs (the time, the
active language, a setting) must not be cached. So each query is compiled twice with
two different sets of stand-ins: the SQL must be the same, and the parameters must
differ exactly where a stand-in sits. Anything else raises `ImproperlyConfigured` at
first use, which the tests reach.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from operator import itemgetter
from types import SimpleNamespace
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet

# Stand-ins are values nobody stores: large negative ids, dates in 1901, odd strings.
_serial = itertools.count(1)
LIST_CAPACITY = 100
# Compiled shapes kept per query (a search's filters and page make many variants).
MAX_VARIANTS = 512


class Input:
    """What a named input is, and how to make a stand-in for it."""

    @staticmethod
    def number(n: int) -> Any:
        return -(10**12) - n

    @staticmethod
    def count(n: int) -> Any:
        """A number compared with an integer column (a position, a year): Django answers
        a lookup outside the column's range with "no row" (EmptyResultSet) instead of
        SQL, so `number`'s negative stand-ins do not fit; these fit even a
        PositiveSmallIntegerField."""
        return 20_000 + n % 10_000

    @staticmethod
    def text(n: int) -> Any:
        return f"~stand-in {n}~"

    @staticmethod
    def moment(n: int) -> Any:
        """A datetime."""
        return datetime(1901, 1, 1, tzinfo=UTC) + timedelta(microseconds=n)

    @staticmethod
    def day(n: int) -> Any:
        """A date (a day in 1901 or after: two stand-ins are never the same day)."""
        return date(1901, 1, 1) + timedelta(days=n)

    @staticmethod
    def numbers(n: int) -> Any:
        """A list of ids (`pk__in=ids[:size]`, the size being part of the variant)."""
        return [Input.number(n * 1000 + i) for i in range(LIST_CAPACITY)]

    @staticmethod
    def user(n: int) -> Any:
        """An unsaved user whose pk is the stand-in: `visible_to(viewer)` and
        `filter(owner=viewer)` read only `pk` and `is_authenticated`."""
        return get_user_model()(pk=Input.number(n))


def _encodings(value: Any, connection) -> list[tuple[Any, Callable[[Any], Any]]]:
    """The forms a value can take among compiled parameters, each with the function
    that puts a real value in the same form."""
    if isinstance(value, datetime):
        adapt = connection.ops.adapt_datetimefield_value
        return [(value, lambda v: v), (adapt(value), adapt)]
    if isinstance(value, date):
        adapt_day = connection.ops.adapt_datefield_value
        return [(value, lambda v: v), (adapt_day(value), adapt_day)]
    if isinstance(value, list):
        return [(element, itemgetter(i)) for i, element in enumerate(value)]
    if hasattr(value, "_meta"):  # a model instance: the ORM keeps its pk
        return [(value.pk, lambda v: v.pk)]
    if isinstance(value, int) and not isinstance(value, bool) and connection.vendor == "postgresql":
        # A value compared with an IntegerField (not a key) is wrapped in the column's
        # psycopg type (Django's `adapt_integerfield_value`).
        from psycopg.types import numeric

        kinds = (numeric.Int2, numeric.Int4, numeric.Int8)
        return [(value, lambda v: v), *((kind(value), kind) for kind in kinds)]
    if isinstance(value, str):
        # `__contains`, `__startswith`, `__endswith`: the value escaped for LIKE inside
        # the pattern Django makes of it.
        like = connection.ops.prep_for_like_query
        return [
            (value, lambda v: v),
            (f"%{like(value)}%", lambda v: f"%{like(v)}%"),
            (f"{like(value)}%", lambda v: f"{like(v)}%"),
            (f"%{like(value)}", lambda v: f"%{like(v)}"),
        ]
    return [(value, lambda v: v)]


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    compiler: Any
    sql: str
    params: tuple
    slots: tuple[tuple[int, str, Callable[[Any], Any]], ...]


class _FixedQuery:
    """Stands for the template's `Query` in Django's iterables: every attribute is
    the template's, but the compiler it hands out already holds the SQL."""

    def __init__(self, query: Any, compiler: Any) -> None:
        self._query = query
        self._compiler = compiler

    def get_compiler(
        self, using: Any = None, connection: Any = None, elide_empty: bool = True
    ) -> Any:
        return self._compiler

    def __getattr__(self, name: str) -> Any:
        return getattr(self._query, name)


class CompiledQuery:
    """`build(variant, **inputs)` returns the queryset; `inputs` maps each name to a
    kind of `Input` (`Input.user`, `Input.number`, `Input.count`, `Input.numbers`, `Input.text`,
    `Input.moment`, `Input.day`). `variant` is a
    hashable choice that changes the SQL's shape (which filters apply, the LIMIT):
    each variant is compiled once per database alias.

        PAGE = CompiledQuery(build_page, viewer=Input.user, since=Input.moment)
        rows = PAGE.run(("no-cursor", 21), viewer=request.user, since=None)

    `prepared=False` runs the SQL unprepared (planned at each run, see `_execute`).
    """

    def __init__(
        self,
        build: Callable[..., QuerySet],
        *,
        prepared: bool = True,
        **inputs: Callable[[int], Any],
    ) -> None:
        self.build = build
        self.prepared = prepared
        self.inputs = inputs
        self._cache: dict[Hashable, _Compiled] = {}
        self._lock = threading.Lock()

    def _stand_ins(self) -> dict[str, Any]:
        return {name: kind(next(_serial)) for name, kind in self.inputs.items()}

    def _compile(self, variant: Hashable) -> _Compiled:
        first, second = self._stand_ins(), self._stand_ins()
        queryset = self.build(variant, **first)
        alias = queryset.db
        connection = connections[alias]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        other_sql, other_params = (
            self.build(variant, **second).query.get_compiler(using=alias).as_sql()
        )
        if sql != other_sql or len(params) != len(other_params):
            raise ImproperlyConfigured(f"{self.build.__qualname__}: the SQL is not stable")
        slots = []
        for position, (value, other) in enumerate(zip(params, other_params, strict=True)):
            found = [
                (name, encoded_other, adapt)
                for name, stand_in in first.items()
                for (encoded, adapt), (encoded_other, _same) in zip(
                    _encodings(stand_in, connection),
                    _encodings(second[name], connection),
                    strict=True,
                )
                if type(encoded) is type(value) and encoded == value
            ]
            if found:
                name, expected, adapt = found[0]
                if other != expected:
                    raise ImproperlyConfigured(
                        f"{self.build.__qualname__}: input {name!r} moves between compilations"
                    )
                slots.append((position, name, adapt))
            elif value != other:
                raise ImproperlyConfigured(
                    f"{self.build.__qualname__}: parameter {position} ({value!r}) changes "
                    "between two compilations but is not a declared input"
                )
        return _Compiled(queryset, compiler, sql, tuple(params), tuple(slots))

    def compiled(self, variant: Hashable = ()) -> _Compiled:
        found = self._cache.get(variant)
        if found is None:
            with self._lock:
                found = self._cache.get(variant) or self._compile(variant)
                if len(self._cache) >= MAX_VARIANTS:  # the oldest goes (a crawler's
                    self._cache.pop(next(iter(self._cache)))  # combinations)
                self._cache[variant] = found
        return found

    def sql_with_params(self, variant: Hashable = (), **values: Any) -> tuple[str, tuple]:
        """The SQL and its parameters for these values (what `run` executes)."""
        template = self.compiled(variant)
        params = list(template.params)
        for position, name, adapt in template.slots:
            params[position] = adapt(values[name])
        return template.sql, tuple(params)

    def run(self, variant: Hashable = (), **values: Any) -> list:
        """The rows, as the built queryset would give them (instances or tuples)."""
        template = self.compiled(variant)
        sql, params = self.sql_with_params(variant, **values)
        queryset = template.queryset
        compiler = object.__new__(type(template.compiler))
        compiler.__dict__.update(template.compiler.__dict__)
        compiler.connection = connections[queryset.db]
        compiler.execute_sql = partial(_execute, compiler, sql, params, self.prepared)
        shim = SimpleNamespace(
            db=queryset.db,
            query=_FixedQuery(queryset.query, compiler),
            model=queryset.model,
            _fields=getattr(queryset, "_fields", None),
            _known_related_objects={},
        )
        iterable: Any = queryset._iterable_class(shim)  # type: ignore[arg-type]
        return list(iterable)


@cache
def _prepared_cursor() -> type:
    import psycopg

    class PreparedCursor(psycopg.Cursor):
        """Prepares every statement it runs (Django turns psycopg's automatic
        preparation off, for poolers such as PgBouncer in transaction mode; this
        project connects directly, through Django's own pool)."""

        def execute(  # type: ignore[override]
            self, query: Any, params: Any = None, *, prepare: Any = None, binary: Any = None
        ) -> Any:
            return super().execute(query, params, prepare=True, binary=binary)

        def _send_query_prepared(self, name: Any, pgq: Any, *, binary: Any = None) -> Any:
            # Keeps the statement readable for Django's query log (tests, DEBUG).
            self._query = pgq
            return super()._send_query_prepared(name, pgq, binary=binary)

    return PreparedCursor


def _execute(
    compiler, sql: str, params: tuple, prepared: bool, *args, **kwargs
) -> list[list[tuple]]:
    """What `SQLCompiler.execute_sql(MULTI)` returns (a list of chunks of rows), for
    SQL that is already compiled.

    On PostgreSQL the statement is prepared (a server-side binding cursor): each
    connection plans it once, not on every request (planning the feed page took
    2.5 ms, running it under 1 ms). The cursor is wrapped like any of Django's (errors, query
    logging, `assertNumQueries`).

    `prepared=False` for a query whose best plan depends on its values: a prepared
    statement has one generic plan for every value (`plan_cache_mode` is
    `force_generic_plan`, settings.py), and the directory's search for a common word
    and for a rare one want opposite plans (15 ms instead of 1 with the wrong one)."""
    connection = compiler.connection
    if connection.vendor == "postgresql" and prepared:
        connection.ensure_connection()
        cursor = connection._prepare_cursor(_prepared_cursor()(connection.connection))
    else:
        cursor = connection.cursor()
    with cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    return [rows]
