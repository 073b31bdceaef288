"""CSV files: the documented columns (docs/job_imports.md) and the headers real exports
carry, in French and English ("Titre du poste", "Employeur", "Job Posting Title", "Primary
Location", "Time Type", "Date limite", "Lien pour postuler"...), recognised whatever their
case, accents or order. UTF-8 with or without a BOM, else Windows-1252 as Excel saves it;
separated by commas, semicolons or tabs (whichever the header has most).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any

from tremplin.job_imports.items import Item, finish
from tremplin.job_imports.models import ItemErrorCode
from tremplin.job_imports.parsing import MAX_ITEMS, Parsed, ParseError, decode
from tremplin.job_imports.text import fold

# Each key of an item and the headers that mean it (folded: lower case, no accents,
# runs of spaces, dashes and apostrophes as one space).
HEADERS = {
    "title": "title|job title|titre|titre du poste|intitule|intitule du poste|poste|"
    "job posting title|position|position title|job name|nom du poste",
    "title_fr": "title fr",
    "title_en": "title en",
    "description": "description|job description|job description summary|description du poste|"
    "descriptif|summary|resume|details",
    "description_fr": "description fr",
    "description_en": "description en",
    "employer": "employer|employeur|company|entreprise|organisation|organization|company name|"
    "nom de l entreprise|hiring organization|raison sociale",
    "city": "city|ville|municipalite",
    "region": "region|province|state|province territoire|province ou territoire",
    "country": "country|pays",
    "location": "location|lieu|lieu de travail|primary location|job location|localisation|"
    "emplacement|lieu d emploi",
    "employment_type": "employment type|type d emploi|type de contrat|job type|time type|statut|"
    "type|type de poste|worker sub type|worker type|contract type|statut d emploi",
    "remote": "remote|teletravail|workplace|remote work|travail a distance",
    "salary_min": "salary min|salaire min|salaire minimum|minimum salary|pay min",
    "salary_max": "salary max|salaire max|salaire maximum|maximum salary|pay max",
    "salary_unit": "salary unit|salary period|pay period|periode|unite",
    "salary_currency": "salary currency|currency|devise|monnaie",
    "salary_text": "salary|salaire|wage|remuneration|pay|compensation|taux horaire|pay rate|"
    "salaire horaire|hourly wage|hourly rate|wage per hour|salaire annuel|annual salary|"
    "salaire mensuel|monthly salary|salaire par heure|taux de remuneration",
    "valid_through": "valid through|closing date|date limite|expires|expiry date|expiration date|"
    "date de fin|job posting end date|end date|date de cloture|deadline|application deadline|"
    "date limite pour postuler|fin de l affichage",
    "date_posted": "date posted|posting date|date de publication|published|publication date|"
    "date d affichage|posted",
    "apply_url": "apply url|url|lien|lien pour postuler|external url|link|application url|"
    "job url|lien de l offre|adresse web",
    "apply_email": "apply email|email|courriel|e mail|adresse courriel",
    "identifier": "identifier|job id|id|reference|numero|job requisition id|requisition id|"
    "numero d offre|no d offre|reference de l offre",
}
COLUMNS = {header: key for key, headers in HEADERS.items() for header in headers.split("|")}
DOCUMENTED = (
    "title_fr", "title_en", "description_fr", "description_en", "employer", "city", "region",
    "employment_type", "remote", "salary_min", "salary_max", "salary_unit", "valid_through",
    "apply_url", "apply_email", "identifier",
)  # fmt: skip


TITLES = {"title", "title_fr", "title_en"}
# A job needs a description or a link (items.finish); one of these columns gives it.
DESCRIPTIONS = {"description", "description_fr", "description_en", "apply_url"}
SAMPLE_ROWS = 3


def header_key(header: str) -> str:
    """How a header is remembered and recognised: folded (case, accents, punctuation)."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(header)).split())[:100]


def _column(header: str, chosen: dict[str, str]) -> str:
    key = header_key(header)
    if key in chosen:  # the admin's choice for this source, "" to ignore it
        return str(chosen[key]) if chosen[key] in HEADERS else ""
    return COLUMNS.get(key, "")


@dataclass
class Header:
    """A CSV file's columns (as written), the field each is read as, and its first rows."""

    names: list[str]
    columns: list[str]
    rows: list[list[str]]

    @property
    def complete(self) -> bool:
        """A title column, and a description or a link column, are recognised."""
        found = set(self.columns)
        return bool(TITLES & found) and bool(DESCRIPTIONS & found)


def _reader(content: bytes) -> Any:
    text = decode(content)
    if "\x00" in text[:8192]:  # a workbook, a picture, UTF-16: not text saved as CSV
        raise ParseError("bad_csv", line=1)
    first_line = text[:8192].split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def header_of(content: bytes, chosen: dict[str, str] | None = None) -> Header:
    """The columns of `content` as `parse_csv` reads them, with its first rows (for the
    page where the admin chooses the columns). ParseError when there is no header."""
    reader = _reader(content)
    try:
        names = next(reader)
        rows = []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append([cell.strip()[:80] for cell in row])
            if len(rows) >= SAMPLE_ROWS:
                break
    except (StopIteration, csv.Error):
        raise ParseError("empty") from None
    names = [name.strip()[:100] for name in names]
    return Header(names, [_column(name, chosen or {}) for name in names], rows)


def parse_csv(
    content: bytes, *, address: str = "", columns_chosen: dict[str, str] | None = None
) -> Parsed:
    """The items of a CSV file; `columns_chosen` is the source's memory of the admin's
    choices (header key -> field, "" for a column to ignore), which wins over guessing."""
    reader = _reader(content)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ParseError("empty") from None
    chosen = columns_chosen or {}
    columns = [_column(h, chosen) for h in header]
    if not (TITLES & set(columns)):
        raise ParseError("bad_header", columns=", ".join(DOCUMENTED))
    parsed = _warn_unknown(Parsed(items=[]), header, columns, chosen)
    # The documented format's amounts are Canadian dollars unless a column says otherwise.
    currency = "CAD" if "salary_min" in columns and "salary_currency" not in columns else ""
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:
        raise ParseError("bad_csv", line=reader.line_num) from None
    for position, row in enumerate(rows[:MAX_ITEMS], start=1):
        if len(row) != len(columns):
            parsed.items.append(_bad_row(position, len(row), len(columns)))
        else:
            parsed.items.append(
                finish(position, _raw(header, columns, row, currency), address=address)
            )
    return parsed


def _warn_unknown(
    parsed: Parsed, header: list[str], columns: list[str], chosen: dict[str, str]
) -> Parsed:
    """Columns neither recognised nor set aside by the admin are named in a warning."""
    unknown = [
        h.strip()
        for h, c in zip(header, columns, strict=True)
        if not c and h.strip() and header_key(h) not in chosen
    ]
    if unknown:
        parsed.warning_code = "ignored_columns"
        parsed.warning_params = {"columns": ", ".join(u[:40] for u in unknown[:10])}
    return parsed


def _bad_row(position: int, cells: int, columns: int) -> Item:
    return Item(
        position=position,
        error_code=ItemErrorCode.BAD_ROW,
        error_params={"cells": cells, "columns": columns},
    )


def _raw(header: list[str], columns: list[str], row: list[str], currency: str) -> dict[str, Any]:
    raw: dict[str, Any] = {"employment_type": [], "salary_currency": currency}
    for name, key, cell in zip(header, columns, (c.strip() for c in row), strict=True):
        if not key or not cell:
            continue
        if key == "employment_type":
            raw["employment_type"].append(cell)
        elif key == "salary_currency":
            raw[key] = cell
        elif key == "salary_text":
            raw.setdefault(key, cell)
            raw.setdefault("salary_label", name)  # "Salaire horaire": the period
        else:
            raw.setdefault(key, cell)
    raw["link"] = raw.get("apply_url", "")
    return raw
