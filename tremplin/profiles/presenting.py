"""What the profile page's Jinja2 fragments (templates/profiles/_*.jinja; lent to them in
hooks.py) print beyond the fields: dates and plurals in the active language (plurals
are written here, where makemessages reads them)."""

from __future__ import annotations

from datetime import date

from django.utils import formats
from django.utils.translation import ngettext


def month_year(value: date) -> str:
    """As Django's `date:"F Y"` filter prints a date ("mars 2021")."""
    return formats.date_format(value, "F Y")


def endorsements_text(count: int) -> str:
    """ "3 endorsements" in the active language."""
    return ngettext("%(counter)s endorsement", "%(counter)s endorsements", count) % {
        "counter": count
    }
