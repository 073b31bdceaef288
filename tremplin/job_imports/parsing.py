"""Turning a feed, a page or a CSV file into items for `jobs.imported.import_upsert`.

Three readers share one finishing step (`items.finish`):
- RSS/Atom with feedparser (given the bytes in a stream: feedparser given a string or
  bytes would try it as a URL or a file name). Broken XML ("bozo") keeps what parsed and
  says so in `Parsed.warning`.
- schema.org JobPosting JSON-LD from an HTML page or a JSON file: every
  `<script type="application/ld+json">` block, objects with `@graph`, lists, and
  postings nested in an ItemList are found (standard library only: html.parser + json).
- CSV with the documented header (`CSV_COLUMNS`), UTF-8 with or without a BOM (or
  Windows-1252 as Excel saves it), separated by commas, semicolons or tabs.

Each reader maps its document's fields to one raw item (`_feed_raw`, `_jsonld_raw`, a
CSV row) and names them in errors as the source does (`*_LABELS`); `items.finish` reads
the values (`values.py`, `text.py`). Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext as _

from tremplin.job_imports.items import Item, finish
from tremplin.job_imports.models import ItemErrorCode
from tremplin.job_imports.text import fold, language_of_tag
from tremplin.job_imports.values import SALARY_UNIT_WORDS, region_code, split_location

MAX_ITEMS = 5000  # a source with more items is read up to this many
MAX_JSON_NODES = 50_000

CSV_COLUMNS = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "employer",
    "city",
    "region",
    "employment_type",
    "remote",
    "salary_min",
    "salary_max",
    "salary_unit",
    "valid_through",
    "apply_url",
    "apply_email",
    "identifier",
)


class ParseError(Exception):
    """The whole document cannot be read (not one item). `code` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Parsed:
    items: list[Item]
    warning: str = ""
    # False when the document was broken: a missing item may only be unreadable, so
    # nothing is withdrawn on this run.
    complete: bool = True


# What a bad value is called in an item's error detail ("validThrough: a day"): the name
# the source gave the field, which the person reading the run can find in their file.
# A reader's raw keys not listed are named as they are (a CSV's are its columns).
JSONLD_LABELS = {
    "link": "url",
    "date_posted": "datePosted",
    "valid_through": "validThrough",
    "salary_min": "baseSalary",
    "salary_max": "baseSalary",
}
FEED_LABELS = {
    "date_posted": "published",
    "valid_through": "expires",
    "salary_min": "salary",
    "salary_max": "salary",
}
CSV_LABELS = {"link": "apply_url"}


# ---------------------------------------------------------------------------- RSS / Atom

COMPANY_KEYS = ("company", "job_company", "hiringorganization", "employer", "job_employer")
LOCATION_KEYS = ("location", "job_location", "formattedlocation", "joblocation", "city")
REGION_KEYS = ("state", "region", "province", "job_state", "job_region")
SALARY_KEYS = ("salary", "job_salary", "formattedsalary")
TYPE_KEYS = ("jobtype", "job_type", "employmenttype", "job_employmenttype", "job_jobtype")
EXPIRES_KEYS = ("expires", "validthrough", "job_expires", "expirationdate", "job_expirationdate")


def _first(entry: Any, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _salary_range(text: str) -> tuple[str, str, str]:
    """("20", "25", "HOUR") from "$20 - $25 an hour" / "45 000 $ par année"."""
    numbers = re.findall(r"\d[\d\u00a0 ,.]*", text)
    amounts = [n.strip().replace("\u00a0", "").replace(" ", "") for n in numbers][:2]
    unit = ""
    folded = fold(text)
    for candidate, words in SALARY_UNIT_WORDS.items():
        if any(re.search(rf"\b{w}\b", folded) for w in words if len(w) > 1):
            unit = candidate
            break
    low = amounts[0] if amounts else ""
    high = amounts[1] if len(amounts) > 1 else ""
    return low, high, unit


def parse_feed(content: bytes, *, employer: str) -> Parsed:
    import feedparser

    # A stream, never bytes or a string: feedparser would try those as a file name or URL.
    result = feedparser.parse(io.BytesIO(content), sanitize_html=True, resolve_relative_uris=True)
    entries = list(result.get("entries") or [])
    warning = ""
    complete = True
    if result.get("bozo"):
        complete = False
        if not entries:
            raise ParseError(
                "not_a_feed", _("This is not an RSS or Atom feed, or it is too broken to read.")
            )
        warning = _(
            "The feed is not well-formed: the jobs that could be read were imported, and "
            "no job was closed because of this read."
        )
    if not entries and not result.get("version"):
        raise ParseError("not_a_feed", _("This is not an RSS or Atom feed."))
    feed_title = str((result.get("feed") or {}).get("title") or "")
    language = language_of_tag((result.get("feed") or {}).get("language"))
    items = []
    for position, entry in enumerate(entries[:MAX_ITEMS], start=1):
        items.append(
            finish(
                position,
                _feed_raw(entry, language),
                employer=employer or feed_title,
                labels=FEED_LABELS,
            )
        )
    return Parsed(items=items, warning=warning, complete=complete)


def _feed_raw(entry: Any, language: str) -> dict[str, Any]:
    # dict.get: FeedParserDict maps missing "updated*" keys to "published*" with a warning.
    published = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published_text = dict.get(entry, "published") or dict.get(entry, "updated")
    salary_low, salary_high, unit = _salary_range(_first(entry, SALARY_KEYS))
    return {
        "title": entry.get("title"),
        "description": _feed_description(entry),
        "link": _feed_link(entry),
        "identifier": entry.get("id") or entry.get("guid") or "",
        "employer": _feed_company(entry),
        "location": _feed_location(entry),
        "employment_type": _first(entry, TYPE_KEYS),
        "salary_min": salary_low,
        "salary_max": salary_high,
        "salary_unit": unit,
        # feedparser parsed the date (UTC); a date it could not parse is a wrong date.
        "date_posted": published if published else (published_text or None),
        "valid_through": _first(entry, EXPIRES_KEYS),
        "language": "",
        "default_language": language,
    }


def _feed_description(entry: Any) -> str:
    """The longest of the entry's contents and its summary."""
    description = ""
    for content in entry.get("content") or []:
        value = str(content.get("value") or "")
        if len(value) > len(description):
            description = value
    summary = str(entry.get("summary") or "")
    return summary if len(summary) > len(description) else description


def _feed_company(entry: Any) -> str:
    """The employer: a job feed's own field, else the entry's source, else its author
    (not an email address)."""
    company = _first(entry, COMPANY_KEYS)
    source = entry.get("source") or {}
    if not company and isinstance(source, dict):
        company = str(source.get("title") or "")
    if not company:
        author = str(entry.get("author") or "")
        if author and "@" not in author:
            company = author
    return company


def _feed_location(entry: Any) -> str:
    location = _first(entry, LOCATION_KEYS)
    region = _first(entry, REGION_KEYS)
    if location and region and not region_code(location):
        location = f"{location}, {region}"
    return location or region


def _feed_link(entry: Any) -> str:
    link = str(entry.get("link") or "")
    if entry.get("guidislink") and not link.lower().startswith(("http://", "https://")):
        return ""  # feedparser copies a non-URL guid into `link`
    return link


# ---------------------------------------------------------------------------- JSON-LD


class _LDScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
            if kind == "application/ld+json":
                self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.blocks.append("".join(self._current))
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


def _is_job_posting(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(str(k).split("/")[-1].split(":")[-1] == "JobPosting" for k in kinds)


def _walk(node: Any, budget: list[int], depth: int = 0) -> Iterator[dict[str, Any]]:
    budget[0] -= 1
    if budget[0] < 0 or depth > 12:
        return
    if isinstance(node, list):
        for child in node:
            yield from _walk(child, budget, depth + 1)
    elif isinstance(node, dict):
        if _is_job_posting(node):
            yield node
            return
        for value in node.values():
            if isinstance(value, (dict, list)):
                yield from _walk(value, budget, depth + 1)


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def parse_jsonld(content: bytes, *, employer: str) -> Parsed:
    text = decode(content)
    stripped = text.lstrip()
    blocks: list[str]
    if stripped.startswith(("{", "[")):
        blocks = [stripped]
    else:
        scripts = _LDScripts()
        try:
            scripts.feed(text)
            scripts.close()
        except AssertionError:
            pass
        blocks = scripts.blocks
    postings: list[dict[str, Any]] = []
    broken = 0
    budget = [MAX_JSON_NODES]
    for block in blocks:
        try:
            data = json.loads(block.strip().removeprefix("<!--").removesuffix("-->"))
        except (ValueError, RecursionError):
            broken += 1
            continue
        postings.extend(_walk(data, budget))
    if not postings:
        if broken:
            raise ParseError("bad_json", _("The schema.org data on this page could not be read."))
        raise ParseError("no_postings", _("No schema.org JobPosting was found."))
    warning = ""
    if broken:
        warning = _(
            "Some schema.org blocks could not be read: the jobs that could be read were "
            "imported, and no job was closed because of this read."
        )
    items = [
        finish(position, _jsonld_raw(node), employer=employer, labels=JSONLD_LABELS)
        for position, node in enumerate(postings[:MAX_ITEMS], start=1)
    ]
    return Parsed(items=items, warning=warning, complete=not broken)


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("value") or value.get("name") or "")
    if isinstance(value, list):
        return _text(value[0]) if value else ""
    if value is None or isinstance(value, bool):
        return ""
    return str(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _jsonld_raw(node: dict[str, Any]) -> dict[str, Any]:
    organisation = node.get("hiringOrganization")
    company_url = ""
    if isinstance(organisation, dict):
        company_url = _text(organisation.get("sameAs") or organisation.get("url"))
    city, region = _jsonld_place(node)
    remote = ""
    if any(_text(t).upper() == "TELECOMMUTE" for t in _as_list(node.get("jobLocationType"))):
        remote = "remote" if not city else "hybrid"
    applicant = ", ".join(_text(a) for a in _as_list(node.get("applicantLocationRequirements")))
    salary_min, salary_max, unit, currency = _jsonld_salary(node.get("baseSalary"))
    contact = node.get("applicationContact")
    return {
        "title": _text(node.get("title") or node.get("name")),
        "description": _text(node.get("description")),
        "link": _text(node.get("url")),
        "identifier": _text(node.get("identifier")),
        "employer": _text(organisation),
        "employer_url": company_url,
        "city": city,
        "region": region,
        "remote": remote,
        "applicant_location": applicant,
        "employment_type": [_text(t) for t in _as_list(node.get("employmentType"))],
        "salary_min": salary_min,
        "salary_max": salary_max,
        "salary_unit": unit,
        "salary_currency": currency,
        "date_posted": _text(node.get("datePosted")) or None,
        "valid_through": _text(node.get("validThrough")) or None,
        "apply_email": _text(contact.get("email")) if isinstance(contact, dict) else "",
        "language": language_of_tag(_text(node.get("inLanguage"))),
    }


def _jsonld_place(node: dict[str, Any]) -> tuple[str, str]:
    """(city, region) of the first jobLocation with an address."""
    for place in _as_list(node.get("jobLocation")):
        address = place.get("address") if isinstance(place, dict) else None
        if isinstance(address, dict):
            return _text(address.get("addressLocality")), _text(address.get("addressRegion"))
        if isinstance(address, str):
            return split_location(address)
    return "", ""


def _jsonld_salary(salary: Any) -> tuple[str, str, str, str]:
    """(minimum, maximum, unit, currency) of a baseSalary: a MonetaryAmount whose value
    is a QuantitativeValue or a number, or a bare number."""
    if isinstance(salary, dict):
        currency = _text(salary.get("currency"))
        value = salary.get("value")
        if isinstance(value, dict):
            low = _text(value.get("minValue") or value.get("value"))
            return low, _text(value.get("maxValue")), _text(value.get("unitText")), currency
        return _text(value), "", "", currency
    if salary not in (None, ""):
        return _text(salary), "", "", ""
    return "", "", "", ""


# ---------------------------------------------------------------------------- CSV


def parse_csv(content: bytes, *, employer: str) -> Parsed:
    text = decode(content)
    sample = text[:8192]
    first_line = sample.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise ParseError("empty", _("The file is empty.")) from None
    columns = [fold(h).replace(" ", "_") for h in header]
    if not ({"title_fr", "title_en"} & set(columns)):
        raise ParseError(
            "bad_header",
            _("The first line must name the columns: %(columns)s.")
            % {"columns": ", ".join(CSV_COLUMNS)},
        )
    unknown = [h for h, c in zip(header, columns, strict=True) if c not in CSV_COLUMNS]
    warning = ""
    if unknown:
        warning = _("These columns were ignored: %(columns)s.") % {
            "columns": ", ".join(u[:40] for u in unknown[:10])
        }
    items: list[Item] = []
    position = 0
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            position += 1
            if position > MAX_ITEMS:
                break
            if len(row) != len(columns):
                items.append(
                    Item(
                        position=position,
                        error_code=ItemErrorCode.BAD_ROW,
                        error_detail=f"{len(row)} / {len(columns)}",
                    )
                )
                continue
            values = dict(zip(columns, (cell.strip() for cell in row), strict=True))
            raw = {
                **{k: v for k, v in values.items() if k in CSV_COLUMNS},
                "link": values.get("apply_url", ""),
            }
            items.append(finish(position, raw, employer=employer, labels=CSV_LABELS))
    except csv.Error as error:
        raise ParseError(
            "bad_csv",
            _("The file could not be read as CSV (line %(line)s).") % {"line": reader.line_num},
        ) from error
    return Parsed(items=items, warning=warning)


READERS = {
    "rss_atom": parse_feed,
    "jsonld_page": parse_jsonld,
    "csv": parse_csv,
}


def parse(kind: str, content: bytes, *, employer: str) -> Parsed:
    return READERS[kind](content, employer=employer)
