# ruff: noqa: S608, S611  (SQL built from model table names; every value is a parameter)
"""The search documents of postings, and the words and lexemes search and alerts share.

A posting's document (`PostingDocument`) is written when it opens or changes
(`index_posting`, from our handlers of jobs' events): on PostgreSQL a `tsvector` built
from unaccented text with both the french and the english configurations (stemming per
language, GIN index); everywhere `text`, the unique normalised tokens of the posting
(accents and case removed, a light plural folding, a few stop words out), which SQLite's
search and alert matching read. Alerts are filed under these terms (`word_keys`,
`tokens`), and a posting's candidate alerts are found from its own (`posting_terms`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from django.db import connection
from django.utils import timezone

from tremplin.job_alerts.models import PostingDocument
from tremplin.jobs.models import Posting
from tremplin.jobs.version import postings_changed


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


STOP_WORDS = frozenset(
    {
        *("a", "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "en", "et"),
        *("la", "le", "les", "leur", "ou", "par", "pour", "sur", "un", "une"),
        *("the", "an", "of", "and", "or", "in", "on", "for", "to", "with", "at", "by"),
        *("from", "as", "is", "are"),
    }
)


# ------------------------------------------------------------------ normalised text


class _Marks(dict[int, int | None]):
    """`str.translate`'s table that drops combining marks: each code point is asked of
    `unicodedata.combining` once, then remembered. A bilingual title of 60 characters
    folds in 3.4 µs instead of 4.7 µs with a Python loop over its characters, and an
    ASCII one is only case-folded (jobs for you folds some 300 titles a ranking)."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower case, accents removed (é → e, œ → oe)."""
    text = text.casefold()
    if text.isascii():
        return text
    text = text.replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", text).translate(_MARKS)


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


# SQLite: the FTS5 index of the documents' words (migration 0006).
WORDS = "job_alerts_postingwords"


def index_posting(posting_id: int) -> None:
    """Write (or rewrite) the posting's search document (our handlers of jobs' events,
    in their own transaction; the catch-up for a posting without one), and move the
    postings' version on (`tremplin.jobs.version`)."""
    posting = Posting.objects.filter(pk=posting_id).first()
    if posting is None:
        return
    text = document_text(posting)
    now = timezone.now()
    table = PostingDocument._meta.db_table
    vector = _VECTOR_SQL if is_postgres() else "NULL"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {table} (posting_id, text, vector, region, workplace, updated)
                SELECT p.id, %s, {vector}, p.region, p.workplace, %s
                FROM jobs_posting p WHERE p.id = %s
                ON CONFLICT (posting_id) DO UPDATE
                SET text = EXCLUDED.text, vector = EXCLUDED.vector, region = EXCLUDED.region,
                    workplace = EXCLUDED.workplace, updated = EXCLUDED.updated""",
            [text, now, posting_id],
        )
        if not is_postgres():
            # The FTS5 index of the words (migration 0006), for Jobs for you.
            cursor.execute(f"DELETE FROM {WORDS} WHERE rowid = %s", [posting_id])
            cursor.execute(f"INSERT INTO {WORDS} (rowid, text) VALUES (%s, %s)", [posting_id, text])
    postings_changed()  # search finds it by its new words at once


def vector_sql() -> str:
    """The tsvector expression over a `jobs_posting` row aliased `p` (bench data)."""
    return _VECTOR_SQL


def posting_terms(posting_id: int) -> list[str]:
    """The terms alerts are filed under that this posting contains: its lexemes on
    PostgreSQL, its normalised tokens on SQLite."""
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


# PostgreSQL: the tsquery of some words (the parameter, given twice): every word, in
# either language's stemming. Search, alerts and Jobs for you ask it the same way.
TSQUERY_SQL = (
    "(plainto_tsquery('french', unaccent(%s)) || plainto_tsquery('english', unaccent(%s)))"
)


def tsquery_text(q: str) -> str:
    """PostgreSQL: the tsquery of `q` as text ('' when it has no lexeme at all)."""
    if not q.strip():
        return ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({TSQUERY_SQL})::text", [q, q])
        value = cursor.fetchone()[0] or ""
    # An empty side prints as '' in some versions: keep only real lexemes.
    return value if re.search(r"'[^']", value) else ""


def planned_rows(sql: str, params: list[Any]) -> int:
    """PostgreSQL: how many rows the planner expects `sql` to give (a plan, 0.2 ms; no
    count). Search and Jobs for you choose how to look with it, never what is found."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


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
