"""Each item of an import run, once the document is read: skip the broken ones and the
repeats (recorded), recognise what the source imported before (by identifier, then URL,
then content hash), upsert through `jobs.imported.import_upsert` in its own transaction,
and close what a complete read no longer lists. `services.execute` drives it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tremplin.job_imports import twins
from tremplin.job_imports.items import Item
from tremplin.job_imports.models import (
    ImportedItem,
    ImportRun,
    ImportSource,
    ItemErrorCode,
)
from tremplin.jobs.imported import import_upsert
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.jobs.services import transition

# record(item, error code, the code's parameters)
Record = Callable[[Item, str, dict[str, Any]], None]


def import_items(run: ImportRun, source: ImportSource, items: list[Item], record: Record) -> None:
    """Each item once (a repeat in the same document is an error), upserted."""
    for item, first in _each_once(items):
        if not item.ok:
            record(item, item.error_code, item.error_params)
            _touch(source, item, run)  # a broken item is not a withdrawn one
        elif first is not None:
            record(item, ItemErrorCode.DUPLICATE, {"first": first})
        else:
            _upsert(run, source, item, record)


def _each_once(items: list[Item]) -> Iterator[tuple[Item, int | None]]:
    """Each item with the position of the first item it repeats (None: not a repeat)."""
    seen_identifiers: dict[str, int] = {}
    seen_urls: dict[str, int] = {}
    seen_hashes: dict[str, int] = {}
    for item in items:
        if not item.ok:
            yield item, None
            continue
        first = _duplicate_of(item, seen_identifiers, seen_urls, seen_hashes)
        if first is None:
            if item.identifier:
                seen_identifiers[item.identifier] = item.position
            if item.url:
                seen_urls[item.url] = item.position
            seen_hashes[item.content_hash] = item.position
        yield item, first


@dataclass
class Preview:
    """What importing a document would do, nothing written: counts of the items that
    would be created, updated, left as they are or skipped, and the open postings a
    complete read would close (those of the source's items the document no longer has)."""

    created: int = 0
    linked: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    closing: list[Posting] = field(default_factory=list)


def preview(source: ImportSource, items: list[Item], *, complete: bool) -> Preview:
    """The same matching as `import_items` and `withdraw_missing`, read only."""
    result = Preview()
    seen: set[int] = set()
    for item, first in _each_once(items):
        found = _match(source, item) if (item.ok or item.identifier or item.url) else None
        if found is not None and first is None:
            seen.add(found.pk)
        _count(result, source, item, found, repeat=first is not None)
    if complete and source.withdraw_missing:
        gone = (
            ImportedItem.objects.filter(source=source, withdrawn_at__isnull=True)
            .exclude(pk__in=seen)
            .filter(posting__status=PostingStatus.OPEN)
            .select_related("posting")
            .order_by("posting__title_fr", "posting__title_en", "pk")
        )
        result.closing = [found.posting for found in gone if not _listed_elsewhere(found)]
    return result


def _count(
    result: Preview, source: ImportSource, item: Item, found: ImportedItem | None, *, repeat: bool
) -> None:
    """What `_upsert` would do with the item, counted."""
    if not item.ok or repeat:
        result.failed += 1
    elif found is None and twins.twin_of(source, item) is not None:
        result.linked += 1
    elif found is None:
        result.created += 1
    elif found.linked or _left_alone(found, item):
        result.unchanged += 1
    else:
        result.updated += 1


def _duplicate_of(
    item: Item,
    identifiers: dict[str, int],
    urls: dict[str, int],
    hashes: dict[str, int],
) -> int | None:
    if item.identifier and item.identifier in identifiers:
        return identifiers[item.identifier]
    if not item.identifier and item.url and item.url in urls:
        return urls[item.url]
    return hashes.get(item.content_hash)


def _match(source: ImportSource, item: Item) -> ImportedItem | None:
    """The item remembered for this source: by identifier, then by URL, then by content
    hash (URL and hash only where one side has no identifier: two jobs of one employer
    may share an application page)."""
    items = ImportedItem.objects.filter(source=source).select_related("posting")
    if item.identifier:
        found = items.filter(identifier=item.identifier).first()
        if found is not None:
            return found
        items = items.filter(identifier="")
    if item.url:
        found = items.filter(url=item.url).order_by("-id").first()
        if found is not None:
            return found
    if item.content_hash:
        return items.filter(content_hash=item.content_hash).order_by("-id").first()
    return None


def _touch(source: ImportSource, item: Item, run: ImportRun) -> None:
    if not (item.identifier or item.url):
        return
    found = _match(source, item)
    if found is not None:
        ImportedItem.objects.filter(pk=found.pk).update(last_seen_run=run)


def _upsert(run: ImportRun, source: ImportSource, item: Item, record: Record) -> None:
    existing = _match(source, item)
    if existing is None and _link_to_twin(run, source, item):
        return
    if existing is not None and (existing.linked or _left_alone(existing, item)):
        # A linked item never writes the posting: the source that created it does.
        # Nothing changed (or moderation took it down: an import never brings it back).
        ImportedItem.objects.filter(pk=existing.pk).update(last_seen_run=run)
        run.unchanged_count += 1
        return
    try:
        with transaction.atomic():
            result = _save_item(run, source, item, existing)
    except PermissionDenied as error:
        record(item, ItemErrorCode.REFUSED, {"reason": str(error)[:300]})
        _touch(source, item, run)
        return
    except ValidationError as error:
        record(item, ItemErrorCode.INVALID, {"fields": _fields(error)})
        _touch(source, item, run)
        return
    if existing is None:
        run.created_count += 1
    elif result == "unchanged":
        run.unchanged_count += 1
    else:
        run.updated_count += 1


def _link_to_twin(run: ImportRun, source: ImportSource, item: Item) -> bool:
    """A new item another source of the agency already imported joins its posting."""
    found = twins.twin_of(source, item)
    if found is None:
        return False
    ImportedItem.objects.create(
        source=source,
        posting=found[0],
        identifier=item.identifier,
        url=item.url,
        content_hash=item.content_hash,
        last_seen_run=run,
        linked=True,
    )
    run.linked_count += 1
    return True


def _left_alone(existing: ImportedItem, item: Item) -> bool:
    """The same item as last time, or a posting moderation took down."""
    still = existing.content_hash == item.content_hash and existing.withdrawn_at is None
    return still or existing.posting.status in (PostingStatus.REMOVED, PostingStatus.REJECTED)


def _save_item(
    run: ImportRun, source: ImportSource, item: Item, existing: ImportedItem | None
) -> str:
    """Upsert the item's posting and remember the item; returns what `import_upsert`
    did ("reopened" for a withdrawn item that came back)."""
    # The item's data as it is: a job without a province has none (never the agency's).
    posting = import_upsert(
        source.agency, dict(item.data), existing=existing.posting if existing else None
    )
    result = getattr(posting, "upsert_result", "")
    if (
        existing is not None
        and existing.withdrawn_at is not None
        and posting.status == PostingStatus.CLOSED
        and (posting.valid_through is None or posting.valid_through > timezone.now())
    ):
        # We closed it when it left the source; it is back, so it opens again
        # (import_upsert leaves a closed posting closed when its data is the same).
        transition(posting, PostingStatus.OPEN)
        result = "reopened"
    if existing is None:
        ImportedItem.objects.create(
            source=source,
            posting=posting,
            identifier=item.identifier,
            url=item.url,
            content_hash=item.content_hash,
            last_seen_run=run,
        )
    else:
        existing.identifier = item.identifier or existing.identifier
        existing.url = item.url
        existing.content_hash = item.content_hash
        existing.last_seen_run = run
        existing.withdrawn_at = None
        existing.save()
    return result


def _fields(error: ValidationError) -> list[str]:
    """The posting fields a refusal names (the message names them as the form does)."""
    if hasattr(error, "error_dict"):
        return [field for field in error.message_dict if field != "__all__"]
    return []


def _listed_elsewhere(item: ImportedItem) -> bool:
    """Another source still lists the item's posting (the job stays open for it)."""
    return (
        ImportedItem.objects.filter(posting_id=item.posting_id, withdrawn_at__isnull=True)
        .exclude(pk=item.pk)
        .exists()
    )


def withdraw_missing(run: ImportRun, source: ImportSource) -> None:
    """Close the open postings whose item was not in this complete read."""
    gone = (
        ImportedItem.objects.filter(source=source, withdrawn_at__isnull=True)
        .exclude(last_seen_run=run)
        .select_related("posting")
    )
    for item in gone:
        with transaction.atomic():
            if item.posting.status == PostingStatus.OPEN and not _listed_elsewhere(item):
                transition(item.posting, PostingStatus.CLOSED)
                run.withdrawn_count += 1
            item.withdrawn_at = timezone.now()
            item.save(update_fields=["withdrawn_at"])
