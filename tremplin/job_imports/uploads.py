"""An upload in two steps: the file is staged (kept on the server under a random token
bound to the admin and the source, `PendingUpload`), the admin sees what importing it
would do — how many jobs are new, updated, unchanged or skipped, and which live
postings a source that closes missing jobs would close — and then confirms, closing
them or not. Without that confirmation nothing is closed.

Pages and API call the same three actions: `stage`, `preview_of`, `confirm`. The token
is the only thing the client sends back; it is looked up with the user and the source
(`PendingUpload.objects.usable_by`), so a guessed or another admin's token, or an
expired one, is a 404. A CSV whose columns are not all recognised first goes through
the columns' mapping (`columns.py`).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.job_imports import parsing, read_csv, services, upserting
from tremplin.job_imports.messages import RUN, render
from tremplin.job_imports.models import (
    PENDING_TTL,
    ImportRun,
    ImportSource,
    PendingUpload,
    Trigger,
)

logger = logging.getLogger(__name__)

# The live postings a preview lists by name (the count says how many in all).
CLOSING_SHOWN = 200


@dataclass
class UploadPreview:
    """What importing a staged file would do (`upserting.Preview`), or why it cannot be
    read (`error_code`, `error_params`: a run's error, `messages.RUN`)."""

    pending: PendingUpload
    counts: upserting.Preview = field(default_factory=upserting.Preview)
    error_code: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)
    # A CSV file's columns, and whether the admin must choose some first (no title,
    # or neither a description nor a link, recognised): then nothing else is read.
    header: read_csv.Header | None = None
    needs_columns: bool = False

    @property
    def error(self) -> str:
        if not self.error_code:
            return ""
        code = self.error_code if self.error_code in RUN else "unknown"
        return render(RUN, code, self.error_params, str(RUN["unknown"]))

    @property
    def closing_count(self) -> int:
        return len(self.counts.closing)

    @property
    def closing_shown(self) -> list[Any]:
        return self.counts.closing[:CLOSING_SHOWN]

    @property
    def expires(self) -> Any:
        return self.pending.created + PENDING_TTL


def stage(user: Any, source: ImportSource, file: UploadedFile) -> PendingUpload:
    """Keep the uploaded file for its preview (refused past the size limit or empty)."""
    services.require_admin(user, source.agency)
    content = services.read_upload(file)
    now = timezone.now()
    # The admin's expired uploads go now: nothing else needs a sweep.
    PendingUpload.objects.filter(user=user, created__lte=now - PENDING_TTL).delete()
    return PendingUpload.objects.create(
        token=secrets.token_urlsafe(32),
        source=source,
        user=user,
        name=str(getattr(file, "name", "") or "")[:200],
        content=content,
    )


def pending_or_404(user: Any, source: ImportSource, token: str) -> PendingUpload:
    found = (
        PendingUpload.objects.usable_by(user, source, timezone.now())
        .filter(token=str(token)[:64])
        .first()
    )
    if found is None:
        raise Http404
    found.source = source  # one instance: a choice of columns saved on it is seen here
    return found


def preview_of(pending: PendingUpload) -> UploadPreview:
    """Read the staged file as its source would, and say what importing it would do."""
    source = pending.source
    header = None
    try:
        if source.kind == "csv":
            header = read_csv.header_of(bytes(pending.content), source.column_map)
            if not header.complete:
                return UploadPreview(pending, header=header, needs_columns=True)
        parsed = parsing.parse(
            source.kind, bytes(pending.content), address=source.url, columns=source.column_map
        )
    except parsing.ParseError as error:
        return UploadPreview(pending, error_code=error.code, error_params=error.params)
    except Exception:  # a reader's bug on a strange file: said, logged, never a 500
        logger.exception("Preview of staged upload %s crashed", pending.pk)
        return UploadPreview(pending, error_code="unknown")
    counts = upserting.preview(source, parsed.items, complete=parsed.complete)
    return UploadPreview(pending, counts=counts, header=header)


def _columns_known(pending: PendingUpload) -> bool:
    try:
        return header_of(pending).complete
    except parsing.ParseError:
        return True  # the import itself records why the file cannot be read


def header_of(pending: PendingUpload) -> read_csv.Header:
    """A staged CSV file's columns and first rows, read with its source's choices."""
    return read_csv.header_of(bytes(pending.content), pending.source.column_map)


def confirm(user: Any, pending: PendingUpload, *, close_missing: bool) -> ImportRun:
    """Import the staged file (closing the live postings it lacks only when the admin
    said so) and forget it. A second confirmation of the same token finds nothing."""
    source = pending.source
    services.require_admin(user, source.agency)
    if source.kind == "csv" and not _columns_known(pending):
        raise services.ImportRefused(
            _(
                "Choose the columns of the file first: which one holds the title, and which "
                "the description or the link."
            ),
            code="needs_columns",
        )
    with transaction.atomic():
        taken = PendingUpload.objects.filter(pk=pending.pk).delete()[0]
        if not taken:
            raise Http404  # confirmed twice at once: the other request imported it
        run = ImportRun.objects.create(source=source, trigger=Trigger.UPLOAD, started_by=user)
    return services.execute(run.pk, content=bytes(pending.content), withdraw=close_missing)
