"""A salary read from what a source wrote, in French or English: "20,00 $/heure",
"850 à 950 € par mois", "1,5K à 1,9K €", "$60,000–$70,000 a year", "Mensuel de 1850.00
Euros sur 12 mois", "50 - 60 k€ brut annuel" — an amount or a range, a currency, a period.

Each part is what the text says or nothing: "$" is Canadian dollars only for a job in
Canada (US dollars in the United States, unknown elsewhere), and a salary without a
period has none (45,000 is not assumed to be a year). In a description, only a labelled
line ("Salaire :", "Salary:", "Compensation:"...) or a sentence with a currency sign is
read, and the first amount (or range) of it: "$21.50/hour plus a $2.00/hour premium" is
21.50 an hour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from tremplin.job_imports.text import fold

# A number as people write it: 45,000 / 45 000 / 45.000,50 / 20,00 / 1850.00 / 1,5K / 60k.
NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
CURRENCY = r"(?:CA\$|C\$|US\$|\$|€|£|euros?\b|CAD\b|USD\b|EUR\b|GBP\b)"
AMOUNT = re.compile(
    rf"(?P<before>{CURRENCY})?\s?(?P<number>{NUMBER})\s?(?P<k>[kK])?\s?(?P<after>{CURRENCY})?",
    re.IGNORECASE,
)
RANGE_JOIN = re.compile(r"^\s*(?:-|–|—|to|à|a|and|et|up to|jusqu'à)\s*$", re.IGNORECASE)
# A period word after an amount ("$20 an hour", "20 $/h", "par année"); short forms only
# after a slash ("/h", "/an", "/mo") so that "an" in "an hour" is not a year.
PERIODS = {
    "HOUR": r"(?<![a-z])(heure|hour|hourly|hr|hrs)\b|/\s?h\b",
    "DAY": r"(?<![a-z])(jour|day|daily)\b|/\s?j\b",
    "WEEK": r"(?<![a-z])(semaine|week|weekly|wk)\b",
    "MONTH": r"(?<![a-z])(mois|month|monthly)\b|/\s?mo\b",
    "YEAR": r"(?<![a-z])(annee|year|yearly|annual|annually|annum|annuel|annuelle|yr)\b"
    r"|(par|/)\s?an\b",
}
# The same said before the amount: "Taux horaire : 25 $", "Mensuel de 1850 Euros".
PERIODS_BEFORE = {
    "HOUR": r"\b(horaire|hourly)\b",
    "DAY": r"\b(journalier|daily)\b",
    "WEEK": r"\b(hebdomadaire|weekly)\b",
    "MONTH": r"\b(mensuel|mensuelle|monthly)\b",
    "YEAR": r"\b(annuel|annuelle|annual|yearly)\b",
}
SALARY_LABEL = re.compile(
    r"(salaire|salary|salaries|remuneration|compensation|pay|wage|wages|taux horaire|"
    r"echelle salariale|traitement|hourly rate|rate of pay|base pay)",
)
NOT_MONEY = re.compile(r"\s*(h\b|heures?|hours?|%|ans\b|years?|mois|months?|jours|days)", re.I)
BIG = re.compile(r"\s?(m|mm|b|bn|million|millions|milliards?|billions?)\b", re.I)
# No salary is this high: a larger amount in a text is something else (sales, funding).
PLAUSIBLE = Decimal("4000000")
CURRENCY_CODES = {"$": "$", "€": "EUR", "£": "GBP", "euro": "EUR", "euros": "EUR"}


@dataclass
class Salary:
    low: Decimal | None = None
    high: Decimal | None = None
    currency: str = ""
    period: str = ""

    def __bool__(self) -> bool:
        return self.low is not None


def number(text: str, thousands: bool = False) -> Decimal | None:
    """45,000 / 45 000 / 20,00 / 1850.00 / 1,5 (with K: thousands) as a Decimal."""
    digits = re.sub(r"[ \u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", digits) and not thousands:
        digits = re.sub(r"[.,]", "", digits)  # 45,000 or 45.000: thousands
    elif re.search(r"[.,]\d{1,2}$", digits):
        whole, decimals = re.split(r"[.,](?=\d{1,2}$)", digits)
        digits = re.sub(r"[.,]", "", whole) + "." + decimals
    else:
        digits = re.sub(r"[.,]", "", digits)
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return value * 1000 if thousands else value


def _currency(sign: str) -> str:
    key = sign.strip().lower()
    if key in CURRENCY_CODES:
        return CURRENCY_CODES[key]
    if key in ("ca$", "c$", "cad"):
        return "CAD"
    if key in ("us$", "usd"):
        return "USD"
    return key.upper()


def _period(text: str, table: dict[str, str] = PERIODS) -> str:
    """The period whose word comes first in `text`."""
    folded = fold(text)
    found = [
        (m.start(), period)
        for period, words in table.items()
        for m in [re.search(words, folded)]
        if m
    ]
    return min(found)[1] if found else ""


def read(text: str, *, labelled: bool = True) -> Salary:
    """The first amount or range of `text` with its currency and period. `labelled`: the
    text is a salary field (or line), so a bare number counts; otherwise an amount needs
    a currency sign next to it (or the range it starts does: "50 - 60 k€")."""
    matches = [m for m in AMOUNT.finditer(text) if m.group("number")]
    for index, match in enumerate(matches):
        nxt = matches[index + 1] if index + 1 < len(matches) else None
        joined = nxt is not None and RANGE_JOIN.match(text[match.end() : nxt.start()] or " ")
        high = nxt if joined else None
        if _is_money(match, high, text, labelled):
            return _sane(_salary(text, match, high))
    return Salary()


def _is_money(match: re.Match[str], high: re.Match[str] | None, text: str, labelled: bool) -> bool:
    if BIG.match(text[match.end() :]) or BIG.match(text[(high or match).end() :]):
        return False  # "$20M in sales": a company's figures, not a salary
    if _sign(match):
        return True
    if NOT_MONEY.match(text[match.end() :]):
        return False  # "35 hours per week", "12 mois": not money
    return labelled or bool(_sign(high))


def _salary(text: str, match: re.Match[str], high: re.Match[str] | None) -> Salary:
    thousands = bool(match.group("k") or (high and high.group("k")))
    salary = Salary(low=number(match.group("number"), thousands))
    if high is not None:
        salary.high = number(high.group("number"), bool(high.group("k")) or thousands)
    # A code beats a bare "$": "$135,000 - $155,000 CAD".
    signs = [
        _currency(sign)
        for found in (match, high)
        if found is not None
        for sign in (found.group("before"), found.group("after"))
        if sign
    ]
    salary.currency = next((c for c in signs if c != "$"), signs[0] if signs else "")
    last = high or match
    after = text[last.end() : last.end() + 40]
    code = re.match(r"\s*\(?(CAD|USD|EUR|GBP)\b", after)
    if code:
        salary.currency = code.group(1)
    # Only the clause of the amount: "daily production. $20 an hour" is hourly.
    before = re.split(r"[.;!?\n]\s", text[max(0, match.start() - 40) : match.start()])[-1]
    salary.period = _period(before, PERIODS_BEFORE) or _period(after)
    return salary


def _sign(match: re.Match[str] | None) -> str:
    if match is None:
        return ""
    return match.group("before") or match.group("after") or ""


def _sane(salary: Salary) -> Salary:
    if salary.low is None or salary.low <= 0 or salary.low > PLAUSIBLE:
        return Salary()
    if salary.high is not None and salary.high > PLAUSIBLE:
        salary.high = None
    if salary.high is not None and salary.high < salary.low:
        salary.high = None  # "$21.50/hour plus $2.00": not a range
    if salary.high == salary.low:
        salary.high = None
    return salary


def in_description(text: str) -> Salary:
    """The salary of a description: its labelled salary line first, else the first
    sentence with a currency sign and an amount."""
    for line in re.split(r"\n+", text):
        label = re.match(r"\W*([^:\n]{2,40}?)\s*:\s*(.+)", line)
        if label and SALARY_LABEL.search(fold(label.group(1))):
            found = read(label.group(2), labelled=True)
            if found:
                if not found.period:
                    found.period = _period(label.group(1), PERIODS_BEFORE)
                return found
    for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])|\n+", text):
        if not re.search(r"[$€£]|\beuros?\b", sentence, re.I):
            continue
        found = read(sentence, labelled=False)
        # A sentence that says neither "salary" nor a period is about other money.
        if found and (found.period or SALARY_LABEL.search(fold(sentence))):
            return found
    return Salary()


DOLLARS = {"CA": "CAD", "US": "USD", "AU": "AUD", "NZ": "NZD", "SG": "SGD"}
EUROS = frozenset(
    [
        "AT",
        "BE",
        "DE",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "NL",
        "PT",
        "SK",
        "SI",
    ]
)
LOCAL = {**DOLLARS, **dict.fromkeys(EUROS, "EUR"), "GB": "GBP", "CH": "CHF", "MA": "MAD"}


def currency_for(sign_currency: str, country: str) -> str:
    """The currency: a code as read; for "$" alone, the dollar of the job's country; for
    an amount with no sign at all, the money of the job's country. "" when the country is
    not known (or "$" where no dollar is used)."""
    if sign_currency == "$":
        return DOLLARS.get(country, "")
    return sign_currency or LOCAL.get(country, "")


def period_of_label(label: str) -> str:
    """The period a salary's label names ("Salaire horaire", "Annual salary"), or ""."""
    return _period(label, PERIODS_BEFORE)
