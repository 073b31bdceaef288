# ruff: noqa: S608, S611  (SQL built from model table names; every value is a parameter)
"""Job search: one interface, two engines.

`search(viewer, params)` returns one page of OPEN postings the viewer may see
(`Posting.objects.visible_to(viewer).open()`: nothing by someone who blocked the viewer
or whom the viewer blocked either), filtered and sorted.

- PostgreSQL: full text over `PostingDocument.vector` (`documents.py`), a tsvector built
  from unaccented text with both the french and the english configurations (stemming per
  language), GIN index. The query is `plainto_tsquery('french', unaccent(q)) ||
  plainto_tsquery('english', unaccent(q))`: every word must be there, in either language.
- SQLite (the embedded default): `PostingDocument.text`, the unique normalised tokens of
  the posting (accents and case removed, a light plural folding, a few stop words out);
  every word of the query must be one of them.

Bounded work (DESIGN.md "Hot paths"): the date sort is a keyset page on the
(status, date_posted, id) index, however many postings match; the relevance sort ranks
only the newest `RANK_CANDIDATES` matches, never every match of a broad word.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tremplin.core.regions import Region
from tremplin.job_alerts.documents import is_postgres, planned_rows, tokens, tsquery_text
from tremplin.job_alerts.models import PostingDocument
from tremplin.jobs.models import EmploymentType, Posting, Workplace

PAGE_SIZE = 20
# Relevance ranks the newest this many matches (about 25 pages of 20).
RANK_CANDIDATES = 500
MAX_PAGE = RANK_CANDIDATES // PAGE_SIZE
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_QUERY = 200

# A query the planner expects to match fewer search documents than this is "selective"
# (see _with_keywords). Its estimates ran about twice the real counts on the benchmark's
# data: 821 for 410, 5,023 for 2,590, 38,519 for 26,225.
SELECTIVE = 10_000


def keyword_plan(q: str) -> tuple[str, int]:
    """PostgreSQL: the tsquery of `q` as text ('' without any lexeme) and how many
    search documents the planner expects it to match. The estimate costs a plan
    (0.2 ms); counting the matches, even up to a bound, builds the GIN index's whole
    bitmap first (7 ms for a word in half the postings). Kept a minute per process:
    people search the same words, and both answers only choose how to search, never
    what is found."""
    now = time.monotonic()
    known = _plans.get(q)
    if known is not None and now - known[0] < PLAN_SECONDS:
        return known[1]
    plan = _keyword_plan(q)
    if len(_plans) >= PLAN_CACHE:
        _plans.clear()
    _plans[q] = (now, plan)
    return plan


PLAN_SECONDS = 60
PLAN_CACHE = 2000
_plans: dict[str, tuple[float, tuple[str, int]]] = {}


def _keyword_plan(q: str) -> tuple[str, int]:
    query = tsquery_text(q)
    if not query:
        return "", 0
    ids = f"SELECT 1 FROM {PostingDocument._meta.db_table} d WHERE d.vector @@ %s::tsquery"
    return query, planned_rows(ids, [query])


# ------------------------------------------------------------------ the search


@SearchVectorField.register_lookup
class TsMatch(Lookup):
    """`vector @@ 'text of a tsquery'::tsquery`: a query prepared once (its lexemes
    already stemmed), matched as it is."""

    lookup_name = "tsmatch"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", (*lhs_params, *rhs_params)


class AnyOfRows(Lookup):
    """`column = ANY(ARRAY(subquery))`: the subquery's rows as one array, which an index
    on the column is scanned with (PostgreSQL)."""

    lookup_name = "any_of_rows"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)  # "(SELECT ...)"
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


class BadSearch(ValueError):
    """A parameter that is not one we understand (the page and the API say which)."""


@dataclass
class SearchParams:
    q: str = ""
    region: str = ""
    remote: bool | None = None
    employment_type: str = ""
    min_salary: int | None = None  # yearly, CAD
    language: str = ""  # "fr" / "en": postings written in it or requiring it
    posted_since: int | None = None  # days
    organization: str = ""  # an organisation's slug
    sort: str = ""  # "relevance" | "date"; default: relevance with keywords, else date
    cursor: str = ""  # date sort: where the page starts
    page: int = 1  # relevance sort: page number within the ranked candidates

    @property
    def effective_sort(self) -> str:
        if self.sort in ("relevance", "date"):
            return self.sort
        return "relevance" if self.q.strip() else "date"

    def validate(self) -> None:
        """Raise BadSearch naming the first parameter we do not understand."""
        for name, ok in (
            ("q", len(self.q) <= MAX_QUERY),
            ("region", not self.region or self.region in Region.values),
            ("employment_type", _blank_or_in(self.employment_type, EmploymentType.values)),
            ("language", _blank_or_in(self.language, ("fr", "en"))),
            ("sort", _blank_or_in(self.sort, ("relevance", "date"))),
            ("min_salary", self.min_salary is None or 0 <= self.min_salary <= 10_000_000),
            ("posted_since", self.posted_since is None or 1 <= self.posted_since <= 365),
            ("page", 1 <= self.page <= MAX_PAGE),
        ):
            if not ok:
                raise BadSearch(name)
        if self.cursor:
            _parse_cursor(self.cursor)


def _blank_or_in(value: str, allowed: Iterable[str]) -> bool:
    return not value or value in allowed


@dataclass
class SearchPage:
    results: list[Posting] = field(default_factory=list)
    sort: str = "date"
    page: int = 1
    next_cursor: str | None = None
    next_page: int | None = None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None or self.next_page is not None


def cursor_of(posting: Posting) -> str:
    micros = ((posting.date_posted or EPOCH) - EPOCH) // timedelta(microseconds=1)
    return f"{micros}.{posting.pk}"


def _parse_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        micros, pk = (int(part) for part in cursor.split("."))
        if micros < 0 or not 0 <= pk < 2**63:
            raise ValueError
        return EPOCH + timedelta(microseconds=micros), pk
    except (ValueError, OverflowError):
        raise BadSearch("cursor") from None


def filtered(viewer, params: SearchParams) -> QuerySet[Posting]:
    """Open postings the viewer may see, with every filter but the keywords."""
    found = Posting.objects.visible_to(viewer).open()  # blocks included
    if params.region:
        found = found.filter(region=params.region)
    if params.remote is True:
        found = found.filter(workplace=Workplace.REMOTE)
    elif params.remote is False:
        found = found.exclude(workplace=Workplace.REMOTE)
    if params.employment_type:
        found = found.filter(employment_type=params.employment_type)
    if params.min_salary is not None:
        found = found.filter(salary_min_yearly__gte=params.min_salary)
    if params.language == "fr":
        found = found.filter(Q(requires_french=True) | ~Q(title_fr=""))
    elif params.language == "en":
        found = found.filter(Q(requires_english=True) | ~Q(title_en=""))
    if params.posted_since:
        found = found.filter(date_posted__gte=timezone.now() - timedelta(days=params.posted_since))
    if params.organization:
        found = found.filter(organization__slug=params.organization)
    return found


def _with_keywords(found: QuerySet[Posting], q: str) -> tuple[QuerySet[Posting], object]:
    """Keep the postings matching `q`; returns (queryset, rank expression or terms)."""
    if is_postgres():
        query, matches = keyword_plan(q)
        if not query:
            return found, None
        if matches < SELECTIVE:
            # Few documents match: start from them (their ids, looked up by primary
            # key), as the planner cannot tell a rare word from a common one; it hashed
            # all 40,000 visible postings to keep 400 (15 ms, bench/README.md). The ids
            # are one array the posting index is scanned with (`= ANY`): as a set to
            # join (`IN (SELECT unnest(...))`) they were hashed again and each looked up
            # alone, a third more for "comptable" in QC (6.4 -> 4.6 ms).
            ids = RawSQL(
                f"SELECT d.posting_id FROM {PostingDocument._meta.db_table} d "
                "WHERE d.vector @@ %s::tsquery",
                [query],
            )
            return found.filter(AnyOfRows(F("pk"), ids)), query
        return found.filter(search_document__vector__tsmatch=query), query
    words = sorted(set(tokens(q)))
    for word in words:
        found = found.filter(search_document__text__contains=f" {word} ")
    return found, words


def search(viewer, params: SearchParams) -> SearchPage:
    """One page of results (see the module docstring). Raises BadSearch."""
    params.validate()
    found = filtered(viewer, params)
    how = None
    if params.q.strip():
        found, how = _with_keywords(found, params.q)
    sort = params.effective_sort
    if sort == "relevance" and how:
        return _ranked(found, how, params.page)
    return _by_date(found, params.cursor, sort="date" if sort == "date" or not how else sort)


# What a result shows (templates job_alerts/_results.jinja and jobs/_card.html, and the
# API's result_out): not the descriptions, the longest columns by far.
RESULT_FIELDS = (
    *("id", "title_fr", "title_en", "hiring_organization_name", "city", "region"),
    *("workplace", "employment_type", "salary_min", "salary_max", "salary_unit"),
    *("salary_currency", "date_posted", "status", "organization", "organization__verified"),
)


def _page_rows(found: QuerySet[Posting]) -> QuerySet[Posting]:
    return found.select_related("organization").only(*RESULT_FIELDS)


def _by_date(found: QuerySet[Posting], cursor: str, sort: str) -> SearchPage:
    ordered = found.order_by("-date_posted", "-id")
    if cursor:
        when, pk = _parse_cursor(cursor)
        ordered = ordered.filter(Q(date_posted__lt=when) | Q(date_posted=when, pk__lt=pk))
    rows = list(_page_rows(ordered)[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return SearchPage(
        results=rows, sort="date", next_cursor=cursor_of(rows[-1]) if more and rows else None
    )


def _ranked(found: QuerySet[Posting], how, page: int) -> SearchPage:
    """Rank the newest RANK_CANDIDATES matches only; the page's ids are chosen first,
    then only the page's rows are read."""
    newest = found.order_by("-date_posted", "-id")
    start = (page - 1) * PAGE_SIZE
    if is_postgres():
        # The rank is computed with the candidates, in the same pass. (Ranking in an
        # outer query read every candidate's posting and document a second time.)
        candidates = newest.annotate(
            rank=SearchRank(
                F("search_document__vector"),
                RawSQL("%s::tsquery", [how]),  # type: ignore[arg-type]
            )
        ).values("pk", "rank", "date_posted")[:RANK_CANDIDATES]
        sql, params = candidates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT c.pk FROM ({sql}) c ORDER BY c.rank DESC, c.date_posted DESC, "
                "c.pk DESC LIMIT %s OFFSET %s",
                [*params, PAGE_SIZE + 1, start],
            )
            ids = [row[0] for row in cursor.fetchall()]
    else:
        # Title words weigh more than the rest; ties go to the newest.
        pool = list(
            Posting.objects.filter(pk__in=newest.values("pk")[:RANK_CANDIDATES]).values_list(
                "pk", "title_fr", "title_en", "date_posted"
            )
        )
        words = set(how)

        def score(row) -> tuple:
            title = set(tokens(f"{row[1]} {row[2]}"))
            return (len(words & title), row[3] or EPOCH, row[0])

        pool.sort(key=score, reverse=True)
        ids = [row[0] for row in pool[start : start + PAGE_SIZE + 1]]
    by_id = {p.pk: p for p in _page_rows(Posting.objects.filter(pk__in=ids))}
    rows = [by_id[pk] for pk in ids if pk in by_id]
    more = len(rows) > PAGE_SIZE and page < MAX_PAGE
    return SearchPage(
        results=rows[:PAGE_SIZE], sort="relevance", page=page, next_page=page + 1 if more else None
    )
