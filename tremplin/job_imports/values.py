"""One value of an imported item read as the posting stores it: a date, an amount, a web
or email address, an employment type, remote work, a salary unit, a province. A value
that cannot be read raises `BadValue` with the item error code that skips the item."""

from __future__ import annotations

import re
import time
from datetime import UTC as dt_utc
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone

from tremplin.job_imports.models import ItemErrorCode
from tremplin.job_imports.text import fold
from tremplin.jobs.models import EmploymentType, Posting, Region, SalaryUnit, Workplace

LOCAL_TZ = ZoneInfo("America/Toronto")
CITY_MAX = Posting._meta.get_field("city").max_length or 80
URL_MAX = 500
SALARY_MAX = Decimal("99999999")


class BadValue(ValueError):
    def __init__(self, code: str, detail: str) -> None:
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
