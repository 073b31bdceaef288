"""Counting a request's queries, and saying which of them grew."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")
_LISTS = re.compile(r"\((?:\s*%s\s*,)*\s*%s\s*\)|\((?:\s*\?\s*,)*\s*\?\s*\)")


@dataclass(frozen=True)
class Measure:
    status: int
    sql: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.sql)


def measure(client: Client, path: str) -> Measure:
    """The queries of one GET, after a first GET has settled what a first request does
    once (the session's activity record, the MFA check's cache, Django's content-type
    cache): what a member pays on every later visit."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return Measure(response.status_code, tuple(q["sql"] for q in captured))


def shape(sql: str) -> str:
    """A query with its values taken out, so the same query for another row compares
    equal."""
    return _LISTS.sub("(…)", _LITERALS.sub("?", sql))


def grown(before: Measure, after: Measure) -> list[str]:
    """The query shapes run more often with more rows, with how many times each ran."""
    was, now = Counter(map(shape, before.sql)), Counter(map(shape, after.sql))
    return [f"{was[s]} → {n}×  {s[:400]}" for s, n in now.items() if n > was[s]]
