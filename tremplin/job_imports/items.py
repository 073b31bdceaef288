"""One imported item, finished: `finish` validates a reader's raw item (a title; a
description or a link; dates; salary; addresses), turns HTML descriptions into Markdown
text, puts text in the French or English fields by its language, and returns an `Item`
with the data dict for `jobs.imported.import_upsert`, or the error code that skips it.
Nothing here touches the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tremplin.job_imports.models import IDENTIFIER_MAX_LENGTH, ItemErrorCode
from tremplin.job_imports.text import detect_language, html_to_markdown, language_of_tag, plain
from tremplin.job_imports.values import (
    CITY_MAX,
    URL_MAX,
    BadValue,
    email_address,
    employment_type,
    http_url,
    parse_date,
    parse_money,
    region_code,
    salary_unit,
    split_location,
    workplace,
)
from tremplin.jobs.models import Posting, SalaryUnit

TITLE_MAX = Posting._meta.get_field("title_fr").max_length or 200
DESCRIPTION_MAX = 20000
EMPLOYER_MAX = Posting._meta.get_field("hiring_organization_name").max_length or 150


@dataclass
class Item:
    position: int
    identifier: str = ""
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    error_code: str = ""
    error_detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.error_code


def finish(
    position: int,
    raw: dict[str, Any],
    *,
    employer: str,
    labels: dict[str, str] | None = None,
) -> Item:
    """Validate and map one raw item (see the module's docstring). `employer` names the
    hiring organisation when the item does not; `labels` name the raw keys in errors."""
    item = Item(position=position)
    # NUL never belongs in text (JSON may encode it as \u0000) and PostgreSQL refuses it.
    raw = {key: _without_nul(value) for key, value in raw.items()}
    try:
        _fill(item, raw, employer, labels or {})
    except BadValue as error:
        item.error_code = str(error.code)
        item.error_detail = error.detail[:500]
    return item


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


Label = Callable[[str], str]


def _fill(item: Item, raw: dict[str, Any], employer: str, labels: dict[str, str]) -> None:
    def label(key: str) -> str:
        return labels.get(key, key)

    identifier = _identifier(raw)
    item.identifier = identifier
    link_text = str(raw.get("link") or "").strip()
    item.url = link_text[:URL_MAX]
    link = http_url(link_text, label("link"))
    item.url = link
    title = plain(raw.get("title"), TITLE_MAX)
    titles, descriptions = _versions(raw, title, link)
    apply_url = http_url(raw.get("apply_url"), label("apply_url")) or link
    apply_email = email_address(raw.get("apply_email"))
    date_posted, valid_through = _dates(raw, label)
    salary_min, salary_max, unit = _salary(raw, label)
    city, region = _place(raw, title)
    company = plain(raw.get("employer"), EMPLOYER_MAX) or employer[:EMPLOYER_MAX]

    item.data = {
        "title_fr": titles["fr"],
        "title_en": titles["en"],
        "description_fr": descriptions["fr"],
        "description_en": descriptions["en"],
        "hiring_organization_name": company,
        "hiring_organization_url": _optional_url(raw.get("employer_url")),
        "employment_type": employment_type(raw.get("employment_type")),
        "workplace": workplace(
            raw.get("remote"), str(raw.get("location") or ""), titles["fr"], titles["en"]
        ),
        "city": city,
        "region": region,
        "applicant_location": plain(raw.get("applicant_location"), 120),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "salary_unit": unit or SalaryUnit.HOUR,
        "salary_currency": (str(raw.get("salary_currency") or "CAD").strip().upper()[:3]) or "CAD",
        "apply_method": "url" if apply_url else ("email" if apply_email else "url"),
        "apply_url": apply_url,
        "apply_email": apply_email,
        "identifier": identifier[:120],
        "source_url": link,
        "date_posted": date_posted,
        "valid_through": valid_through,
    }
    item.content_hash = content_hash(item.data)


def _identifier(raw: dict[str, Any]) -> str:
    """The item's identifier at its source (a hash of it when it is too long to keep)."""
    identifier = " ".join(str(raw.get("identifier") or "").split())
    if len(identifier) > IDENTIFIER_MAX_LENGTH:
        identifier = "sha1:" + hashlib.sha1(identifier.encode()).hexdigest()  # noqa: S324
    return identifier


def _versions(raw: dict[str, Any], title: str, link: str) -> tuple[dict[str, str], dict[str, str]]:
    """(titles, descriptions) by language. A title and a description without their
    language go where their language says; an item with no description links to its
    page. Raises BadValue without a title, or without a description and a link."""
    titles, descriptions = _by_language(raw, title)
    if not titles["fr"] and not titles["en"]:
        raise BadValue(ItemErrorCode.MISSING_TITLE, "")
    for lang, other in (("fr", "en"), ("en", "fr")):
        if titles[lang] and not descriptions[lang] and descriptions[other] and not titles[other]:
            # A title in one language, the description detected as the other.
            descriptions[lang], descriptions[other] = descriptions[other], ""
    if not any(descriptions.values()):
        if not link:
            raise BadValue(ItemErrorCode.MISSING_DESCRIPTION, "")
        for lang in ("fr", "en"):
            if titles[lang]:
                descriptions[lang] = f"<{link}>"
    return titles, descriptions


def _by_language(raw: dict[str, Any], title: str) -> tuple[dict[str, str], dict[str, str]]:
    """The item's French and English titles and descriptions, the ones without a
    language put in theirs."""
    titles = {
        "fr": plain(raw.get("title_fr"), TITLE_MAX),
        "en": plain(raw.get("title_en"), TITLE_MAX),
    }
    descriptions = {
        "fr": html_to_markdown(str(raw.get("description_fr") or ""))[:DESCRIPTION_MAX],
        "en": html_to_markdown(str(raw.get("description_en") or ""))[:DESCRIPTION_MAX],
    }
    description = html_to_markdown(str(raw.get("description") or ""))[:DESCRIPTION_MAX]
    if title or description:
        # An item's own language tag is trusted; a feed's is only the default, since
        # aggregators tag a whole feed with one language whatever each job is in.
        language = language_of_tag(raw.get("language")) or detect_language(
            f"{title}\n{description}", language_of_tag(raw.get("default_language")) or "fr"
        )
        titles[language] = titles[language] or title
        descriptions[language] = descriptions[language] or description
    return titles, descriptions


def _dates(raw: dict[str, Any], label: Label) -> tuple[datetime | None, datetime | None]:
    """(date_posted, valid_through). Raises BadValue for an unreadable date or a closing
    date that has passed; a posting date in the future is the source's clock: none."""
    date_posted = parse_date(raw.get("date_posted"), label("date_posted"))
    valid_through = parse_date(raw.get("valid_through"), label("valid_through"), end_of_day=True)
    if valid_through is not None and valid_through <= timezone.now():
        raise BadValue(ItemErrorCode.EXPIRED, f"{label('valid_through')}: {valid_through:%Y-%m-%d}")
    if date_posted is not None and date_posted > timezone.now() + timedelta(days=1):
        date_posted = None
    return date_posted, valid_through


def _salary(raw: dict[str, Any], label: Label) -> tuple[Decimal | None, Decimal | None, str]:
    """(minimum, maximum, unit): the two in order, one alone is both ends' minimum, and
    without a unit an amount of 1,000 or more is yearly, less is hourly."""
    salary_min = parse_money(raw.get("salary_min"), label("salary_min"))
    salary_max = parse_money(raw.get("salary_max"), label("salary_max"))
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        salary_min, salary_max = salary_max, salary_min
    if salary_min is None and salary_max is not None:
        salary_min = salary_max
    unit = salary_unit(raw.get("salary_unit"))
    if not unit and salary_min is not None:
        unit = SalaryUnit.YEAR if salary_min >= 1000 else SalaryUnit.HOUR
    return salary_min, salary_max, unit


def _place(raw: dict[str, Any], title: str) -> tuple[str, str]:
    """(city, province code), from their fields, else a location, else the title."""
    city = plain(raw.get("city"), CITY_MAX)
    region = region_code(raw.get("region"))
    if raw.get("location") and not (city or region):
        city, region = split_location(raw.get("location"))
    if not (city or region) and " - " in title:
        # Aggregators write "Title - Employer - City, ON" or "title - employer - City (ON)".
        city, region = split_location(title.rsplit(" - ", 1)[1])
        if not region:
            city = ""
    return city, region


def _optional_url(value: Any) -> str:
    try:
        url = http_url(value, "url")
    except BadValue:
        return ""
    return url if len(url) <= 200 else ""


def content_hash(data: dict[str, Any]) -> str:
    """The hash that says whether an item changed. `date_posted` is left out: some feeds
    stamp every item with the time the feed was generated."""
    stable = {k: v for k, v in data.items() if k != "date_posted"}
    encoded = json.dumps(stable, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()
