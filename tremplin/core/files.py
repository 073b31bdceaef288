"""Serving private files (vault documents, message attachments)."""

from __future__ import annotations

from django.http import FileResponse


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
