"""Serving private files (vault documents, message attachments)."""

from __future__ import annotations

import os
import unicodedata

from django.http import FileResponse


def clean_filename(name: str) -> str:
    """An uploaded file's name as we keep and show it: no folders, printable
    characters only (NFC), 150 characters at most, never empty."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable())
    return name.strip()[:150] or "fichier"


def private_file_response(
    handle, *, content_type: str, filename: str, as_attachment: bool
) -> FileResponse:
    """A file only its audience may fetch: never cached by shared caches or the browser,
    never sniffed into another type. `as_attachment` makes the browser download it
    rather than show it under our origin."""
    response = FileResponse(
        handle, content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
