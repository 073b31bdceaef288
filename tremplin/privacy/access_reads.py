"""The read path of "who saw my data" (pages and API both read through here).

- `history_of(subject_id)`: every read of a member's data by someone else, newest first:
  this app's `AccessRecord` rows and each registered source's (the vault's access log),
  as one SQL UNION, so a page of it is one query whatever the sources.
- `present(rows)`: those rows as a page shows them (reader's name, role, agency, what),
  with one query for the readers' names and one for the agencies'.
- `notes_reads_of(viewer)`: reads of staff-only case notes at the agencies the viewer
  administers (no agency: None, the page is a 404).

Only the subject herself sees her history (the pages and the API ask for the signed-in
member's own); nobody else, staff included, has a way to ask for someone else's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import BigIntegerField, CharField, F, QuerySet, Value

from tremplin.accounts.models import User
from tremplin.core.viewer import viewer_of
from tremplin.privacy.access import COLUMNS, names_of_agencies, sources
from tremplin.privacy.models import AccessRecord, AccessRecordQuerySet, AccessWhat, ReaderRole


def _own_rows(subject_id: int | None) -> QuerySet[Any]:
    return (
        AccessRecord.objects.about(subject_id)
        .annotate(
            a_when=F("created"),
            a_reader=F("reader_id"),
            a_what=F("what"),
            a_role=F("role"),
            a_agency=F("agency_id"),
            a_object=F("object_id"),
            a_label=Value("", output_field=CharField()),
        )
        .values(*COLUMNS)
    )


def history_of(subject_id: int | None) -> QuerySet[Any]:
    """Every logged read of this member's data by someone else, newest first (nobody's:
    None, an empty history)."""
    rows = _own_rows(subject_id).order_by()
    if subject_id is None:
        return rows.none()
    others = [source.rows_of(subject_id).order_by() for source in sources]
    if others:
        rows = rows.union(*others, all=True)
    return rows.order_by("-a_when")


@dataclass
class Read:
    when: datetime
    reader: str | None  # None: someone we cannot name (a share link, a deleted account)
    role: str
    role_label: str
    agency: str | None
    what: str
    what_label: str
    label: str


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def present(rows: list[dict[str, Any]]) -> list[Read]:
    """A page of `history_of` as people read it (two queries: readers, agencies)."""
    reader_ids = {r["a_reader"] for r in rows if r["a_reader"] is not None}
    readers = {
        u.pk: u.display_name
        for u in User.objects.filter(pk__in=reader_ids).select_related("profile")
    }
    agencies = names_of_agencies(r["a_agency"] for r in rows)
    return [
        Read(
            when=r["a_when"],
            reader=readers.get(r["a_reader"]),
            role=r["a_role"],
            role_label=_label(ReaderRole, r["a_role"]),
            agency=agencies.get(r["a_agency"]) if r["a_agency"] is not None else None,
            what=r["a_what"],
            what_label=_label(AccessWhat, r["a_what"]),
            label=r["a_label"] or "",
        )
        for r in rows
    ]


def administered_agencies(viewer: Any) -> list[int]:
    """The agencies whose administrator the viewer is (from the viewer's memberships,
    read once per request)."""
    return sorted(viewer_of(viewer).organization_ids(role="admin", kind="agency"))


def notes_reads_of(viewer: Any) -> AccessRecordQuerySet | None:
    """Reads of staff-only case notes at the agencies the viewer administers, newest
    first; None when she administers none."""
    agencies = administered_agencies(viewer)
    if not agencies:
        return None
    return AccessRecord.objects.notes_reads(agencies)


# A column type for sources that have no agency or object: the same SQL type as ours.
NO_ID = Value(None, output_field=BigIntegerField())
