"""What a valid posting is: the fields the actions accept, how a raw value becomes the
stored one, and the rules a posting's full set of values must follow (a version in one
language at least, the employer, the place, the salary, how to apply, the dates).

Pure functions over a dict of values: `services` merges the caller's data over the
posting's (`merge`), checks the result (`problems`: field → messages, which it raises as
a `PostingError`) and applies it (`apply`). Pages, the API and imports get the same
answers because they all go through those actions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from tremplin.core.regions import Region
from tremplin.core.scam import scam_check
from tremplin.jobs.models import (
    ApplyMethod,
    EmploymentType,
    Posting,
    PostingAudience,
    SalaryUnit,
    Workplace,
)

# A posting is open for at most this long (Job Bank: up to 6 months). An import without
# a closing date keeps none (nothing is invented); the imports app closes it once stale.
MAX_VALIDITY = dt.timedelta(days=183)
# Hours in a working year and friends: the yearly equivalent of a salary.
YEARLY_FACTOR: dict[str, int] = {
    SalaryUnit.HOUR: 2080,
    SalaryUnit.DAY: 260,
    SalaryUnit.WEEK: 52,
    SalaryUnit.MONTH: 12,
    SalaryUnit.YEAR: 1,
}
# Any unit: its yearly equivalent (× 2,080 for hours) must fit salary_min_yearly's
# twelve digits.
SALARY_CEILING = Decimal("4000000")

# The fields `create_posting`, `update_posting` and `import_upsert` accept.
CONTENT_FIELDS = (
    "title_fr",
    "title_en",
    "description_fr",
    "description_en",
    "employment_type",
    "workplace",
    "city",
    "region",
    "applicant_location",
    "salary_min",
    "salary_max",
    "salary_unit",
    "salary_currency",
    "requires_french",
    "requires_english",
    "apply_method",
    "apply_url",
    "apply_email",
    "identifier",
    "hiring_organization_name",
    "hiring_organization_url",
    "valid_through",
)
SETTING_FIELDS = ("audience",)
# Only imports set these: where the posting came from, when, and the country of a job
# that may be abroad.
IMPORT_FIELDS = ("source_url", "date_posted", "country")
TEXT_LIMITS = {
    "title_fr": 200,
    "title_en": 200,
    "description_fr": 20000,
    "description_en": 20000,
    "city": 80,
    "applicant_location": 120,
    "identifier": 120,
    "hiring_organization_name": 150,
    "hiring_organization_url": 200,
    "apply_url": 500,
    "apply_email": 254,
    "source_url": 500,
}
BOOLEAN_FIELDS = ("requires_french", "requires_english")
CHOICES = {
    "employment_type": EmploymentType,
    "workplace": Workplace,
    "region": Region,
    "salary_unit": SalaryUnit,
    "apply_method": ApplyMethod,
    "audience": PostingAudience,
}


# ------------------------------------------------------------------ raw values


def _as_text(value: Any) -> str:
    """One line of text, its runs of spaces made single."""
    return "" if value is None else " ".join(str(value).split())


def _as_decimal(value: Any) -> Decimal | None | str:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    except (InvalidOperation, ValueError):
        return "bad"
    if not number.is_finite():
        return "bad"
    return number.quantize(Decimal("0.01"))


def _as_datetime(value: Any) -> dt.datetime | None | str:
    """A date means the end of that day, in the site's time zone."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        parsed: Any = None
        try:
            parsed = parse_datetime(value.strip()) or parse_date(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            return "bad"
        value = parsed
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(23, 59, 59)))
    return "bad"


def coerce(field: str, value: Any) -> Any:
    """The value as the model stores it; "bad" for an unreadable number or date."""
    if field in BOOLEAN_FIELDS:
        return bool(value)
    if field in ("salary_min", "salary_max"):
        return _as_decimal(value)
    if field in ("valid_through", "date_posted"):
        return _as_datetime(value)
    if field in ("salary_currency", "country"):
        return _as_text(value).upper()
    if field in ("description_fr", "description_en"):
        return str(value or "").replace("\r\n", "\n").strip()
    if field == "apply_email":
        return _as_text(value).lower()
    return _as_text(value)


# ------------------------------------------------------------------ the rules


class _Problems(dict[str, list[str]]):
    """field → messages, in the order the rules found them."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def _is_web_address(value: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        return False
    return True


def _check_sizes_and_choices(values: dict[str, Any], problems: _Problems) -> None:
    for field, limit in TEXT_LIMITS.items():
        if len(values.get(field) or "") > limit:
            problems.add(
                field,
                _("This text is too long: %(limit)d characters at most.") % {"limit": limit},
            )
    for field, choices in CHOICES.items():
        value = values.get(field)
        if value and value not in choices.values:
            problems.add(field, _("Pick one of the choices offered."))


def _check_versions(values: dict[str, Any], problems: _Problems) -> None:
    """A title and a description in French, in English, or both."""
    complete = []
    for lang, name in (("fr", _("French")), ("en", _("English"))):
        title, description = values[f"title_{lang}"], values[f"description_{lang}"]
        if title and description:
            complete.append(lang)
        elif title:
            problems.add(
                f"description_{lang}",
                _("Write the description in %(language)s too, or remove its title.")
                % {"language": name},
            )
        elif description:
            problems.add(
                f"title_{lang}",
                _("Give the %(language)s version a title.") % {"language": name},
            )
    if not complete and not any(f.startswith(("title_", "description_")) for f in problems):
        problems.add(
            NON_FIELD_ERRORS,
            _("Write the posting in French or in English: a title and a description."),
        )


def _check_employer_and_place(
    values: dict[str, Any], organization: Any, imported: bool, problems: _Problems
) -> None:
    """The employer and the province are required of people; an import keeps them empty
    when its source does not give them (a job abroad has no province)."""
    if not values.get("hiring_organization_name"):
        if organization is not None:
            values["hiring_organization_name"] = organization.name
        elif not imported:
            problems.add("hiring_organization_name", _("Name the employer."))
    url = values.get("hiring_organization_url")
    if url and not _is_web_address(url):
        problems.add("hiring_organization_url", _("Enter a web address starting with https://."))
    workplace = values.get("workplace") or Workplace.ON_SITE
    if workplace != Workplace.REMOTE and not values.get("region") and not imported:
        problems.add("region", _("Choose the province or territory of the workplace."))
    country = values.get("country") or ""
    if country and (len(country) != 2 or not country.isalpha() or not country.isascii()):
        problems.add("country", _("Pick one of the choices offered."))


def _amount_problem(number: Any) -> str:
    if number == "bad":
        return _("Enter an amount, such as 22.50.")
    if number is not None and number <= 0:
        return _("Enter an amount greater than zero.")
    if number is not None and number > SALARY_CEILING:
        return _("Enter an amount of 4,000,000 at most.")
    return ""


def _check_salary(values: dict[str, Any], imported: bool, problems: _Problems) -> None:
    low, high = values.get("salary_min"), values.get("salary_max")
    for field, number in (("salary_min", low), ("salary_max", high)):
        problem = _amount_problem(number)
        if problem:
            problems.add(field, problem)
    numbers_ok = not any(isinstance(n, str) for n in (low, high))
    if numbers_ok and high is not None and low is None:
        problems.add("salary_min", _("Give the minimum salary too (it may equal the maximum)."))
    if numbers_ok and low is not None and high is not None and low > high:
        problems.add("salary_max", _("The maximum salary cannot be less than the minimum."))
    _check_currency(values, imported, problems)


def _check_currency(values: dict[str, Any], imported: bool, problems: _Problems) -> None:
    """CAD unless said otherwise; an import keeps none when its source gives none."""
    if not values.get("salary_currency") and not imported:
        values["salary_currency"] = "CAD"
    currency = values.get("salary_currency") or ""
    if currency and (len(currency) != 3 or not currency.isalpha() or not currency.isascii()):
        problems.add("salary_currency", _("Enter a three-letter currency code, such as CAD."))


def _check_how_to_apply(values: dict[str, Any], imported: bool, problems: _Problems) -> None:
    method = values.get("apply_method") or ApplyMethod.URL
    if method == ApplyMethod.URL:
        if not values.get("apply_url") and imported and values.get("source_url"):
            values["apply_url"] = values["source_url"]
        if not values.get("apply_url"):
            problems.add("apply_url", _("Give the address where people apply."))
    elif method == ApplyMethod.EMAIL and not values.get("apply_email"):
        problems.add("apply_email", _("Give the email address where people apply."))
    for field in ("apply_url", "source_url"):
        if values.get(field) and not _is_web_address(values[field]):
            problems.add(field, _("Enter a web address starting with https://."))
    if values.get("apply_email"):
        try:
            validate_email(values["apply_email"])
        except ValidationError:
            problems.add("apply_email", _("Enter a valid email address."))


def _check_dates(
    values: dict[str, Any], changed: set[str], imported: bool, problems: _Problems
) -> None:
    now = timezone.now()
    until = values.get("valid_through")
    if until == "bad":
        problems.add("valid_through", _("Enter a date, such as 2025-06-30."))
    elif until is None:
        if not imported:
            problems.add("valid_through", _("Say until when the posting is open."))
    elif "valid_through" in changed:
        if until <= now:
            problems.add("valid_through", _("The closing date must be in the future."))
        elif until > now + MAX_VALIDITY:
            if imported:
                values["valid_through"] = now + MAX_VALIDITY
            else:
                problems.add(
                    "valid_through",
                    _("A posting stays open for six months at most: choose an earlier date."),
                )
    if values.get("date_posted") == "bad":
        values["date_posted"] = None


def problems(
    values: dict[str, Any],
    *,
    changed: set[str],
    organization: Any,
    agency: Any,
    imported: bool = False,
) -> dict[str, list[str]]:
    """Check a posting's full set of values (changing them in place where a default or
    a derived value applies); returns field → messages (empty: the values are good)."""
    found = _Problems()
    _check_sizes_and_choices(values, found)
    _check_versions(values, found)
    _check_employer_and_place(values, organization, imported, found)
    _check_salary(values, imported, found)
    _check_how_to_apply(values, imported, found)
    if values.get("audience") == PostingAudience.AGENCY and agency is None:
        found.add("audience", _("Only an agency's postings can be shown to its clients only."))
    _check_dates(values, changed, imported, found)
    return dict(found)


# ------------------------------------------------------------------ merging and applying


def unknown_fields(data: Mapping[str, Any], allowed: tuple[str, ...]) -> list[str]:
    return sorted(set(data) - set(allowed))


def merge(posting: Posting, data: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The posting's values with `data` over them, and the fields `data` changed (every
    filled field of a new posting)."""
    values = {
        field: getattr(posting, field)
        for field in (*CONTENT_FIELDS, *SETTING_FIELDS, *IMPORT_FIELDS)
    }
    changed: set[str] = set()
    for field, raw in data.items():
        value = coerce(field, raw)
        if value != values.get(field):
            changed.add(field)
        values[field] = value
    if posting.pk is None:
        changed |= {f for f in values if values[f] not in ("", None, False)}
    return values, changed


def still_changed(posting: Posting, values: dict[str, Any], changed: set[str]) -> set[str]:
    """The fields whose checked value (defaults applied) differs from the saved one."""
    if posting.pk is None:
        return changed
    return {field for field in changed if values[field] != getattr(posting, field, None)}


def apply(posting: Posting, values: dict[str, Any]) -> None:
    for field, value in values.items():
        setattr(posting, field, value)
    posting.salary_min_yearly = yearly(posting.salary_min, posting.salary_unit)


def yearly(amount: Decimal | None, unit: str) -> Decimal | None:
    """The yearly equivalent of a salary (2,080 hours, 260 days, 52 weeks, 12 months);
    None without a period (an imported salary whose source does not give one)."""
    if amount is None or unit not in YEARLY_FACTOR:
        return None
    return (Decimal(amount) * YEARLY_FACTOR[unit]).quantize(Decimal("0.01"))


def scan(posting: Posting) -> list[str]:
    """The scam guard's reasons for the posting's text (empty: nothing suspicious)."""
    text = "\n".join(
        [posting.title_fr, posting.title_en, posting.description_fr, posting.description_en]
    )
    return scam_check(text)


def data_hash(data: Mapping[str, Any]) -> str:
    """A fingerprint of an imported item's data, to see that it did not change."""
    encoded = json.dumps(dict(data), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()
