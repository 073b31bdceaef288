"""Uploaded pictures are never stored as sent: the type is read from the bytes, the
image is decoded, turned upright, stripped of EXIF/GPS, resized and re-encoded."""

from __future__ import annotations

import io

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
# Decoding costs memory by pixels, not by bytes: a 116 kB PNG of 6300 x 6300 pixels took
# about 390 MB of the web process. A JPEG is decoded at a reduced scale (Pillow's
# `draft`: 1/2 to 1/8, straight from the compressed data), so a camera's 48-megapixel
# photo costs a few MB; other formats decode every pixel, so they are refused past
# 12 megapixels (4000 x 3000), checked from the header before decoding.
MAX_PIXELS = {"JPEG": 50_000_000}
OTHER_MAX_PIXELS = 12_000_000


def sanitise_image(upload, *, max_side: int = 800) -> ContentFile:
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The picture is too large: %(size)s MB at most.")
            % {"size": settings.PHOTO_MAX_BYTES // (1024 * 1024)},
            code="too_large",
        )
    head = upload.read(4096)
    upload.seek(0)
    mime = magic.from_buffer(head, mime=True)
    if mime not in ACCEPTED_TYPES:
        raise ValidationError(
            _("This file is not a JPEG, PNG, WebP or GIF picture."), code="bad_type"
        )
    try:
        with Image.open(upload) as probe:
            limit = MAX_PIXELS.get(probe.format or "", OTHER_MAX_PIXELS)
            if probe.width * probe.height > limit:
                raise ValidationError(_("The picture has too many pixels."), code="too_big")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as opened:
            if opened.format == "JPEG":
                opened.draft("RGB", (max_side, max_side))  # decoded at 1/2..1/8 scale
            opened.load()
            image = ImageOps.exif_transpose(opened).convert("RGB")
            image.thumbnail((max_side, max_side))
            # A fresh image carries pixels only: no EXIF, GPS, ICC or comments.
            clean = Image.new("RGB", image.size)
            clean.paste(image)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("This picture could not be read."), code="unreadable") from None
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")
