"""One value of an imported item read as the posting stores it: a date, an amount, a web
or email address, remote work, a salary unit. A value that cannot be read raises
`BadValue` with the item error code that skips the item and what to show of it (places,
salaries and employment types have their modules: `places`, `salary`, `clues`)."""

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
from tremplin.jobs.models import SalaryUnit, Workplace

LOCAL_TZ = ZoneInfo("America/Toronto")
URL_MAX = 500
SALARY_MAX = Decimal("99999999")


class BadValue(ValueError):
    """A value that skips its item: the item error's code and the parameters of its
    message (`messages.ITEM`)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def parse_date(value: Any, what: str, *, end_of_day: bool = False) -> datetime | None:
    """A datetime (aware) from ISO 8601, RFC 822 or a struct_time; None for no value;
    BadValue for a value that is not a date or is out of any sensible range. `what` is
    "closing" or "posted" (the message names the date)."""
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
            raise BadValue(ItemErrorCode.BAD_DATE, what=what, value=text[:100])
    if timezone.is_naive(result):
        result = result.replace(tzinfo=LOCAL_TZ)
    if not (2000 <= result.year <= timezone.now().year + 5):
        raise BadValue(ItemErrorCode.BAD_DATE, what=what, value=str(value)[:100])
    return result


def parse_money(value: Any) -> Decimal | None:
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
        raise BadValue(ItemErrorCode.BAD_SALARY, value=str(value)[:100]) from None
    if not amount.is_finite() or amount < 0 or amount > SALARY_MAX:
        raise BadValue(ItemErrorCode.BAD_SALARY, value=str(value)[:100])
    if amount == 0:  # "0" is how some sources say "not given"
        return None
    return amount.quantize(Decimal("0.01"))


def http_url(value: Any) -> str:
    text = str(value or "").strip()
    if not text:
        return ""
    if not re.match(r"https?://[^\s/]+", text, re.IGNORECASE) or len(text) > URL_MAX:
        raise BadValue(ItemErrorCode.BAD_URL, value=text[:200])
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
        raise BadValue(ItemErrorCode.BAD_EMAIL, value=text[:200]) from None
    return text[:254]


def workplace(value: Any) -> str:
    """Remote or hybrid work as a field says it ("yes", "oui", "remote", "hybride"...),
    else ""."""
    text = fold(str(value or ""))
    if text in ("yes", "oui", "true", "1", "remote", "teletravail", "telecommute", "y", "o"):
        return Workplace.REMOTE
    if text in ("hybrid", "hybride"):
        return Workplace.HYBRID
    return ""


SALARY_UNIT_WORDS = {
    SalaryUnit.HOUR: ("hour", "hourly", "heure", "horaire", "h", "hr"),
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
