"""Files attached to a message: checked from their bytes before anything is stored.

A picture is re-encoded without EXIF (core.images); a PDF is kept as it is; anything
else is refused with a `MessagingError` ("invalid").
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import magic
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from tremplin.core.files import clean_filename
from tremplin.core.images import ACCEPTED_TYPES as IMAGE_TYPES
from tremplin.core.images import sanitise_image
from tremplin.core.refusals import message_of
from tremplin.messaging.errors import MessagingError
from tremplin.messaging.models import AttachmentKind

PDF_MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 4


@dataclass
class PreparedFile:
    """An upload checked from its bytes and ready to store (images already re-encoded)."""

    kind: str
    content: ContentFile
    original_name: str


def prepare_attachment(upload: Any) -> PreparedFile:
    """Read the type from the bytes (never from the name or the browser's word): a
    picture is re-encoded without EXIF; a PDF is kept as is. Anything else is refused."""
    name = clean_filename(getattr(upload, "name", ""))
    if upload.size > PDF_MAX_BYTES:
        raise MessagingError(
            _("“%(name)s” is too large: %(size)d MB at most.")
            % {"name": name, "size": PDF_MAX_BYTES // (1024 * 1024)},
            code="invalid",
        )
    head = upload.read(4096)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if mime in IMAGE_TYPES:
        try:
            clean = sanitise_image(upload, max_side=2000)
        except ValidationError as error:
            raise MessagingError(
                _("“%(name)s”: %(reason)s") % {"name": name, "reason": message_of(error)},
                code="invalid",
            ) from None
        stem = os.path.splitext(name)[0] or "image"
        return PreparedFile(AttachmentKind.IMAGE, clean, f"{stem[:140]}.jpg")
    if mime == "application/pdf" and head.startswith(b"%PDF-"):
        stem = os.path.splitext(name)[0] or "document"
        return PreparedFile(AttachmentKind.PDF, ContentFile(upload.read()), f"{stem[:140]}.pdf")
    raise MessagingError(
        _("“%(name)s” is not a picture (JPEG, PNG, WebP or GIF) or a PDF document.")
        % {"name": name},
        code="invalid",
    )


def prepare_attachments(uploads: Iterable[Any] | None) -> list[PreparedFile]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_ATTACHMENTS:
        raise MessagingError(
            _("Attach %(max)d files at most to one message.") % {"max": MAX_ATTACHMENTS},
            code="invalid",
        )
    return [prepare_attachment(upload) for upload in uploads]
