"""RSS and Atom feeds (feedparser), with the job extensions real feeds carry: WordPress
Job Manager's `job_listing:` elements (company, location, job_type, salary), Indeed-like
`job:` elements and `<source>`, We Work Remotely's `<region>`, `<type>`, `<expires_at>`,
and authors who are the employer (Job Bank's Atom) — cleaned of markup, and never an
e-mail contact, a site login or the feed's own publisher.

feedparser is given the bytes as a stream (given bytes or a string it would try them as
a file name or a URL).
Broken XML ("bozo") keeps the entries that parsed and says so (`Parsed.warning_code`).
"""

from __future__ import annotations

import io
import re
from typing import Any

from tremplin.job_imports.items import finish
from tremplin.job_imports.language import from_tag
from tremplin.job_imports.parsing import MAX_ITEMS, Parsed, ParseError
from tremplin.job_imports.places import parse_place
from tremplin.job_imports.text import fold, plain

COMPANY_KEYS = (
    "job_listing_company", "company", "job_company", "hiringorganization", "employer",
    "job_employer", "dc_publisher",
)  # fmt: skip
LOCATION_KEYS = (
    "job_listing_location", "location", "job_location", "formattedlocation", "joblocation",
    "city", "job_city",
)  # fmt: skip
REGION_KEYS = ("state", "province", "job_state", "job_region")
COUNTRY_KEYS = ("country", "job_country")
SALARY_KEYS = ("job_listing_salary", "salary", "job_salary", "formattedsalary")
TYPE_KEYS = (
    "job_listing_job_type", "jobtype", "job_type", "type", "employmenttype",
    "job_employmenttype", "job_jobtype", "job_listing_job_category",
)  # fmt: skip
EXPIRES_KEYS = (
    "expires", "expires_at", "validthrough", "job_expires", "expirationdate",
    "job_expirationdate", "job_listing_expires",
)  # fmt: skip
# A remote board's <region>: where applicants may live ("Anywhere in the World",
# "Canada Only"), so the job is remote.
REMOTE_REGION = re.compile(r"anywhere|worldwide|only|remote|seulement|partout")


def _first(entry: Any, keys: tuple[str, ...]) -> str:
    for key in keys:
        value = dict.get(entry, key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def parse_feed(content: bytes, *, address: str = "") -> Parsed:
    import feedparser

    # Relative links are resolved by `items.finish` against the feed's address: given it
    # as a base, feedparser would also rewrite the entries' ids ("P1"), which identify
    # them.
    result = feedparser.parse(io.BytesIO(content), sanitize_html=True, resolve_relative_uris=True)
    entries = list(result.get("entries") or [])
    parsed = Parsed(items=[])
    if result.get("bozo"):
        parsed.complete = False
        if not entries:
            raise ParseError("not_a_feed")
        parsed.warning_code = "broken_feed"
    if not entries and not result.get("version"):
        raise ParseError("not_a_feed")
    feed = result.get("feed") or {}
    publishers = {
        fold(plain(name, 200))
        for name in (
            feed.get("title"),
            feed.get("author"),
            (feed.get("author_detail") or {}).get("name"),
        )
        if name
    }
    is_rss = str(result.get("version") or "").startswith("rss")
    language = from_tag(feed.get("language"))
    ends_with_place = _titles_end_with_places(entries)
    for position, entry in enumerate(entries[:MAX_ITEMS], start=1):
        raw = _raw(entry, language, publishers, is_rss)
        raw["title_ends_with_place"] = ends_with_place
        parsed.items.append(finish(position, raw, address=address))
    return parsed


def _titles_end_with_places(entries: list[Any]) -> bool:
    """An aggregator's feed titles its items "title - employer - place": true when one of
    its three-part titles at least ends with a province or a country (so that the last
    part of the others, "… - Trois-Rivières", is read as their city)."""
    for entry in entries[:200]:
        parts = str(entry.get("title") or "").split(" - ")
        if len(parts) >= 3:
            where = parse_place(parts[-1])
            if where.region or where.country:
                return True
    return False


def _raw(entry: Any, language: str, publishers: set[str], is_rss: bool) -> dict[str, Any]:
    # dict.get: FeedParserDict maps missing "updated*" keys to "published*" with a warning.
    published = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published_text = dict.get(entry, "published") or dict.get(entry, "updated")
    region = _first(entry, ("region",))
    location = _first(entry, LOCATION_KEYS)
    remote = ""
    if region and REMOTE_REGION.search(fold(region)):
        remote = "remote"
        location = location or region
    return {
        "title": entry.get("title"),
        "description": _description(entry),
        "link": _link(entry),
        "identifier": entry.get("id") or entry.get("guid") or "",
        "employer": _company(entry),
        "employer_hint": _author(entry, publishers, is_rss),
        "title_may_name_employer": True,
        "location": location or region,
        "region": _first(entry, REGION_KEYS),
        "country": _first(entry, COUNTRY_KEYS),
        "remote": remote,
        "employment_type": [v for v in (_first(entry, (k,)) for k in TYPE_KEYS) if v],
        "salary_text": _first(entry, SALARY_KEYS),
        # feedparser parsed the date (UTC); a date it could not parse is a wrong date.
        "date_posted": published if published else (published_text or None),
        "valid_through": _first(entry, EXPIRES_KEYS),
        "language": "",
        "default_language": language,
    }


def _description(entry: Any) -> str:
    """The longest of the entry's contents and its summary."""
    description = ""
    for content in entry.get("content") or []:
        value = str(content.get("value") or "")
        if len(value) > len(description):
            description = value
    summary = str(entry.get("summary") or "")
    return summary if len(summary) > len(description) else description


def _company(entry: Any) -> str:
    """The employer a job feed names in its own element, or the entry's <source>."""
    company = _first(entry, COMPANY_KEYS)
    source = entry.get("source") or {}
    if not company and isinstance(source, dict):
        company = str(source.get("title") or "")
    return company


def _author(entry: Any, publishers: set[str], is_rss: bool) -> str:
    """The entry's author as its employer (Job Bank's Atom feeds), cleaned of markup
    ("Acme<br>⊺ Worldwide" is Acme). Not an RSS <author>, which is a contact's e-mail;
    not a site login ("admin_cdc"); not the feed's own publisher."""
    detail = entry.get("author_detail") or {}
    if is_rss and detail.get("email"):
        return ""
    name = str(detail.get("name") or entry.get("author") or "")
    name = re.split(r"<br\s*/?>|\n|\s[|⊺·•]\s?", name, maxsplit=1)[0]
    name = plain(name, 150).strip(" ⊺·•|-")
    if not name or "@" in name or re.fullmatch(r"[a-z0-9_.-]+", name):
        return ""
    if fold(name) in publishers:
        return ""
    return name


def _link(entry: Any) -> str:
    link = str(entry.get("link") or "")
    if entry.get("guidislink") and not link.lower().startswith(("http://", "https://")):
        return ""  # feedparser copies a non-URL guid into `link`
    return link
