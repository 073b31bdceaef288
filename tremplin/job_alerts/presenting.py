"""What a search result prints beyond its fields, for the Jinja2 fragment
(templates/job_alerts/_results.jinja; lent to it in hooks.py): the salary and the date
in the active language, with the strings and formats the Django template used
(`floatformat:"0g"`, the `date` filter in local time)."""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from tremplin.core.jinja import label, local_datetime
from tremplin.jobs.models import Posting


def job_result_salary(posting: Posting) -> str:
    """«25 à 30 CAD par heure»; empty without a salary."""
    if not posting.salary_min:
        return ""
    values = {
        "low": floatformat(posting.salary_min, "0g"),
        "currency": posting.salary_currency,
        "unit": label(posting, "salary_unit"),
    }
    if posting.salary_max and posting.salary_max != posting.salary_min:
        return _("%(low)s to %(high)s %(currency)s %(unit)s") % {
            **values,
            "high": floatformat(posting.salary_max, "0g"),
        }
    return _("%(low)s %(currency)s %(unit)s") % values


def job_posted_on(posting: Posting) -> str:
    """«Publiée le 5 décembre 2026»; empty without a date."""
    if not posting.date_posted:
        return ""
    return _("Posted on %(date)s") % {"date": local_datetime(posting.date_posted, "DATE_FORMAT")}
