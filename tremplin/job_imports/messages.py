"""What an import tells the agency's admins, written when it is read: runs and skipped
items store a stable code and its parameters (`ImportRun.error_code`/`error_params`,
`warning_code`/`warning_params`; `ImportItemError.code`/`params`), and the sentences
below are translated into the reader's language each time a page or the API shows them.
An English page never shows a French sentence saved in the language of whoever started
the run.

Each sentence says what happened and what to do, in the words of someone who reads a
job board, never a model field's or a schema's name. Rows written before codes had
parameters keep their saved text (`fallback`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.jobs.models import Posting

# Item errors (ImportItemError.code).
ITEM = {
    "missing_title": gettext_lazy("It has no title: give the job a title at the source."),
    "missing_description": gettext_lazy(
        "It has neither a description nor a link to the job's page: add one at the source."
    ),
    "bad_date": gettext_lazy(
        "Its %(what)s, “%(value)s”, could not be read: write the date as 2026-06-30."
    ),
    "expired": gettext_lazy("Its closing date, %(date)s, has passed: it was not imported."),
    "stale": gettext_lazy(
        "It was posted on %(date)s, more than %(days)s days ago, and gives no closing date, "
        "so it was not published. If the job is still open, give it a closing date at the "
        "source."
    ),
    "bad_salary": gettext_lazy(
        "Its salary, “%(value)s”, could not be read: write an amount such as 22.50 or 45,000."
    ),
    "bad_url": gettext_lazy(
        "Its web address, “%(value)s”, is not valid: it must start with https://."
    ),
    "bad_email": gettext_lazy(
        "Its application e-mail address, “%(value)s”, is not valid: correct it at the source."
    ),
    "duplicate": gettext_lazy(
        "It is the same job as number %(first)s in this import: it was imported once."
    ),
    "bad_row": gettext_lazy(
        "This row has %(cells)s cells where the first line names %(columns)s columns: check "
        "the separators and the quotes of the row."
    ),
    "language": gettext_lazy(
        "It is written in neither French nor English: only jobs in French or English are published."
    ),
    "refused": gettext_lazy("The job was refused: %(reason)s"),
    "invalid": gettext_lazy("The job could not be saved: check its %(fields)s at the source."),
}
DATE_KINDS = {
    "closing": gettext_lazy("closing date"),
    "posted": gettext_lazy("posting date"),
}

# Whole runs: why one failed (ImportRun.error_code) or what it warns of (warning_code).
RUN = {
    "not_a_feed": gettext_lazy(
        "This is not an RSS or Atom feed, or it is too broken to read: check the address, "
        "or choose the kind “Web page or file” if it is a page."
    ),
    "bad_json": gettext_lazy(
        "The job data on this page could not be read: the page's jobs are written in a way "
        "that is broken. Tell the site's owner, or import a file instead."
    ),
    "no_postings": gettext_lazy(
        "No job was found on this page: it must describe its jobs in the structured way "
        "search engines read. Try the site's job feed instead."
    ),
    "empty": gettext_lazy("The file is empty: choose the file again."),
    "bad_header": gettext_lazy(
        "The first line of the file must name its columns, with a title column at least "
        "(for example: %(columns)s)."
    ),
    "bad_csv": gettext_lazy(
        "The file could not be read as a spreadsheet saved as CSV (line %(line)s): save it "
        "again as CSV and upload it."
    ),
    "broken_feed": gettext_lazy(
        "The feed is not well-formed: the jobs that could be read were imported, and no job "
        "was closed because of this read."
    ),
    "broken_json": gettext_lazy(
        "Part of the page's job data could not be read: the jobs that could be read were "
        "imported, and no job was closed because of this read."
    ),
    "ignored_columns": gettext_lazy("These columns were not used: %(columns)s."),
    "interrupted": gettext_lazy(
        "The import was interrupted before it finished: it will run again at its next time."
    ),
    "crash": gettext_lazy(
        "The import stopped on an unexpected error. It will run again at its next time; "
        "tell the site's administrators if it happens again."
    ),
    "too_large": gettext_lazy(
        "The file is larger than the limit of %(size)s MB: split it, or import a shorter feed."
    ),
    "dns": gettext_lazy("The address %(address)s could not be found: check how it is written."),
    "private_address": gettext_lazy(
        "The address %(address)s leads to a private or local network: only public addresses "
        "can be imported."
    ),
    "bad_url": gettext_lazy("The address %(address)s is not a valid web address."),
    "bad_scheme": gettext_lazy("Only addresses starting with http:// or https:// can be imported."),
    "timeout": gettext_lazy(
        "The server of %(address)s took too long to answer: the import will try again at "
        "its next time."
    ),
    "tls": gettext_lazy(
        "The secure connection to %(address)s failed: the site's certificate may have "
        "expired. Tell the site's owner."
    ),
    "connect": gettext_lazy(
        "The server of %(address)s could not be reached: the import will try again at its "
        "next time."
    ),
    "http_status": gettext_lazy(
        "The server of %(address)s answered with an error: check that the address still "
        "leads to the jobs."
    ),
    "redirects": gettext_lazy(
        "The address %(address)s redirects too many times: give the address it ends at."
    ),
    # A code this version does not know (a newer fetch error): still a sentence.
    "unknown": gettext_lazy(
        "The import could not read its source: check the source's address, then import again."
    ),
}


def render(
    table: Mapping[str, Any], code: str, params: Mapping[str, Any] | None, fallback: str
) -> str:
    """The sentence for `code` in the active language, with its parameters. `params` is
    None on rows saved before parameters were (their saved text, `fallback`, is shown)."""
    template = table.get(code)
    if template is None or params is None:
        return fallback
    values = dict(params)
    if "what" in values:
        values["what"] = str(DATE_KINDS.get(values["what"], values["what"]))
    if "fields" in values and isinstance(values["fields"], list):
        values["fields"] = _field_names(values["fields"])
    try:
        return str(template) % values
    except (KeyError, TypeError, ValueError):
        return fallback or str(template)


def _field_names(fields: list[str]) -> str:
    """ "employer, province or territory": the posting's fields as its form names them."""
    names = []
    for name in fields:
        try:
            field = Posting._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        names.append(str(getattr(field, "verbose_name", "") or _("details")))
    return ", ".join(dict.fromkeys(names))
