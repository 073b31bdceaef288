"""One imported item, finished: `finish` reads a reader's raw item into the data dict for
`jobs.imported.import_upsert` (title, description by language, employer, place, work
arrangement, employment type, salary, dates, links), or the error code and parameters
that skip it. Nothing here touches the database.

Never invent a value: a field the item does not give stays empty. No default province,
country, employer (never the source's name), employment type, salary period or currency,
or closing date. What the item gives is read in this order: its structured fields, then
the labelled lines of its description ("Employeur :", "Lieu :", "Salary:"), then its
words (a closing date after "Date limite :", "temps partiel", "fully remote"), then its
title ("cook - Rideau Bistro - Ottawa (ON)").
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone

from tremplin.job_imports import clues, language, salary
from tremplin.job_imports.models import IDENTIFIER_MAX_LENGTH, ItemErrorCode
from tremplin.job_imports.places import Place, country, parse_place, province
from tremplin.job_imports.text import fold, html_to_markdown, plain
from tremplin.job_imports.values import (
    LOCAL_TZ,
    URL_MAX,
    BadValue,
    email_address,
    http_url,
    parse_date,
    parse_money,
    salary_unit,
    workplace,
)
from tremplin.jobs.models import Posting, Workplace

TITLE_MAX = Posting._meta.get_field("title_fr").max_length or 200
DESCRIPTION_MAX = 20000
EMPLOYER_MAX = Posting._meta.get_field("hiring_organization_name").max_length or 150
# "Urgent: cook" names no employer.
NOT_AN_EMPLOYER = frozenset(
    {
        "urgent", "hiring", "job", "jobs", "poste", "emploi", "offre", "new", "nouveau",
        "remote", "wanted", "recherche", "we're hiring", "now hiring", "on recrute",
        "temps plein", "full time", "part time",
    }
)  # fmt: skip


@dataclass
class Item:
    position: int
    identifier: str = ""
    url: str = ""
    title: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""
    error_code: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error_code


def finish(position: int, raw: dict[str, Any], *, address: str = "") -> Item:
    """Read one raw item (see the module's docstring). `address` is the feed's or page's
    own address: relative links are resolved against it."""
    item = Item(position=position)
    # NUL never belongs in text (JSON may encode it as \u0000) and PostgreSQL refuses it.
    raw = {key: _without_nul(value) for key, value in raw.items()}
    try:
        _fill(item, raw, address)
    except BadValue as error:
        item.error_code = str(error.code)
        item.error_params = error.params
    return item


def _without_nul(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


def _markdown(value: Any) -> str:
    text = str(value or "")
    if "<" not in text and "&lt;" in text:
        text = html.unescape(text)  # HTML escaped once more than it should (Greenhouse)
    return html_to_markdown(text)[:DESCRIPTION_MAX]


def _link(value: Any, address: str) -> str:
    text = str(value or "").strip()
    if text and address and not re.match(r"[a-z][a-z0-9+.-]*:", text, re.IGNORECASE):
        text = urljoin(address, text)
    return http_url(text)


def _fill(item: Item, raw: dict[str, Any], address: str) -> None:
    item.identifier = _identifier(raw)
    item.title = plain(raw.get("title") or raw.get("title_fr") or raw.get("title_en"), 200)
    item.url = str(raw.get("link") or "").strip()[:URL_MAX]
    link = _link(raw.get("link"), address) or _link(raw.get("page_address"), address)
    item.url = link
    description = _markdown(raw.get("description"))
    every_text = "\n".join(
        [description, _markdown(raw.get("description_fr")), _markdown(raw.get("description_en"))]
    )
    found = clues.labelled(every_text)
    employer = _employer(raw, found)
    place = _place(raw, found)
    title, employer, place = _title(item.title, employer, place, raw)
    titles, descriptions = _versions(raw, title, description, link)
    date_posted, valid_through = _dates(raw, every_text)
    pay = _salary(raw, found, every_text, place)
    item.data = {
        "title_fr": titles["fr"],
        "title_en": titles["en"],
        "description_fr": descriptions["fr"],
        "description_en": descriptions["en"],
        "hiring_organization_name": employer[:EMPLOYER_MAX],
        "hiring_organization_url": _optional_url(raw.get("employer_url")),
        "employment_type": _employment_type(raw, found, title, every_text),
        "workplace": _workplace(raw, place, title, every_text),
        "city": place.city,
        "region": place.region,
        "country": place.country,
        "applicant_location": plain(raw.get("applicant_location"), 120),
        "salary_min": pay.low,
        "salary_max": pay.high,
        "salary_unit": pay.period,
        "salary_currency": pay.currency,
        **_how_to_apply(raw, link, address),
        "identifier": item.identifier[:120],
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


def _employer(raw: dict[str, Any], found: dict[str, str]) -> str:
    """The hiring organisation as the item names it: its own field, a labelled line of
    its description, else the reader's weaker hint (an entry's author). Never the
    source's name."""
    for value in (raw.get("employer"), found.get("employer"), raw.get("employer_hint")):
        name = plain(value, EMPLOYER_MAX)
        if name:
            return name
    return ""


def _place(raw: dict[str, Any], found: dict[str, str]) -> Place:
    """City, province and country from the structured parts (a locality, a region, a
    country), else from a written location, else from a labelled "Lieu :" line."""
    place = _structured_place(raw)
    if place:
        return place
    for text in (raw.get("location"), found.get("location")):
        written = parse_place(text)
        if written or written.remote:
            return written
    return place


def _structured_place(raw: dict[str, Any]) -> Place:
    """schema.org's addressLocality ("Mississauga, ON" too), addressRegion (a province,
    a US state, another region dropped) and addressCountry (a code or a name)."""
    locality, region_text, country_text = (raw.get(k) or "" for k in ("city", "region", "country"))
    place = parse_place(locality, city_first=True) if locality else Place()
    region = province(region_text)
    where = country(country_text)
    if not where and region_text and not region:
        where = parse_place(f"x, {region_text}").country  # "WA": the United States
    place.region = region or place.region
    place.country = where or place.country or ("CA" if place.region else "")
    if place.country != "CA":
        place.region = ""
    return place


def _title(title: str, employer: str, place: Place, raw: dict[str, Any]) -> tuple[str, str, Place]:
    """The title without the employer and the place aggregators append ("cook - Rideau
    Bistro - Ottawa (ON)"); a feed's "Company: Title" names the employer when nothing
    else did."""
    parts, employer, place = _trailing_place(title.split(" - "), employer, place, raw)
    title = " - ".join(parts).strip()
    named = re.fullmatch(r"([^:]{2,60}):\s+(.{3,})", title)
    if (
        not employer
        and raw.get("title_may_name_employer")
        and named
        and named.group(1)[:1].isupper()
        and len(named.group(1).split()) <= 5
        and fold(named.group(1)) not in NOT_AN_EMPLOYER
    ):
        employer, title = named.group(1).strip(), named.group(2).strip()
    return title[:TITLE_MAX], employer, place


def _trailing_place(
    parts: list[str], employer: str, place: Place, raw: dict[str, Any]
) -> tuple[list[str], str, Place]:
    """ "title - employer - place": the place is the last part when it names a province
    or a country (or, in a feed whose other titles end so, a city); the part before it is
    the employer when the item names none."""
    found_place = False
    while len(parts) > 1:
        last = parts[-1].strip()
        where = parse_place(last)
        if where.region or where.country:
            found_place = True
        elif raw.get("title_ends_with_place") and len(parts) > 2 and not found_place:
            where = parse_place(last, city_first=True)
            found_place = True
        elif employer and fold(last) == fold(employer):
            parts.pop()
            continue
        elif found_place and not employer:
            employer = last
            parts.pop()
            break
        else:
            break
        place = place if place else where
        parts.pop()
    return parts, employer, place


def _versions(
    raw: dict[str, Any], title: str, description: str, link: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(titles, descriptions) by language. A title and a description without their
    language go where their language says; an item with no description links to its
    page. Raises BadValue without a title, or without a description and a link, or for
    a text in neither French nor English."""
    titles, descriptions = _by_language(raw, title, description)
    if not titles["fr"] and not titles["en"]:
        raise BadValue(ItemErrorCode.MISSING_TITLE)
    for lang, other in (("fr", "en"), ("en", "fr")):
        if titles[lang] and not descriptions[lang] and descriptions[other] and not titles[other]:
            descriptions[lang], descriptions[other] = descriptions[other], ""
    if not any(descriptions.values()):
        if not link:
            raise BadValue(ItemErrorCode.MISSING_DESCRIPTION)
        for lang in ("fr", "en"):
            if titles[lang]:
                descriptions[lang] = f"<{link}>"
    return titles, descriptions


def _by_language(
    raw: dict[str, Any], title: str, description: str
) -> tuple[dict[str, str], dict[str, str]]:
    titles = {lang: plain(raw.get(f"title_{lang}"), TITLE_MAX) for lang in ("fr", "en")}
    descriptions = {lang: _markdown(raw.get(f"description_{lang}")) for lang in ("fr", "en")}
    if title or description:
        # An item's own language tag is trusted; a feed's is only the default for a text
        # too short to tell, since aggregators tag a whole feed with one language.
        lang = language.from_tag(raw.get("language")) or language.detect(
            f"{title}\n{description}", language.from_tag(raw.get("default_language")) or "fr"
        )
        if not lang:
            raise BadValue(ItemErrorCode.LANGUAGE)
        titles[lang] = titles[lang] or title
        descriptions[lang] = descriptions[lang] or description
    return titles, descriptions


def _dates(raw: dict[str, Any], text: str) -> tuple[datetime | None, datetime | None]:
    """(date_posted, valid_through). The closing date is the item's, else the one its
    text gives ("Date limite : 15 janvier 2027"). Raises BadValue for an unreadable date,
    a closing date that has passed, or a job posted longer ago than
    JOB_IMPORTS_STALE_DAYS that gives no closing date (it would be published as open
    for a job that has long been filled)."""
    now = timezone.now()
    date_posted = parse_date(raw.get("date_posted"), "posted")
    valid_through = parse_date(raw.get("valid_through"), "closing", end_of_day=True)
    if valid_through is None:
        written = clues.closing_date(text)
        if written is not None:
            valid_through = datetime.combine(written, datetime.max.time(), tzinfo=LOCAL_TZ)
            valid_through = valid_through.replace(microsecond=0)
    if valid_through is not None and valid_through <= now:
        raise BadValue(ItemErrorCode.EXPIRED, date=f"{valid_through:%Y-%m-%d}")
    if date_posted is not None and date_posted > now + timedelta(days=1):
        date_posted = None  # the source's clock
    stale_days = settings.JOB_IMPORTS_STALE_DAYS
    if valid_through is None and date_posted and date_posted < now - timedelta(days=stale_days):
        raise BadValue(ItemErrorCode.STALE, date=f"{date_posted:%Y-%m-%d}", days=stale_days)
    return date_posted, valid_through


def _salary(raw: dict[str, Any], found: dict[str, str], text: str, place: Place) -> salary.Salary:
    """Amounts, period and currency from the item's salary fields, else its salary text,
    else its description. "$" is the dollar of the job's country, if known."""
    low, high = parse_money(raw.get("salary_min")), parse_money(raw.get("salary_max"))
    if low is not None or high is not None:
        pay = salary.Salary(
            low=low if low is not None else high,
            high=high if low is not None else None,
            currency=str(raw.get("salary_currency") or "").strip().upper()[:3],
            period=salary_unit(raw.get("salary_unit")),
        )
    elif raw.get("salary_text"):
        pay = salary.read(str(raw["salary_text"]), labelled=True)
        pay.period = pay.period or salary.period_of_label(str(raw.get("salary_label") or ""))
    else:
        pay = salary.in_description(text)
    if pay.low is None:
        return salary.Salary()
    if pay.high is not None and pay.high < pay.low:
        pay.low, pay.high = pay.high, pay.low
    if pay.high == pay.low:
        pay.high = None
    pay.low = _amount(pay.low)
    pay.high = _amount(pay.high) if pay.high is not None else None
    pay.currency = salary.currency_for(pay.currency, place.country)
    return pay


def _amount(value: Decimal) -> Decimal:
    return parse_money(str(value)) or Decimal("0")


def _employment_type(raw: dict[str, Any], found: dict[str, str], title: str, text: str) -> str:
    values = raw.get("employment_type")
    listed = values if isinstance(values, list) else [values]
    return (
        clues.employment_type(*listed)
        or clues.employment_type(found.get("employment_type"))
        or clues.employment_type_in_text(f"{title}\n{text}")
    )


def _workplace(raw: dict[str, Any], place: Place, title: str, text: str) -> str:
    if raw.get("remote") == "telecommute" or place.remote:
        return str(Workplace.HYBRID if place.city else Workplace.REMOTE)
    given = workplace(raw.get("remote"))
    if given:
        return given
    from_text = clues.workplace_in_text(f"{title}\n{text}")
    if from_text:
        return from_text
    if re.search(r"\b(remote|teletravail)\b", fold(title)):
        return str(Workplace.REMOTE)
    return str(Workplace.ON_SITE)


def _how_to_apply(raw: dict[str, Any], link: str, address: str) -> dict[str, str]:
    apply_url = _link(raw.get("apply_url"), address) or link
    apply_email = email_address(raw.get("apply_email"))
    return {
        "apply_method": "url" if apply_url or not apply_email else "email",
        "apply_url": apply_url,
        "apply_email": apply_email,
    }


def _optional_url(value: Any) -> str:
    try:
        url = http_url(value)
    except BadValue:
        return ""
    return url if len(url) <= 200 else ""


def content_hash(data: dict[str, Any]) -> str:
    """The hash that says whether an item changed. `date_posted` is left out: some feeds
    stamp every item with the time the feed was generated."""
    stable = {k: v for k, v in data.items() if k != "date_posted"}
    encoded = json.dumps(stable, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()
