"""Turning a feed, a page or a CSV file into items for `jobs.imported.import_upsert`.

Three readers share one finishing step (`items.finish`), each in its module:
`read_feed` (RSS/Atom, feedparser), `read_jsonld` (schema.org JobPosting in JSON-LD, from
an HTML page or a JSON file) and `read_csv`. A reader maps its document's fields to raw
items; `items.finish` reads their values. Nothing here touches the database.

A document that cannot be read at all raises `ParseError` with a stable code and the
parameters of its message (`messages.RUN`); a problem that did not stop the reading is
`Parsed.warning_code`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tremplin.job_imports.items import Item

MAX_ITEMS = 5000  # a source with more items is read up to this many


class ParseError(Exception):
    """The whole document cannot be read (not one item). `code` is stable."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Parsed:
    items: list[Item]
    # False when the document was broken: a missing item may only be unreadable, so
    # nothing is withdrawn on this run.
    complete: bool = True
    warning_code: str = ""
    warning_params: dict[str, Any] = field(default_factory=dict)


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def parse(
    kind: str, content: bytes, *, address: str = "", columns: dict[str, str] | None = None
) -> Parsed:
    """The items of `content`, a document of the source kind `kind`; `address` is where
    it was read (relative links are resolved against it); `columns`, the CSV columns the
    admin chose for the source (`ImportSource.column_map`)."""
    from tremplin.job_imports.read_csv import parse_csv
    from tremplin.job_imports.read_feed import parse_feed
    from tremplin.job_imports.read_jsonld import parse_jsonld

    if kind == "csv":
        return parse_csv(content, address=address, columns_chosen=columns)
    readers = {"rss_atom": parse_feed, "jsonld_page": parse_jsonld}
    return readers[kind](content, address=address)
