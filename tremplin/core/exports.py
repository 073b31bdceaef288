"""Files people open in a spreadsheet.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to
Excel, LibreOffice and Google Sheets ("CSV injection"): a counsellor's name such as
`=HYPERLINK("…")` would run when the agency opens its report. Every export writes its
cells through `csv_safe`, which puts a single quote before such a cell (OWASP's advice:
the spreadsheet then shows the text as it was typed, and runs nothing)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """The cell as text a spreadsheet will not run; numbers and other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """The rows as CSV in UTF-8 with a byte-order mark (so that spreadsheets read the
    accents), every cell through `csv_safe`."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows([csv_safe(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def csv_download(body: bytes, filename: str) -> HttpResponse:
    """A CSV file (from `csv_bytes`) the browser saves as `filename`; never kept by a
    shared or the browser's cache (every export holds people's data)."""
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
