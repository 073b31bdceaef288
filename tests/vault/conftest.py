"""Vault fixtures: files of every accepted type (and bad ones), the extra personas
(a counsellor of another agency, an agency admin), and alice's CV shared with dave."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import OrganizationFactory, give_totp, make_member
from tremplin.organizations.models import Role
from tremplin.vault import services

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_bytes(text: str = "") -> bytes:
    return PDF.replace(b"endobj", f"endobj\n% {text}".encode()) if text else PDF


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def png_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Maker"  # Make
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def upload(content: bytes, name: str = "cv.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def people(personas):
    other_agency = OrganizationFactory(name="Agence Ailleurs", slug="agence-ailleurs")
    outsider = make_member(other_agency, Role.COUNSELLOR, email="olga@example.org", name="Olga")
    admin = make_member(personas.agency, Role.ADMIN, email="adam@example.org", name="Adam")
    for user in (outsider, admin):
        give_totp(user)
    return SimpleNamespace(**vars(personas), outsider=outsider, admin=admin)


@pytest.fixture
def cv(people):
    """Alice's CV, shared with dave (her counsellor), not with bob."""
    document = services.upload_document(people.alice, upload(pdf_bytes()), title="Mon CV")
    services.share_with(people.alice, document, people.dave)
    return document
