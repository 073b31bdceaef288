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
            return f"{number} {posting.salary_currency}"
        return f"{number}\u00a0$" if get_language() == "fr" else f"${number}"

    unit = posting.get_salary_unit_display()
    if posting.salary_max is not None and posting.salary_max != posting.salary_min:
        return _("%(low)s – %(high)s %(unit)s") % {
            "low": amount(posting.salary_min),
            "high": amount(posting.salary_max),
            "unit": unit,
        }
    return _("%(amount)s %(unit)s") % {"amount": amount(posting.salary_min), "unit": unit}
