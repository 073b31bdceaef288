"""Actions on job imports. Pages and API call these; nothing else writes the models.

- `create_source`, `update_source`, `delete_source`: agency admins configure sources.
- `request_import`: "import now" — a queued `ImportRun` row is written, and the task
  `tasks.run_import` is queued after commit (durable: the row exists before the request
  returns).
- `upload`: a file for a source (CSV, or a feed or page saved as a file), imported at
  once in the request (it is at most `JOB_IMPORTS_MAX_BYTES`); it closes the postings
  the file lacks only when asked. The pages stage the file first (`uploads.py`: preview,
  then confirm).
- `execute(run_id)`: the import itself, for a queued run: fetch (SSRF-safe), parse,
  de-duplicate, upsert each item through `jobs.imported.import_upsert` in its own
  transaction, withdraw what disappeared, record the counts and per-item errors (codes
  and parameters: `messages` renders them in the reader's language).
- `close_stale_postings()`: periodic, imported postings with no closing date close once
  older than `JOB_IMPORTS_STALE_DAYS`.

Refusals are `ImportRefused` (a `core.refusals.Refusal`, area "job_imports"): field
errors, or a `code` whose status the one table gives (`too_large`, `empty`,
`upload_only`). Only an agency's admins manage its imports (`core.viewer`'s roles).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tremplin.core import safe_fetch
from tremplin.core.refusals import Refusal
from tremplin.job_imports import parsing, upserting
from tremplin.job_imports.models import (
    MAX_POLL_MINUTES,
    MIN_POLL_MINUTES,
    NAME_MAX_LENGTH,
    RUN_TRANSITIONS,
    URL_MAX_LENGTH,
    ImportedItem,
    ImportItemError,
    ImportRun,
    ImportSource,
    RunStatus,
    SourceKind,
    Trigger,
    administered_agency_ids,
)
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.jobs.services import transition
from tremplin.organizations.models import Organization

logger = logging.getLogger(__name__)

# At most this many item errors are kept per run (all are counted).
MAX_ITEM_ERRORS = 1000
# A run still queued or running after this long was interrupted (a crash): it is
# marked failed so the history tells the truth; the next due poll reads the source again.
STALE_AFTER = timedelta(hours=1)
SOURCE_FIELDS = ("name", "kind", "url", "poll_minutes", "active", "withdraw_missing")


class ImportRefused(Refusal):
    """A refusal: field errors, or a `code` (see the module's docstring)."""

    area = "job_imports"


def require_admin(user: Any, agency: Organization) -> None:
    if agency.pk not in administered_agency_ids(user):
        raise PermissionDenied(_("Only the agency's administrators manage its imports."))


# ------------------------------------------------------------------ sources


def _clean_source(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    values["name"] = " ".join(str(values.get("name") or "").split())
    if not values["name"]:
        fail("name", _("Give the source a name."))
    elif len(values["name"]) > NAME_MAX_LENGTH:
        fail(
            "name",
            _("The name is too long: %(limit)d characters at most.") % {"limit": NAME_MAX_LENGTH},
        )
    if values.get("kind") not in SourceKind.values:
        fail("kind", _("Pick one of the kinds offered."))
    url = str(values.get("url") or "").strip()
    values["url"] = url
    # An address is optional for every kind: without one, the source takes uploads only.
    if url:
        message = url_problem(url)
        if message:
            fail("url", message)
    minutes = values.get("poll_minutes")
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not (MIN_POLL_MINUTES <= minutes <= MAX_POLL_MINUTES)
    ):
        fail(
            "poll_minutes",
            _("Read it every %(min)d to %(max)d minutes.")
            % {"min": MIN_POLL_MINUTES, "max": MAX_POLL_MINUTES},
        )
    values["active"] = bool(values.get("active"))
    values["withdraw_missing"] = bool(values.get("withdraw_missing"))
    if errors:
        raise ImportRefused(errors)
    return values


def url_problem(url: str) -> str:
    """Why this address cannot be a source (the syntax, or an internal address written
    literally), or "". Host names are checked when they are fetched."""
    if len(url) > URL_MAX_LENGTH:
        return _("The address is too long: %(limit)d characters at most.") % {
            "limit": URL_MAX_LENGTH
        }
    try:
        URLValidator(schemes=["http", "https"])(url)
        host = (urlsplit(url).hostname or "").strip("[]")
    except (ValidationError, ValueError):
        return _("Enter a web address starting with https://.")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        literal = False
    else:
        literal = True
    allowed = {str(h).lower().strip("[]") for h in settings.JOB_IMPORTS_ALLOWED_HOSTS}
    if literal and host.lower() not in allowed and not safe_fetch.is_public_address(host):
        return _(
            "The address “%(host)s” leads to a private or local network: only public "
            "addresses can be imported."
        ) % {"host": host}
    return ""


def create_source(user: Any, agency: Organization, data: Mapping[str, Any]) -> ImportSource:
    require_admin(user, agency)
    values = _clean_source(
        {"poll_minutes": 60, "active": True, "withdraw_missing": True, **dict(data)}
    )
    source = ImportSource(agency=agency, created_by=user)
    for field in SOURCE_FIELDS:
        setattr(source, field, values[field])
    source.next_poll_at = timezone.now() if source.is_polled and source.active else None
    source.save()
    return source


def update_source(user: Any, source: ImportSource, data: Mapping[str, Any]) -> ImportSource:
    require_admin(user, source.agency)
    values = _clean_source({**{f: getattr(source, f) for f in SOURCE_FIELDS}, **dict(data)})
    changed_address = values["url"] != source.url or values["kind"] != source.kind
    for field in SOURCE_FIELDS:
        setattr(source, field, values[field])
    if not (source.is_polled and source.active):
        source.next_poll_at = None
    elif source.next_poll_at is None or changed_address:
        source.next_poll_at = timezone.now()
    source.save()
    return source


def delete_source(user: Any, source: ImportSource) -> None:
    """The source, its runs and its memory of items go; the postings stay (closed ones
    stay closed, open ones stay open until they expire or staff close them)."""
    require_admin(user, source.agency)
    source.delete()


# ------------------------------------------------------------------ runs


def request_import(user: Any, source: ImportSource) -> ImportRun:
    """ "Import now": a queued run, read by the task worker after commit."""
    require_admin(user, source.agency)
    if not source.is_polled:
        raise ImportRefused(
            _("This source has no address: upload a file to import it."), code="upload_only"
        )
    return queue_run(source, Trigger.MANUAL, user=user)


def queue_run(source: ImportSource, trigger: str, *, user: Any = None) -> ImportRun:
    from tremplin.job_imports.tasks import run_import  # the task module imports this one

    with transaction.atomic():
        run = ImportRun.objects.create(source=source, trigger=trigger, started_by=user)
        source_id, run_id = source.pk, run.pk
        transaction.on_commit(lambda: run_import.enqueue(source_id, str(trigger), run_id))
    return run


def read_upload(file: UploadedFile, max_bytes: int | None = None) -> bytes:
    """The bytes of an uploaded file, refused past the size limit (read in chunks)."""
    max_bytes = max_bytes or settings.JOB_IMPORTS_MAX_BYTES
    if (getattr(file, "size", 0) or 0) > max_bytes:
        raise ImportRefused(safe_fetch.too_large(max_bytes).message, code="too_large")
    chunks = []
    total = 0
    for chunk in file.chunks():
        total += len(chunk)
        if total > max_bytes:
            raise ImportRefused(safe_fetch.too_large(max_bytes).message, code="too_large")
        chunks.append(chunk)
    content = b"".join(chunks)
    if not content.strip():
        raise ImportRefused(_("The file is empty."), code="empty")
    return content


def upload(
    user: Any, source: ImportSource, file: UploadedFile, *, close_missing: bool = False
) -> ImportRun:
    """Import an uploaded file for `source` now, in one step; returns the finished run.
    The live postings the file lacks are closed only when the caller says so
    (`close_missing`): the pages show what would close first (`uploads.py`)."""
    require_admin(user, source.agency)
    content = read_upload(file)
    run = ImportRun.objects.create(source=source, trigger=Trigger.UPLOAD, started_by=user)
    return execute(run.pk, content=content, withdraw=close_missing)


def fail_stale_runs() -> int:
    cutoff = timezone.now() - STALE_AFTER
    return ImportRun.objects.filter(
        Q(status=RunStatus.QUEUED, created__lt=cutoff)
        | Q(status=RunStatus.RUNNING, started__lt=cutoff)
    ).update(
        status=RunStatus.FAILED,
        finished=timezone.now(),
        error_code="interrupted",
        error_params={},
    )


def execute(run_id: int, *, content: bytes | None = None, withdraw: bool = True) -> ImportRun:
    """Run a queued import once (a second call for the same run does nothing). With
    `withdraw` False, nothing is closed whatever the source's setting (an upload the
    admin imported without closing what it lacks)."""
    now = timezone.now()
    claimed = ImportRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started=now
    )
    run = ImportRun.objects.select_related("source__agency", "started_by").get(pk=run_id)
    if not claimed:
        return run
    # What the run records is codes and parameters, whatever the language: the messages
    # of the posting service (refusals) are the only sentences, in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _import(run, content, withdraw=withdraw)
        except Exception:  # the run records any crash; the log keeps the traceback
            logger.exception("Import run %s crashed", run_id)
            run.status = RunStatus.FAILED
            run.error_code = "crash"
            run.error_params = {}
            run.finished = timezone.now()
            run.save()
    return run


def _finish(run: ImportRun, status: str) -> None:
    RUN_TRANSITIONS.check(run.status, status, ImportRefused)
    run.status = status
    run.finished = timezone.now()
    run.save()
    ImportSource.objects.filter(pk=run.source_id).update(last_polled_at=run.finished)


def _import(run: ImportRun, content: bytes | None, *, withdraw: bool) -> None:
    source = run.source
    try:
        if content is None:
            fetched = safe_fetch.fetch(
                source.url,
                max_bytes=settings.JOB_IMPORTS_MAX_BYTES,
                timeout=settings.JOB_IMPORTS_TIMEOUT,
            )
            content = fetched.content
        parsed = parsing.parse(source.kind, content, address=source.url, columns=source.column_map)
    except safe_fetch.FetchError as error:
        run.error_code = error.code
        run.error_params = {"address": source.url, "size": _megabytes()}
        _finish(run, RunStatus.FAILED)
        return
    except parsing.ParseError as error:
        run.error_code = error.code
        run.error_params = error.params
        _finish(run, RunStatus.FAILED)
        return
    run.warning_code = parsed.warning_code
    run.warning_params = parsed.warning_params if parsed.warning_code else None
    errors: list[ImportItemError] = []

    def record(item: parsing.Item, code: str, params: dict[str, Any]) -> None:
        run.failed_count += 1
        if len(errors) < MAX_ITEM_ERRORS:
            errors.append(
                ImportItemError(
                    run=run,
                    position=item.position,
                    identifier=item.identifier[:200],
                    url=item.url[:URL_MAX_LENGTH],
                    title=item.title[:200],
                    code=code,
                    params=params,
                )
            )

    upserting.import_items(run, source, parsed.items, record)
    if parsed.complete and source.withdraw_missing and withdraw:
        upserting.withdraw_missing(run, source)
    ImportItemError.objects.bulk_create(errors)
    partial = run.failed_count or run.warning_code
    _finish(run, RunStatus.PARTIAL if partial else RunStatus.SUCCEEDED)


def _megabytes() -> str:
    return f"{settings.JOB_IMPORTS_MAX_BYTES / (1024 * 1024):.2g}"


def close_stale_postings(batch: int = 500) -> int:
    """Periodic: open imported postings that give no closing date and were posted (or
    imported) longer ago than `JOB_IMPORTS_STALE_DAYS` expire, so that a feed that never
    removes its old jobs does not keep them open for ever. Returns how many."""
    cutoff = timezone.now() - timedelta(days=settings.JOB_IMPORTS_STALE_DAYS)
    stale = (
        Posting.objects.filter(
            status=PostingStatus.OPEN,
            valid_through__isnull=True,
            pk__in=ImportedItem.objects.values("posting"),
        )
        .filter(Q(date_posted__lt=cutoff) | Q(date_posted__isnull=True, created__lt=cutoff))
        .order_by("id")[:batch]
    )
    closed = 0
    for posting in stale:
        with transaction.atomic():
            transition(posting, PostingStatus.EXPIRED)
            closed += 1
    return closed
