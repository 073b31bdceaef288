"""Who saw my data: recording reads, and the registries the apps above fill.

`record(...)` is what the apps that show a client's data to someone else call (casework
for the case record and notes, profiles for the sections shown only to counsellors, the
Django admin for case work): one INSERT, no query before it. The caller says what it
already knows (the reader's role and agency); nothing is looked up here.

Documents are not recorded here: the vault keeps its own access log (the owner reads it
on each document's page) and registers it as a `Source`, so each opening is written once
and the client's "who saw my data" page reads both (`reads.history_of`). Retention is
one setting for both, `TREMPLIN_ACCESS_LOG_KEPT_DAYS`, applied by `prune` (periodic).

Organisations are a layer above privacy: agency names are asked of the provider that a
higher app registers (`agency_names`), once per page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from tremplin.core.hooks import Hook
from tremplin.core.viewer import viewer_of
from tremplin.privacy.models import AccessRecord, AccessWhat, ReaderRole

# The columns every source's rows give, in this order (a SQL UNION of them all).
COLUMNS = ("a_when", "a_reader", "a_what", "a_role", "a_agency", "a_object", "a_label")


@dataclass(frozen=True)
class Source:
    """Another app's log of reads of a member's data. `rows(subject_id)` is a queryset of
    `COLUMNS` (values, annotated in that order); `prune(cutoff)` deletes what is older
    and returns how many rows it deleted. Each is a function or its dotted path."""

    name: str
    rows: Callable[[int], QuerySet[Any]] | str
    prune: Callable[[datetime], int] | str

    def rows_of(self, subject_id: int) -> QuerySet[Any]:
        function = import_string(self.rows) if isinstance(self.rows, str) else self.rows
        return function(subject_id)

    def prune_before(self, cutoff: datetime) -> int:
        function = import_string(self.prune) if isinstance(self.prune, str) else self.prune
        return int(function(cutoff))


sources: Hook[Source] = Hook("privacy access sources")


@dataclass(frozen=True)
class AgencyNames:
    """`names(ids) -> {id: name}` (one query), registered by the app that owns agencies."""

    names: Callable[[Iterable[int]], dict[int, str]] | str

    def __call__(self, ids: Iterable[int]) -> dict[int, str]:
        function = import_string(self.names) if isinstance(self.names, str) else self.names
        return function(ids)


agency_names: Hook[AgencyNames] = Hook("privacy agency names")


def names_of_agencies(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    for provider in agency_names:
        return provider(wanted)
    return {}


def record(
    reader: Any,
    subject_id: int | None,
    what: str,
    *,
    role: str,
    agency_id: int | None = None,
    object_id: int | None = None,
    notes: bool = False,
) -> None:
    """Log that `reader` read `what` of member `subject_id` (one INSERT). A member's own
    reads, and reads by nobody, are not logged."""
    if subject_id is None or reader is None or not getattr(reader, "is_authenticated", False):
        return
    if reader.pk == subject_id:
        return
    AccessRecord.objects.create(
        reader_id=reader.pk,
        subject_id=subject_id,
        what=what,
        role=role,
        agency_id=agency_id,
        object_id=object_id,
        notes=notes,
    )


def record_case_read(reader: Any, case: Any, *, notes: bool) -> None:
    """A counsellor opened a client's case work (`case`: a counselling case, with its
    client and agency ids); `notes`: staff-only case notes were shown."""
    record(
        reader,
        case.client_id,
        AccessWhat.CASE_RECORD,
        role=ReaderRole.COUNSELLOR,
        agency_id=case.agency_id,
        object_id=case.pk,
        notes=notes,
    )


def record_profile_read(reader: Any, owner_id: int) -> None:
    """A counsellor saw profile sections the member shows only to her counsellors. The
    agency is the reader's, from the memberships the request has read already (none
    named when she counsels at more than one agency)."""
    agencies = viewer_of(reader).organization_ids(role="counsellor", kind="agency")
    record(
        reader,
        owner_id,
        AccessWhat.PROFILE,
        role=ReaderRole.COUNSELLOR,
        agency_id=next(iter(agencies)) if len(agencies) == 1 else None,
    )


def record_admin_read(reader: Any, subject_id: int | None, object_id: Any) -> None:
    """A site administrator opened a client's case work in the Django admin."""
    try:
        pk = int(object_id)
    except (TypeError, ValueError):
        pk = None
    record(reader, subject_id, AccessWhat.ADMIN, role=ReaderRole.SITE_ADMIN, object_id=pk)


def cutoff() -> datetime:
    return timezone.now() - timedelta(days=settings.TREMPLIN_ACCESS_LOG_KEPT_DAYS)


def prune() -> int:
    """Periodic work: reads older than `TREMPLIN_ACCESS_LOG_KEPT_DAYS` are deleted, here
    and in every registered source. Idempotent; returns how many rows went."""
    before = cutoff()
    deleted, _by_model = AccessRecord.objects.older_than(before).delete()
    return deleted + sum(source.prune_before(before) for source in sources)
