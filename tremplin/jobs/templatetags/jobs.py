"""Template helpers for the jobs pages."""

from __future__ import annotations

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from tremplin.core.scam import reason_label

register = template.Library()


@register.simple_tag(takes_context=True)
def include_if_exists(context, name: str, **extra) -> SafeString:
    """`{% include %}` for a partial another app may or may not provide yet."""
    try:
        found = get_template(name)
    except TemplateDoesNotExist:
        return mark_safe("")
    values = context.flatten()
    values.update(extra)
    return mark_safe(found.render(values, request=context.get("request")))  # noqa: S308  (a template's output)


@register.filter
def hold_reason(code: str) -> str:
    return reason_label(code)


@register.filter
def salary(posting) -> str:
    """«22,50 $ – 28 $ par heure» / «$22.50 – $28 per hour»; empty without a salary."""
    from django.utils.formats import number_format
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    if posting.salary_min is None:
        return ""

    def amount(value) -> str:
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
