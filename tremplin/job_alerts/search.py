# ruff: noqa: S608, S611  (SQL built from model table names; every value is a parameter)
"""Job search: one interface, two engines.

`search(viewer, params)` returns one page of OPEN postings the viewer may see
(`Posting.objects.visible_to(viewer).open()`: nothing by someone who blocked the viewer
or whom the viewer blocked either), filtered and sorted.

- PostgreSQL: full text over `PostingDocument.vector`, a tsvector built from unaccented
  text with both the french and the english configurations (stemming per language), GIN
  index. The query is `plainto_tsquery('french', unaccent(q)) ||
  plainto_tsquery('english', unaccent(q))`: every word must be there, in either language.
- SQLite (the embedded default): `PostingDocument.text`, the unique normalised tokens of
  the posting (accents and case removed, a light plural folding, a few stop words out);
  every word of the query must be one of them.

Bounded work (DESIGN.md "Hot paths"): the date sort is a keyset page on the
(status, date_posted, id) index, however many postings match; the relevance sort ranks
only the newest `RANK_CANDIDATES` matches, never every match of a broad word.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import connection
from django.db.models import F, Lookup, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from tremplin.jobs.models import EmploymentType, Posting, Workplace

PAGE_SIZE = 20
# Relevance ranks the newest this many matches (about 25 pages of 20).
RANK_CANDIDATES = 500
MAX_PAGE = RANK_CANDIDATES // PAGE_SIZE
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_QUERY = 200

STOP_WORDS = frozenset(
    {
        *("a", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "en", "et"),
        *("la", "le", "les", "leur", "ou", "par", "pour", "sur", "un", "une"),
        *("the", "an", "of", "and", "or", "in", "on", "for", "to", "with", "at", "by"),
        *("from", "as", "is", "are"),
    }
)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# ------------------------------------------------------------------ normalised text


def fold(text: str) -> str:
    """Lower case, accents removed (é → e, œ → oe)."""
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _stem(token: str) -> str:
    """A light plural folding shared by documents and queries (SQLite engine)."""
    if len(token) > 3 and token[-1] in "sx" and token[-2] != "s":
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """The normalised words of `text`, in order, stop words out (duplicates kept)."""
    return [
        _stem(word)
        for word in re.findall(r"\w+", fold(text or ""))
        if word not in STOP_WORDS and len(word) < 100
    ]


def document_text(posting: Posting) -> str:
    words = set(
        tokens(
            " ".join(
                [
                    posting.title_fr,
                    posting.title_en,
                    posting.hiring_organization_name,
                    posting.city,
                    posting.description_fr,
                    posting.description_en,
                ]
            )
        )
    )
    return " " + " ".join(sorted(words)) + " " if words else " "


# ------------------------------------------------------------------ documents

_VECTOR_SQL = """
    setweight(to_tsvector('french', unaccent(p.title_fr || ' ' || p.title_en)), 'A')
 || setweight(to_tsvector('english', unaccent(p.title_fr || ' ' || p.title_en)), 'A')
 || setweight(to_tsvector('french', unaccent(p.hiring_organization_name || ' ' || p.city)), 'B')
 || setweight(to_tsvector('english', unaccent(p.hiring_organization_name || ' ' || p.city)), 'B')
 || setweight(to_tsvector('french', unaccent(p.description_fr || ' ' || p.description_en)), 'C')
 || setweight(to_tsvector('english', unaccent(p.description_fr || ' ' || p.description_en)), 'C')
"""


def index_posting(posting_id: int) -> None:
    """Write (or rewrite) the posting's search document. Runs inside the posting's
    transaction (our receivers)."""
    from tremplin.job_alerts.models import PostingDocument

    posting = Posting.objects.filter(pk=posting_id).first()
    if posting is None:
        return
    text = document_text(posting)
    now = timezone.now()
    table = PostingDocument._meta.db_table
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                f"""INSERT INTO {table} (posting_id, text, vector, updated)
                    SELECT p.id, %s, {_VECTOR_SQL}, %s FROM jobs_posting p WHERE p.id = %s
                    ON CONFLICT (posting_id) DO UPDATE
                    SET text = EXCLUDED.text, vector = EXCLUDED.vector,
                        updated = EXCLUDED.updated""",
                [text, now, posting_id],
            )
        else:
            cursor.execute(
                f"""INSERT INTO {table} (posting_id, text, vector, updated)
                    VALUES (%s, %s, NULL, %s)
                    ON CONFLICT (posting_id) DO UPDATE
                    SET text = excluded.text, updated = excluded.updated""",
                [posting_id, text, now],
            )


def vector_sql() -> str:
    """The tsvector expression over a `jobs_posting` row aliased `p` (bench data)."""
    return _VECTOR_SQL


def posting_terms(posting_id: int) -> list[str]:
    """The terms alerts are filed under that this posting contains: its lexemes on
    PostgreSQL, its normalised tokens on SQLite."""
    from tremplin.job_alerts.models import PostingDocument

    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT unnest(tsvector_to_array(vector)) FROM "
                f"{PostingDocument._meta.db_table} WHERE posting_id = %s",
                [posting_id],
            )
            return [row[0] for row in cursor.fetchall()]
    text = (
        PostingDocument.objects.filter(posting_id=posting_id).values_list("text", flat=True).first()
    )
    return (text or "").split()


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
    from tremplin.job_alerts.models import PostingDocument

    query = tsquery_text(q)
    if not query:
        return "", 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {PostingDocument._meta.db_table} d "
            "WHERE d.vector @@ %s::tsquery",
            [query],
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return query, int(plan[0]["Plan"]["Plan Rows"])


def tsquery_text(q: str) -> str:
    """PostgreSQL: the tsquery of `q` as text ('' when it has no lexeme at all)."""
    if not q.strip():
        return ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (plainto_tsquery('french', unaccent(%s)) "
            "|| plainto_tsquery('english', unaccent(%s)))::text",
            [q, q],
        )
        value = cursor.fetchone()[0] or ""
    # An empty side prints as '' in some versions: keep only real lexemes.
    return value if re.search(r"'[^']", value) else ""


def word_keys(word: str) -> list[str]:
    """PostgreSQL: the lexemes one word of an alert is filed under: its french and its
    english stems. A posting matching the alert's query (french OR english side, every
    word) contains one of them. Empty when either language drops the word (a stop
    word): such a word cannot be the alert's key."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector('french', unaccent(%s))), "
            "tsvector_to_array(to_tsvector('english', unaccent(%s)))",
            [word, word],
        )
        french, english = cursor.fetchone()
    if not french or not english:
        return []
    return sorted(set(french) | set(english))


KEY_COUNT_CAP = 2000


def key_frequency(keys: list[str]) -> int:
    """How many open postings contain one of `keys` (capped: only the order matters)."""
    from tremplin.job_alerts.models import PostingDocument

    table = PostingDocument._meta.db_table
    with connection.cursor() as cursor:
        if is_postgres():
            query = " || ".join(["quote_literal(%s)::tsquery"] * len(keys))
            cursor.execute(
                f"""SELECT count(*) FROM (SELECT 1 FROM {table} d JOIN jobs_posting p
                    ON p.id = d.posting_id WHERE p.status = 'open' AND d.vector @@ ({query})
                    LIMIT {KEY_COUNT_CAP}) s""",
                keys,
            )
        else:
            likes = " OR ".join(["d.text LIKE %s"] * len(keys))
            cursor.execute(
                f"""SELECT count(*) FROM (SELECT 1 FROM {table} d JOIN jobs_posting p
                    ON p.id = d.posting_id WHERE p.status = 'open' AND ({likes})
                    LIMIT {KEY_COUNT_CAP}) s""",
                [f"% {key} %" for key in keys],
            )
        return cursor.fetchone()[0]


# ------------------------------------------------------------------ the search


@SearchVectorField.register_lookup
class TsMatch(Lookup):
    """`vector @@ 'text of a tsquery'::tsquery`: a query prepared once (its lexemes
    already stemmed), matched as it is."""

    lookup_name = "tsmatch"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", [*lhs_params, *rhs_params]


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
        if len(self.q) > MAX_QUERY:
            raise BadSearch("q")
        from tremplin.core.regions import Region

        if self.region and self.region not in Region.values:
            raise BadSearch("region")
        if self.employment_type and self.employment_type not in EmploymentType.values:
            raise BadSearch("employment_type")
        if self.language and self.language not in ("fr", "en"):
            raise BadSearch("language")
        if self.sort and self.sort not in ("relevance", "date"):
            raise BadSearch("sort")
        if self.min_salary is not None and not 0 <= self.min_salary <= 10_000_000:
            raise BadSearch("min_salary")
        if self.posted_since is not None and not 1 <= self.posted_since <= 365:
            raise BadSearch("posted_since")
        if not 1 <= self.page <= MAX_PAGE:
            raise BadSearch("page")
        if self.cursor:
            _parse_cursor(self.cursor)


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
            # all 40,000 visible postings to keep 400 (15 ms, bench/README.md).
            from tremplin.job_alerts.models import PostingDocument

            ids = RawSQL(
                f"SELECT unnest(ARRAY(SELECT d.posting_id FROM "
                f"{PostingDocument._meta.db_table} d WHERE d.vector @@ %s::tsquery))",
                [query],
            )
            return found.filter(pk__in=ids), query
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


# What a result shows (templates job_alerts/_results.html and jobs/_card.html, and the
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
