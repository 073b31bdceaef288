"""What an upload really is, read from its bytes (never from its name or the browser's
content type): PDF, Word (DOCX), OpenDocument text (ODT), or a JPEG/PNG/WebP picture,
which is re-encoded without metadata by `tremplin.core.images.sanitise_image`.
Anything else, empty, oversize, truncated or corrupt is refused with a clear message."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tremplin.core.files import clean_filename
from tremplin.core.images import sanitise_image
from tremplin.core.refusals import Refusal

MB = 1024 * 1024
# Zip containers (DOCX, ODT) are checked by reading every entry: bound what that costs.
ZIP_MAX_UNCOMPRESSED = 200 * MB
ZIP_MAX_ENTRIES = 5000
IMAGE_MAX_SIDE = 3000

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
JPEG = "image/jpeg"
EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", ODT: ".odt", JPEG: ".jpg"}


# Defaults; settings.VAULT_MAX_FILE_BYTES and settings.VAULT_QUOTA_BYTES override them
# (read on each call, so tests may change them).
DEFAULT_MAX_FILE_BYTES = 10 * MB
DEFAULT_QUOTA_BYTES = 100 * MB  # per owner, every version counted


def max_file_bytes() -> int:
    return getattr(settings, "VAULT_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)


def quota_bytes() -> int:
    return getattr(settings, "VAULT_QUOTA_BYTES", DEFAULT_QUOTA_BYTES)


class UploadRefused(Refusal):
    """An upload that is not stored; `code` is too_large, empty, bad_type or corrupt."""

    area = "vault"


@dataclass
class CheckedFile:
    content: bytes
    content_type: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _named(name: str, content_type: str) -> str:
    stem = os.path.splitext(name)[0] or "document"
    return f"{stem[:140]}{EXTENSIONS[content_type]}"


def _zip_type(data: bytes) -> str | None:
    """DOCX or ODT when the zip is whole and has their parts; None for other zips.
    Raises BadZipFile (or similar) when the archive is damaged."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES or (
            sum(e.file_size for e in entries) > ZIP_MAX_UNCOMPRESSED
        ):
            raise zipfile.BadZipFile("too large once uncompressed")
        if archive.testzip() is not None:  # reads every entry, checks each CRC
            raise zipfile.BadZipFile("bad CRC")
        names = {e.filename for e in entries}
        first = entries[0].filename if entries else ""
        if first == "mimetype" and archive.read("mimetype").strip() == ODT.encode():
            return ODT
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def check_upload(upload: Any) -> CheckedFile:
    name = clean_filename(getattr(upload, "name", ""))
    size = upload.size or 0
    limit = max_file_bytes()
    if size > limit:
        raise UploadRefused(
            _("“%(name)s” is too large: %(size)d MB at most.")
            % {"name": name, "size": limit // MB},
            code="too_large",
        )
    if size == 0:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    corrupt = UploadRefused(
        _("“%(name)s” is damaged or incomplete: it could not be read.") % {"name": name},
        code="corrupt",
    )
    if data.startswith(b"%PDF-"):
        # A whole PDF ends with %%EOF (followed at most by a few line ends).
        if b"%%EOF" not in data[-1024:]:
            raise corrupt
        return CheckedFile(data, PDF, _named(name, PDF))
    if data.startswith(b"PK\x03\x04"):
        try:
            found = _zip_type(data)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
            raise corrupt from None
        if found:
            return CheckedFile(data, found, _named(name, found))
    elif (
        data.startswith(b"\xff\xd8\xff")
        or data.startswith(b"\x89PNG\r\n\x1a\n")
        or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    ):
        try:
            clean = sanitise_image(upload, max_side=IMAGE_MAX_SIDE)
        except ValidationError as error:
            if error.code != "too_large":
                raise corrupt from None
            raise UploadRefused(
                _("“%(name)s”: %(reason)s") % {"name": name, "reason": " ".join(error.messages)},
                code="too_large",
            ) from None
        return CheckedFile(clean.read(), JPEG, _named(name, JPEG))
    raise UploadRefused(
        _(
            "“%(name)s” is not a PDF, a Word (DOCX) or OpenDocument (ODT) text, "
            "or a JPEG, PNG or WebP picture."
        )
        % {"name": name},
        code="bad_type",
    )
