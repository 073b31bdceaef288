"""The CSV columns an admin chooses by hand, remembered per source.

Real exports name their columns their own way. `read_csv` recognises the common headers
in French and English; when the title, or both the description and the link, are not
recognised — or when the admin asks — the upload stops on a page that shows the file's
first rows and a choice per column (a posting field, or "do not use"). `choose` checks
the choice and remembers it in `ImportSource.column_map` (header as `read_csv.header_key`
folds it -> field), which every later upload and read of the source uses.

The fields are named as someone who reads a job board would name them, never by their
key.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.job_imports import services
from tremplin.job_imports.models import ImportSource
from tremplin.job_imports.read_csv import DESCRIPTIONS, HEADERS, TITLES, Header, header_key

# Every field a column can be read as, in the order the choice lists them.
FIELDS = {
    "title": gettext_lazy("Job title"),
    "title_fr": gettext_lazy("Job title in French"),
    "title_en": gettext_lazy("Job title in English"),
    "description": gettext_lazy("Description"),
    "description_fr": gettext_lazy("Description in French"),
    "description_en": gettext_lazy("Description in English"),
    "apply_url": gettext_lazy("Link to apply or to the job's page"),
    "apply_email": gettext_lazy("E-mail address to apply"),
    "employer": gettext_lazy("Employer"),
    "location": gettext_lazy("Place (city, province or country together)"),
    "city": gettext_lazy("City"),
    "region": gettext_lazy("Province or territory"),
    "country": gettext_lazy("Country"),
    "remote": gettext_lazy("Remote, hybrid or on site"),
    "employment_type": gettext_lazy("Employment type (full time, contract...)"),
    "salary_text": gettext_lazy("Salary (an amount or a range, with its period)"),
    "salary_min": gettext_lazy("Lowest salary"),
    "salary_max": gettext_lazy("Highest salary"),
    "salary_unit": gettext_lazy("Salary period (hour, month, year...)"),
    "salary_currency": gettext_lazy("Currency of the salary"),
    "valid_through": gettext_lazy("Closing date"),
    "date_posted": gettext_lazy("Posting date"),
    "identifier": gettext_lazy("Reference of the job"),
}
assert set(FIELDS) <= set(HEADERS), "every field offered is one the CSV reader knows"
IGNORE = ""
# A source remembers at most this many headers (the oldest choices go first).
MAX_REMEMBERED = 300


def choices() -> list[tuple[str, Any]]:
    return [(IGNORE, gettext_lazy("Do not use this column")), *FIELDS.items()]


def problems(names: Sequence[str], fields: Sequence[str]) -> list[str]:
    """What is wrong with a choice of one field per column, in the reader's words."""
    if len(fields) != len(names) or any(f != IGNORE and f not in FIELDS for f in fields):
        return [_("Choose one of the fields offered for each column.")]
    found: list[str] = []
    chosen = set(fields)
    if not (TITLES & chosen):
        found.append(_("Choose the column that holds the job's title."))
    if not (DESCRIPTIONS & chosen):
        found.append(
            _(
                "Choose the column that holds the job's description, or the one with the "
                "link to apply or to the job's page."
            )
        )
    for field in FIELDS:
        twice = [name for name, f in zip(names, fields, strict=True) if f == field]
        if len(twice) > 1:
            found.append(
                _("“%(field)s” is chosen for several columns (%(columns)s): choose it for one.")
                % {"field": FIELDS[field], "columns": ", ".join(f"“{n}”" for n in twice)}
            )
    return found


def choose(user: Any, source: ImportSource, names: Sequence[str], fields: Sequence[str]) -> None:
    """Remember which field each column of a file is (refused with the problems)."""
    services.require_admin(user, source.agency)
    found = problems(names, fields)
    if found:
        raise services.ImportRefused(" ".join(found), code="invalid")
    remembered = {k: v for k, v in (source.column_map or {}).items() if isinstance(v, str)}
    for name, field in zip(names, fields, strict=True):
        remembered.pop(header_key(name), None)  # the newest choice goes last
        remembered[header_key(name)] = field
    source.column_map = dict(list(remembered.items())[-MAX_REMEMBERED:])
    source.save(update_fields=["column_map", "updated"])


def samples(header: Header) -> list[list[str]]:
    """Each column's values in the file's first rows."""
    return [
        [row[index] for row in header.rows if index < len(row) and row[index]]
        for index in range(len(header.names))
    ]


def chosen_labels(source: ImportSource) -> list[tuple[str, str]]:
    """The source's remembered columns as (header, field's name), for its page."""
    return [
        (key, str(FIELDS.get(field, _("Do not use this column"))))
        for key, field in (source.column_map or {}).items()
    ]
