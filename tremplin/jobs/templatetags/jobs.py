"""Template helpers for the jobs pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.core.scam import reason_label
from tremplin.jobs.models import Posting

register = template.Library()


@register.filter
def hold_reason(code: str) -> str:
    return reason_label(code)


@register.filter
def salary(posting: Posting) -> str:
    """«22,50 $ – 28 $ par heure» / «$22.50 – $28 per hour»; empty without a salary."""
    if posting.salary_min is None:
        return ""

    def amount(value: Decimal) -> str:
        places = 0 if value == int(value) else 2
        number = number_format(value, places, use_l10n=True, force_grouping=True)
        if posting.salary_currency != "CAD":
            # An imported salary may have no currency: the number alone, as given.
            return f"{number} {posting.salary_currency}".strip()
        return f"{number}\u00a0$" if get_language() == "fr" else f"${number}"

    unit = posting.get_salary_unit_display()  # "" for an imported salary with no period
    if posting.salary_max is not None and posting.salary_max != posting.salary_min:
        text = _("%(low)s – %(high)s %(unit)s") % {
            "low": amount(posting.salary_min),
            "high": amount(posting.salary_max),
            "unit": unit,
        }
    else:
        text = _("%(amount)s %(unit)s") % {"amount": amount(posting.salary_min), "unit": unit}
    return text.strip()


@register.filter
def place(posting: Posting) -> str:
    """ "Ottawa, Ontario", "Lisbon, PT", "Ontario", or "" (an imported job may name only
    its country, or nothing)."""
    where = posting.get_region_display() if posting.region else posting.country
    return ", ".join(part for part in (posting.city, where) if part)
