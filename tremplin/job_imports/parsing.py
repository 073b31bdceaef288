"""Turning a feed, a page or a CSV file into items for `jobs.services.import_upsert`.

Three readers share one finishing step (`finish`):
- RSS/Atom with feedparser (given the bytes in a stream: feedparser given a string or
  bytes would try it as a URL or a file name). Broken XML ("bozo") keeps what parsed and
  says so in `Parsed.warning`.
- schema.org JobPosting JSON-LD from an HTML page or a JSON file: every
  `<script type="application/ld+json">` block, objects with `@graph`, lists, and
  postings nested in an ItemList are found (standard library only: html.parser + json).
- CSV with the documented header (`CSV_COLUMNS`), UTF-8 with or without a BOM (or
  Windows-1252 as Excel saves it), separated by commas, semicolons or tabs.

`finish` validates one item (title; a description or a link; dates; salary; addresses),
turns HTML descriptions into Markdown text, puts text in French or English fields by its
language, and returns an `Item` with the data dict for `import_upsert` or the error code
that skips it. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC as dt_utc
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.job_imports.models import IDENTIFIER_MAX_LENGTH, ItemErrorCode
from tremplin.jobs.models import EmploymentType, Posting, Region, SalaryUnit, Workplace

LOCAL_TZ = ZoneInfo("America/Toronto")
TITLE_MAX = Posting._meta.get_field("title_fr").max_length or 200
DESCRIPTION_MAX = 20000
EMPLOYER_MAX = Posting._meta.get_field("hiring_organization_name").max_length or 150
CITY_MAX = Posting._meta.get_field("city").max_length or 80
URL_MAX = 500
MAX_ITEMS = 5000  # a source with more items is read up to this many
MAX_JSON_NODES = 50_000
SALARY_MAX = Decimal("99999999")

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

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


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


@dataclass
class Parsed:
    items: list[Item]
    warning: str = ""
    # False when the document was broken: a missing item may only be unreadable, so
    # nothing is withdrawn on this run.
    complete: bool = True


# ---------------------------------------------------------------------------- text


class _HTMLToMarkdown(HTMLParser):
    BLOCKS = {"p", "div", "section", "article", "table", "tr", "ul", "ol", "blockquote"}
    SKIP = {"script", "style", "head", "title", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.href: str | None = None
        self.link_text: list[str] = []

    def _emit(self, text: str) -> None:
        if self.href is not None:
            self.link_text.append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.out.append("\n\n")
        elif tag == "br":
            self._emit("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.out.append("\n\n### ")
        elif tag in {"strong", "b"}:
            self._emit("**")
        elif tag in {"em", "i"}:
            self._emit("*")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith(("http://", "https://", "mailto:")) and self.href is None:
                self.href = href
                self.link_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS or tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.out.append("\n\n")
        elif tag in {"strong", "b"}:
            self._emit("**")
        elif tag in {"em", "i"}:
            self._emit("*")
        elif tag == "a" and self.href is not None:
            text = "".join(self.link_text).strip() or self.href
            self.out.append(f"[{text}]({self.href})" if text != self.href else f"<{self.href}>")
            self.href = None

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._emit(re.sub(r"\s+", " ", data))


def html_to_markdown(value: str) -> str:
    """HTML (or plain text) to Markdown text: paragraphs, lists, bold, links; scripts,
    styles and every other tag dropped. Plain text keeps its line breaks."""
    value = value or ""
    if "<" not in value and "&" not in value:
        return normalise_text(value)
    parser = _HTMLToMarkdown()
    try:
        parser.feed(value)
        parser.close()
    except AssertionError:  # html.parser gives up on some malformed markup
        return normalise_text(re.sub(r"<[^>]*>", " ", value))
    text = "".join(parser.out)
    if parser.href is not None:
        text += "".join(parser.link_text)
    return normalise_text(text)


def normalise_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in value.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"\*\*\s*\*\*", "", text)
    return text.strip()


def plain(value: Any, limit: int) -> str:
    """One line of text: tags dropped, spaces collapsed, cut at `limit`."""
    text = html_to_markdown(str(value or "")) if value else ""
    text = re.sub(r"[*#]+\s?", "", text) if "<" in str(value or "") else text
    return " ".join(text.split())[:limit]


FRENCH_WORDS = frozenset(
    {
        "le", "la", "les", "des", "du", "un", "une", "et", "est", "pour", "avec", "vous", "nous",
        "dans", "sur", "au", "aux", "poste", "emploi", "être", "votre", "notre", "temps", "plein",
        "partiel", "travail", "qui", "que", "ce", "cette", "ses", "son", "sa", "pas", "par", "plus",
        "nos", "vos", "offre", "équipe", "salaire", "heure", "heures", "semaine", "candidat",
        "candidate", "ou", "expérience", "requis", "exigences", "compétences", "entreprise",
    }
)  # fmt: skip
ENGLISH_WORDS = frozenset(
    {
        "the", "and", "of", "to", "in", "for", "with", "is", "you", "we", "our", "your", "at", "be",
        "are", "this", "will", "job", "as", "an", "or", "from", "by", "team", "work", "experience",
        "full", "part", "time", "position", "hour", "hours", "week", "candidate", "required",
        "requirements", "skills", "company", "salary", "apply",
    }
)  # fmt: skip


def detect_language(text: str, default: str = "fr") -> str:
    """ "fr" or "en" by counting common words (accented letters weigh for French);
    `default` when nothing tells (the feed's language, else the site's)."""
    words = re.findall(r"[a-zà-ÿœ']+", text.lower())[:400]
    french = sum(1 for w in words if w in FRENCH_WORDS)
    english = sum(1 for w in words if w in ENGLISH_WORDS)
    french += len(re.findall(r"[éèêàçùûôîœ]", text.lower())) // 3
    if english == french:
        return default if default in ("fr", "en") else "fr"
    return "en" if english > french else "fr"


def language_of_tag(value: Any) -> str:
    """ "fr"/"en" from a language tag such as "fr-CA", else ""."""
    tag = str(value or "").strip().lower()[:2]
    return tag if tag in ("fr", "en") else ""


def fold(value: str) -> str:
    """Lowercase without accents, for matching words."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


# ---------------------------------------------------------------------------- values


class BadValue(ValueError):
    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def parse_date(value: Any, what: str, *, end_of_day: bool = False) -> datetime | None:
    """A datetime (aware) from ISO 8601, RFC 822 or a struct_time; None for no value;
    BadValue for a value that is not a date or is out of any sensible range."""
    if value in (None, ""):
        return None
    result: datetime | None = None
    if isinstance(value, time.struct_time):
        result = datetime(*value[:6], tzinfo=dt_utc)
    elif isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, datetime.min.time())
        if end_of_day:
            result = result.replace(hour=23, minute=59, second=59)
        result = result.replace(tzinfo=LOCAL_TZ)
    else:
        text = str(value).strip()[:60]
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                day = date.fromisoformat(text)
                result = datetime.combine(
                    day,
                    datetime.max.time().replace(microsecond=0)
                    if end_of_day
                    else datetime.min.time(),
                    tzinfo=LOCAL_TZ,
                )
            elif re.match(r"\d{4}-\d{2}-\d{2}[T ]", text):
                result = datetime.fromisoformat(text.replace("Z", "+00:00"))
            else:
                result = parsedate_to_datetime(text)
        except (ValueError, TypeError, IndexError, OverflowError):
            result = None
        if result is None:
            raise BadValue(ItemErrorCode.BAD_DATE, f"{what}: {text}")
    if timezone.is_naive(result):
        result = result.replace(tzinfo=LOCAL_TZ)
    if not (2000 <= result.year <= timezone.now().year + 5):
        raise BadValue(ItemErrorCode.BAD_DATE, f"{what}: {value}"[:200])
    return result


def parse_money(value: Any, what: str) -> Decimal | None:
    if value in (None, ""):
        return None
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("$", "")
    text = text.replace("CAD", "").replace("cad", "")
    if re.fullmatch(r"\d+,\d{1,2}", text):  # 23,50 (a French decimal comma)
        text = text.replace(",", ".")
    text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise BadValue(ItemErrorCode.BAD_SALARY, f"{what}: {value}"[:200]) from None
    if not amount.is_finite() or amount < 0 or amount > SALARY_MAX:
        raise BadValue(ItemErrorCode.BAD_SALARY, f"{what}: {value}"[:200])
    if amount == 0:  # "0" is how some sources say "not given"
        return None
    return amount.quantize(Decimal("0.01"))


def http_url(value: Any, what: str, *, required: bool = False) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    if not re.match(r"https?://[^\s/]+", text, re.IGNORECASE) or len(text) > URL_MAX:
        raise BadValue(ItemErrorCode.BAD_URL, f"{what}: {text[:200]}")
    return text


def email_address(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:].split("?")[0]
    if not text:
        return ""
    try:
        EmailValidator()(text)
    except ValidationError:
        raise BadValue(ItemErrorCode.BAD_EMAIL, text[:200]) from None
    return text[:254]


EMPLOYMENT_WORDS = {
    EmploymentType.FULL_TIME: ("full_time", "full time", "full-time", "fulltime", "temps plein",
                               "plein temps", "temps complet", "permanent"),
    EmploymentType.PART_TIME: ("part_time", "part time", "part-time", "temps partiel"),
    EmploymentType.CONTRACTOR: ("contractor", "contract", "contrat", "contractuel"),
    EmploymentType.TEMPORARY: ("temporary", "temporaire", "seasonal", "saisonnier", "casual",
                               "occasionnel"),
    EmploymentType.INTERN: ("intern", "internship", "stage", "stagiaire", "co-op", "coop"),
    EmploymentType.VOLUNTEER: ("volunteer", "benevole"),
    EmploymentType.PER_DIEM: ("per_diem", "per diem", "a la journee"),
}  # fmt: skip


def employment_type(value: Any) -> str:
    values = value if isinstance(value, list) else [value]
    for one in values:
        text = fold(str(one or "")).replace("-", " ").replace("_", " ")
        if not text:
            continue
        for kind, words in EMPLOYMENT_WORDS.items():
            if any(fold(w).replace("-", " ").replace("_", " ") in text for w in words):
                return kind
        return EmploymentType.OTHER
    return EmploymentType.OTHER  # not given: claim nothing


def workplace(value: Any, *context: str) -> str:
    text = fold(str(value or ""))
    if text in ("yes", "oui", "true", "1", "remote", "teletravail", "telecommute", "y", "o"):
        return Workplace.REMOTE
    if text in ("hybrid", "hybride"):
        return Workplace.HYBRID
    if text in ("no", "non", "false", "0", "on site", "on_site", "sur place", "n", ""):
        joined = fold(" ".join(context))
        if not text:
            if re.search(r"\bhybrid|\bhybride", joined):
                return Workplace.HYBRID
            if re.search(r"\bremote\b|teletravail|work from home", joined):
                return Workplace.REMOTE
        return Workplace.ON_SITE
    return Workplace.ON_SITE


SALARY_UNIT_WORDS = {
    SalaryUnit.HOUR: ("hour", "hourly", "heure", "horaire", "h"),
    SalaryUnit.DAY: ("day", "daily", "jour"),
    SalaryUnit.WEEK: ("week", "weekly", "semaine"),
    SalaryUnit.MONTH: ("month", "monthly", "mois"),
    SalaryUnit.YEAR: ("year", "yearly", "annual", "annum", "an", "annee", "annuel"),
}


def salary_unit(value: Any) -> str:
    text = fold(str(value or "")).strip("/ ")
    for unit, words in SALARY_UNIT_WORDS.items():
        if text in words or text == fold(unit):
            return unit
    return ""


REGION_NAMES = {
    **{fold(code): code for code in Region.values},
    "alberta": "AB",
    "british columbia": "BC",
    "colombie britannique": "BC",
    "manitoba": "MB",
    "new brunswick": "NB",
    "nouveau brunswick": "NB",
    "newfoundland and labrador": "NL",
    "terre neuve et labrador": "NL",
    "nova scotia": "NS",
    "nouvelle ecosse": "NS",
    "northwest territories": "NT",
    "territoires du nord ouest": "NT",
    "nunavut": "NU",
    "ontario": "ON",
    "prince edward island": "PE",
    "ile du prince edouard": "PE",
    "quebec": "QC",
    "saskatchewan": "SK",
    "yukon": "YT",
    "pq": "QC",
    "que": "QC",
    "ont": "ON",
}


def region_code(value: Any) -> str:
    return REGION_NAMES.get(fold(str(value or "")).replace("-", " ").strip(". "), "")


def split_location(value: Any) -> tuple[str, str]:
    """("Ottawa", "ON") from "Ottawa, ON" / "Montréal (QC)" / "Toronto, Ontario, Canada"."""
    text = " ".join(str(value or "").split())
    text = re.sub(r"\(([^)]*)\)", r", \1", text)
    parts = [p.strip() for p in text.split(",") if p.strip()]
    parts = [p for p in parts if fold(p) not in ("canada", "ca")]
    region = ""
    if parts and region_code(parts[-1]):
        region = region_code(parts.pop())
    city = parts[0] if parts else ""
    if region_code(city) and not region:
        region, city = region_code(city), ""
    return city[:CITY_MAX], region


# ---------------------------------------------------------------------------- finishing


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


def _fill(item: Item, raw: dict[str, Any], employer: str, labels: dict[str, str]) -> None:
    def label(key: str) -> str:
        return labels.get(key, key)

    identifier = " ".join(str(raw.get("identifier") or "").split())
    if len(identifier) > IDENTIFIER_MAX_LENGTH:
        identifier = "sha1:" + hashlib.sha1(identifier.encode()).hexdigest()  # noqa: S324
    item.identifier = identifier
    link_text = str(raw.get("link") or "").strip()
    item.url = link_text[:URL_MAX]
    link = http_url(link_text, label("link"))
    item.url = link

    titles = {
        "fr": plain(raw.get("title_fr"), TITLE_MAX),
        "en": plain(raw.get("title_en"), TITLE_MAX),
    }
    descriptions = {
        "fr": html_to_markdown(str(raw.get("description_fr") or ""))[:DESCRIPTION_MAX],
        "en": html_to_markdown(str(raw.get("description_en") or ""))[:DESCRIPTION_MAX],
    }
    title = plain(raw.get("title"), TITLE_MAX)
    description = html_to_markdown(str(raw.get("description") or ""))[:DESCRIPTION_MAX]
    if title or description:
        # An item's own language tag is trusted; a feed's is only the default, since
        # aggregators tag a whole feed with one language whatever each job is in.
        language = language_of_tag(raw.get("language")) or detect_language(
            f"{title}\n{description}", language_of_tag(raw.get("default_language")) or "fr"
        )
        titles[language] = titles[language] or title
        descriptions[language] = descriptions[language] or description
    if not titles["fr"] and not titles["en"]:
        raise BadValue(ItemErrorCode.MISSING_TITLE, "")
    for lang in ("fr", "en"):
        if titles[lang] and not descriptions[lang]:
            other = "en" if lang == "fr" else "fr"
            if descriptions[other] and not titles[other]:
                # A title in one language, the description detected as the other.
                descriptions[lang], descriptions[other] = descriptions[other], ""
    if not any(descriptions.values()):
        if not link:
            raise BadValue(ItemErrorCode.MISSING_DESCRIPTION, "")
        for lang in ("fr", "en"):
            if titles[lang]:
                descriptions[lang] = f"<{link}>"

    apply_url = http_url(raw.get("apply_url"), label("apply_url")) or link
    apply_email = email_address(raw.get("apply_email"))
    date_posted = parse_date(raw.get("date_posted"), label("date_posted"))
    valid_through = parse_date(raw.get("valid_through"), label("valid_through"), end_of_day=True)
    if valid_through is not None and valid_through <= timezone.now():
        raise BadValue(ItemErrorCode.EXPIRED, f"{label('valid_through')}: {valid_through:%Y-%m-%d}")
    if date_posted is not None and date_posted > timezone.now() + timedelta(days=1):
        date_posted = None  # a date in the future is the source's clock: ignore it
    salary_min = parse_money(raw.get("salary_min"), label("salary_min"))
    salary_max = parse_money(raw.get("salary_max"), label("salary_max"))
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        salary_min, salary_max = salary_max, salary_min
    if salary_min is None and salary_max is not None:
        salary_min = salary_max
    unit = salary_unit(raw.get("salary_unit"))
    if not unit and salary_min is not None:
        unit = SalaryUnit.YEAR if salary_min >= 1000 else SalaryUnit.HOUR
    city = plain(raw.get("city"), CITY_MAX)
    region = region_code(raw.get("region"))
    if raw.get("location") and not (city or region):
        city, region = split_location(raw.get("location"))
    if not (city or region) and " - " in title:
        # Aggregators write "Title - Employer - City, ON" or "title - employer - City (ON)".
        city, region = split_location(title.rsplit(" - ", 1)[1])
        if not region:
            city = ""
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
    description = ""
    for content in entry.get("content") or []:
        value = str(content.get("value") or "")
        if len(value) > len(description):
            description = value
    summary = str(entry.get("summary") or "")
    if len(summary) > len(description):
        description = summary
    # dict.get: FeedParserDict maps missing "updated*" keys to "published*" with a warning.
    published = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published_text = dict.get(entry, "published") or dict.get(entry, "updated")
    company = _first(entry, COMPANY_KEYS)
    source = entry.get("source") or {}
    if not company and isinstance(source, dict):
        company = str(source.get("title") or "")
    if not company:
        author = str(entry.get("author") or "")
        if author and "@" not in author:
            company = author
    salary_low, salary_high, unit = _salary_range(_first(entry, SALARY_KEYS))
    location = _first(entry, LOCATION_KEYS)
    region = _first(entry, REGION_KEYS)
    if location and region and not region_code(location):
        location = f"{location}, {region}"
    link = str(entry.get("link") or "")
    if entry.get("guidislink") and not link.lower().startswith(("http://", "https://")):
        link = ""  # feedparser copies a non-URL guid into `link`
    return {
        "title": entry.get("title"),
        "description": description,
        "link": link,
        "identifier": entry.get("id") or entry.get("guid") or "",
        "employer": company,
        "location": location or region,
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
    company = _text(organisation)
    company_url = ""
    if isinstance(organisation, dict):
        company_url = _text(organisation.get("sameAs") or organisation.get("url"))
    city = region = ""
    for place in _as_list(node.get("jobLocation")):
        address = place.get("address") if isinstance(place, dict) else None
        if isinstance(address, dict):
            city = _text(address.get("addressLocality"))
            region = _text(address.get("addressRegion"))
            break
        if isinstance(address, str):
            city, region = split_location(address)
            break
    remote = ""
    if any(_text(t).upper() == "TELECOMMUTE" for t in _as_list(node.get("jobLocationType"))):
        remote = "remote" if not city else "hybrid"
    applicant = ", ".join(_text(a) for a in _as_list(node.get("applicantLocationRequirements")))
    salary_min = salary_max = unit = currency = ""
    salary = node.get("baseSalary")
    if isinstance(salary, dict):
        currency = _text(salary.get("currency"))
        value = salary.get("value")
        if isinstance(value, dict):
            salary_min = _text(value.get("minValue") or value.get("value"))
            salary_max = _text(value.get("maxValue"))
            unit = _text(value.get("unitText"))
        else:
            salary_min = _text(value)
    elif salary not in (None, ""):
        salary_min = _text(salary)
    identifier = node.get("identifier")
    contact = node.get("applicationContact")
    apply_email = _text(contact.get("email")) if isinstance(contact, dict) else ""
    return {
        "title": _text(node.get("title") or node.get("name")),
        "description": _text(node.get("description")),
        "link": _text(node.get("url")),
        "identifier": _text(identifier),
        "employer": company,
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
        "apply_email": apply_email,
        "language": language_of_tag(_text(node.get("inLanguage"))),
    }


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
