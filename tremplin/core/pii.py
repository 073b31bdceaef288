"""PII guard: spot personal identifiers in text that other people will see.

It warns; it never rewrites the user's text. Forms and API schemas call `scan()` and
ask the author to edit or confirm (see `tremplin.core.forms.PIIGuardMixin`).

SINs: nine digits with a valid check digit, grouped by spaces, dots or dashes or not at
all, unless the words before name it as something else (an order, an invoice, a parcel).
E-mail addresses: plain, or spelled out to dodge filters ("zoe (at) example.ca",
"zoe arobase example point ca").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

KIND_LABELS = {
    "sin": _("a Social Insurance Number"),
    "phone": _("a phone number"),
    "email": _("an email address"),
    "postal_code": _("a postal code"),
    "birth_date": _("a birth date"),
}

# Nine digits, in threes separated by a space, a no-break space, a dot or a dash, or not
# at all: "046 454 286", "046.454.286", "046-454-286", "046454286"; not inside a longer
# run of digits or groups ("1 046 454 286", "123.456.789.0").
_SEP = r"[ .\-\u00a0\u202f]"
_SIN = re.compile(
    rf"(?<![\d.\-])(?<!\d{_SEP})\d{{3}}{_SEP}?\d{{3}}{_SEP}?\d{{3}}(?!\d)(?!{_SEP}\d)"
)
# What the number is, when the words before it say: an order, an invoice, a parcel...
_OTHER_NUMBER = re.compile(
    r"(?:#|\b(?:orders?|commandes?|invoices?|factures?|r[ée]f|ref|r[ée]f[ée]rences?|tracking|"
    r"suivi|confirmation|transactions?|receipts?|re[çc]us?|tickets?|billets?|dossiers?|case|"
    r"files?|claims?|r[ée]clamations?|clients?|customers?|accounts?|comptes?|members?|membres?|"
    r"polic(?:y|ies)|polices?|contra(?:ct|t)s?|colis|parcels?|shipments?|envois?|serial|"
    r"s[ée]ries?|lots?|sku|items?|articles?|isbn|permits?|business number|entreprise|neq|"
    r"gst|hst|tps|tvq|tva)\b)[^\n\d]{0,25}$",
    re.I,
)
_SIN_WORDS = re.compile(
    r"\b(?:sin|nas|social insurance|assurance sociale|insurance number)\b[^\n\d]{0,40}$", re.I
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Addresses written to dodge the guard (and spam robots): "zoe (at) example.ca",
# "zoe [at] example [dot] ca", "zoe arobase example point ca", "zoe at example dot com".
# A bare "at" is English for "at", so it counts only when the dot is spelled out too and
# the address ends with a common top-level domain.
_AT_MARK = r"\s*[(\[{<]\s*(?:at|@|arobase)\s*[)\]}>]\s*"
_DOT = r"(?:\s*[(\[{<]\s*(?:dot|point|\.)\s*[)\]}>]\s*|\s+(?:dot|point)\s+)"
_TLD = r"(?:com|ca|org|net|fr|qc|on|info|io|co|me|edu|gov|gouv|be|ch|biz|app|dev|uk|us)\b"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:{_AT_MARK}[\w-]+(?:(?:{_DOT}|\.)[\w-]+)+"
    rf"|\s+(?:at|arobase)\s+[\w-]+(?:(?:{_DOT}|\.)[\w-]+)*{_DOT}{_TLD}"
    rf"|\s+(?:arobase|@)\s+[\w-]+(?:\.[\w-]+)+)",
    re.I,
)
# Canadian postal codes never use D, F, I, O, Q or U; the first letter never W or Z.
_POSTAL = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)
_MONTHS = (
    r"jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|"
    r"may|mai|june?|juin|july?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember|embre)?)?|"
    r"oct(?:ober|obre)?|nov(?:ember|embre)?|dec(?:ember)?|d[ée]c(?:embre)?"
)
_DATE = re.compile(
    r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"
    rf"|\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\.?\s+\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}})\b",
    re.I,
)
_BIRTH_WORDS = re.compile(
    r"\b(?:born|birth(?:day|date)?|d\.?o\.?b\.?|n[ée]e?\s+le|naissance|anniversaire)\b", re.I
)


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _birth_dates(text: str) -> list[tuple[int, int]]:
    spans = []
    this_year = date.today().year
    for match in _DATE.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        year = int(re.findall(r"\d{4}", match.group())[0])
        # A dated event with a birth word before it, or a full date that can only be
        # a birth date of someone old enough to work (event dates are usually recent).
        if _BIRTH_WORDS.search(before) or 1920 <= year <= this_year - 30:
            spans.append(match.span())
    return spans


def _looks_like_sin(digits: str) -> bool:
    """Nine digits with a valid check digit. stdnum.ca.sin also refuses a leading 0
    (never assigned), but 046 454 286 is the sample SIN everyone copies from the
    government's forms: a warning that asks the author to look costs nothing. A leading
    8 stays out: that is a Business Number, which companies publish."""
    return len(digits) == 9 and digits[0] != "8" and luhn.is_valid(digits)


def _named_otherwise(text: str, start: int) -> bool:
    """An order, invoice, tracking or reference number ("Commande n° 123 456 782",
    "order #130-692-544"): the words just before say what it is. "NAS" or "SIN" there
    wins: "SIN (file copy) 046 454 286" is still a SIN."""
    before = text[max(0, start - 40) : start]
    return _SIN_WORDS.search(before) is None and _OTHER_NUMBER.search(before) is not None


def scan(text: str | None) -> list[Finding]:
    """Every identifier found, in reading order; the empty list when the text is clean."""
    if not text:
        return []
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, span: tuple[int, int]) -> None:
        if not _overlaps(span, taken):
            taken.append(span)
            found.append(Finding(kind, *span))

    for match in _EMAIL.finditer(text):
        add("email", match.span())
    for match in _OBFUSCATED_EMAIL.finditer(text):
        add("email", match.span())
    for span in _birth_dates(text):
        add("birth_date", span)
    for match in _SIN.finditer(text):
        if _looks_like_sin(re.sub(r"\D", "", match.group())) and not _named_otherwise(
            text, match.start()
        ):
            add("sin", match.span())
    for phone in phonenumbers.PhoneNumberMatcher(text, "CA", leniency=phonenumbers.Leniency.VALID):
        add("phone", (phone.start, phone.end))
    for match in _POSTAL.finditer(text):
        add("postal_code", match.span())
    return sorted(found, key=lambda f: f.start)


def kinds(text: str | None) -> list[str]:
    """The distinct kinds found, for messages ("a phone number, an email address")."""
    seen: list[str] = []
    for finding in scan(text):
        if finding.kind not in seen:
            seen.append(finding.kind)
    return seen
