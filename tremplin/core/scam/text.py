"""The scam guard's reading of a text: one normal form (no case, no accents, straight
apostrophes, single spaces, letters spaced out to dodge filters joined again), clauses
and sentences (the context a signal is judged in) and amounts of money."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

# "W h a t s A p p", "T.e.l.e.g.r.a.m": four or more single letters, one separator each.
_SPACED = re.compile(r"\b(?:[a-z][ .\-]){3,}[a-z]\b")
# A clause ends at . ! ? ; : followed by a space (not "t.me/", "12.50") or a line break;
# a sentence only at . ! ? or a line break ("deposit it; then send the rest" is one).
_CLAUSE_END = re.compile(r"[.!?;:](?=\s|$)|\n")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
CONTEXT = 300


def normalise(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces (line breaks kept,
    they end sentences), letters spaced out one by one joined again."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for quote in "’‘`´":
        plain = plain.replace(quote, "'")
    plain = plain.replace("«", '"').replace("»", '"').casefold()
    lines = (" ".join(line.split()) for line in plain.splitlines())
    joined = "\n".join(line for line in lines if line)
    return _SPACED.sub(lambda m: re.sub(r"[ .\-]", "", m.group()), joined)


def clause_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the clause holding text[start:end]."""
    return _around(_ends(text, _CLAUSE_END), start, end, len(text))


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence holding text[start:end]."""
    return _around(_ends(text, _SENTENCE_END), start, end, len(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence's bounds, in order, blank ones left out."""
    ends = _ends(text, _SENTENCE_END)
    starts = (0, *(e for _s, e in ends))
    stops = (*(s for s, _e in ends), len(text))
    return [(a, b) for a, b in zip(starts, stops, strict=True) if text[a:b].strip()]


@lru_cache(maxsize=16)
def _ends(text: str, pattern: re.Pattern[str]) -> tuple[tuple[int, int], ...]:
    # Found once per text: every hit asks for its own clause, and a long text has many
    # hits; rescanning from the start for each made a 50,000-character text take 19 s.
    return tuple(m.span() for m in pattern.finditer(text))


def _around(ends: tuple[tuple[int, int], ...], start: int, end: int, size: int) -> tuple[int, int]:
    """From the last end at or before `start` to the first end at or after `end`, at most
    CONTEXT characters either side: what decides is close by, and a text that is one
    long clause must not make every hit read all of it."""
    before = bisect_left(ends, (start + 1,)) - 1
    after = bisect_left(ends, (end,))
    first = ends[before][1] if before >= 0 else 0
    last = ends[after][0] if after < len(ends) else size
    return max(first, start - CONTEXT), min(last, end + CONTEXT)


# 149 $, $149, 149$, 1 200,50 €, €1,200.50, CAD 200, 200 dollars.
_NUMBER = r"\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
AMOUNT = re.compile(
    rf"(?:[$€]|\b(?:cad|usd|eur)) ?(?P<a>{_NUMBER})"
    rf"|(?<![\d.,])(?<!\d{{3}} )(?P<b>{_NUMBER}) ?(?:[$€]|(?:dollars?|euros?|cad|usd|eur)\b)"
)


def number(raw: str) -> float:
    """'2 450' -> 2450, '1,200.50' -> 1200.5, '59,90' -> 59.9, '12.50' -> 12.5."""
    raw = raw.replace(" ", "")
    decimal = re.search(r"[.,](\d{1,2})$", raw)
    whole = raw[: decimal.start()] if decimal else raw
    value = float(re.sub(r"[.,]", "", whole) or 0)
    return value + (float(f"0.{decimal.group(1)}") if decimal else 0.0)


@dataclass(frozen=True)
class Amount:
    value: float
    start: int
    end: int


def amounts(text: str) -> list[Amount]:
    found = []
    for match in AMOUNT.finditer(text):
        raw = match.group("a") or match.group("b")
        found.append(Amount(number(raw), match.start(), match.end()))
    return found
