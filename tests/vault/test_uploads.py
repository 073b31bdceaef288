"""Type from content, limits, quota: accepted files are stored under random names;
refused ones get a clear message and leave no row and no file."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from tests.conftest import client_for
from tests.vault.conftest import (
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    png_with_exif,
    stored_files,
    upload,
)
from tremplin.vault import services
from tremplin.vault.models import Document, DocumentVersion
from tremplin.vault.storage import vault_storage

pytestmark = pytest.mark.django_db

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("content", "name", "expected_type", "expected_name"),
    [
        (pdf_bytes(), "cv.pdf", "application/pdf", "cv.pdf"),
        (
            docx_bytes(),
            "lettre.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "lettre.docx",
        ),
        (odt_bytes(), "lettre.odt", "application/vnd.oasis.opendocument.text", "lettre.odt"),
        # The extension follows the content, not the name the member gave.
        (pdf_bytes(), "cv.exe", "application/pdf", "cv.pdf"),
    ],
)
def test_accepted_types_are_read_from_the_bytes(
    personas, content, name, expected_type, expected_name
):
    document = services.upload_document(
        personas.alice, upload(content, name, "application/octet-stream"), title="Doc"
    )
    version = document.versions.get()
    assert version.content_type == expected_type
    assert version.original_name == expected_name
    assert version.size == len(content)
    assert name.split(".")[0] not in version.file_name  # random storage name
    assert version.file_name.startswith("vault/")
    with vault_storage().open(version.file_name) as handle:
        assert handle.read() == content


def test_a_picture_is_re_encoded_without_its_metadata(personas):
    document = services.upload_document(
        personas.alice, upload(png_with_exif(), "diplome.png", "image/png"), title="Diplôme"
    )
    version = document.versions.get()
    assert version.content_type == "image/jpeg"
    assert version.original_name == "diplome.jpg"
    with vault_storage().open(version.file_name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        assert image.format == "JPEG"
        assert not image.getexif()


BAD = {
    "renamed_exe": (EXE, "cv.pdf", "is not a PDF"),
    "empty": (b"", "cv.pdf", "is empty"),
    "truncated_pdf": (pdf_bytes()[:40], "cv.pdf", "damaged or incomplete"),
    "corrupt_zip": (docx_bytes()[:-30] + b"\x00" * 30, "cv.docx", "damaged or incomplete"),
    "plain_zip": (b"PK\x03\x04" + b"\x00" * 60, "cv.docx", "damaged or incomplete"),
    "corrupt_png": (b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "photo.png", "damaged or incomplete"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_uploads_on_the_page_get_a_message_and_leave_nothing(personas, case):
    content, name, message = BAD[case]
    response = client_for(personas.alice).post(
        "/en/documents/",
        {"title": "My CV", "kind": "cv", "file": upload(content, name)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="My CV"' in response.content.decode()  # the member's input is kept
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert stored_files() == []


def test_a_zip_that_is_neither_docx_nor_odt_is_the_wrong_type(personas):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("setup.exe", EXE)
    with pytest.raises(ValidationError) as error:
        services.upload_document(personas.alice, upload(out.getvalue(), "cv.docx"), title="x")
    assert error.value.code == "bad_type"
    assert stored_files() == []


def test_an_oversize_file_is_refused_before_it_is_read(personas, settings):
    settings.VAULT_MAX_FILE_BYTES = 1024 * 1024
    big = pdf_bytes("x" * (1024 * 1024 + 10))
    response = client_for(personas.alice).post(
        "/en/documents/", {"title": "Big", "kind": "cv", "file": upload(big)}
    )
    assert response.status_code == 400
    assert "is too large: 1 MB at most" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files() == []


def test_over_quota_is_refused_with_the_space_used(personas, settings):
    settings.VAULT_QUOTA_BYTES = 2 * len(pdf_bytes()) + 10
    document = services.upload_document(personas.alice, upload(pdf_bytes()), title="One")
    services.add_version(personas.alice, document, upload(pdf_bytes("v2")))
    before = stored_files()
    response = client_for(personas.alice).post(
        "/en/documents/", {"title": "Three", "kind": "cv", "file": upload(pdf_bytes())}
    )
    assert response.status_code == 400
    assert "Your vault is full" in response.content.decode()
    assert Document.objects.count() == 1
    assert DocumentVersion.objects.count() == 2  # every version counts
    assert stored_files() == before
    # A restore is a new version: it counts too.
    with pytest.raises(ValidationError) as error:
        services.restore_version(personas.alice, document, 1)
    assert error.value.code == "over_quota"
    assert stored_files() == before


def test_the_french_message_is_translated(personas):
    with translation.override("fr"):
        response = client_for(personas.alice).post(
            "/fr/documents/", {"title": "CV", "kind": "cv", "file": upload(b"", "cv.pdf")}
        )
    assert "est vide" in response.content.decode()


def test_a_failure_after_the_file_is_written_removes_it(personas, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(DocumentVersion.objects, "create", broken)
    with pytest.raises(RuntimeError):
        services.upload_document(personas.alice, upload(pdf_bytes()), title="CV")
    assert not Document.objects.exists()
    assert stored_files() == []


# ------------------------------------------------------------------ API


@pytest.mark.parametrize(
    ("case", "status"),
    [
        ("renamed_exe", 422),
        ("empty", 422),
        ("truncated_pdf", 422),
        ("corrupt_zip", 422),
    ],
)
def test_bad_uploads_over_the_api_answer_json(personas, case, status):
    content, name, message = BAD[case]
    response = client_for(personas.alice).post(
        "/api/v1/vault/documents",
        {"title": "CV", "file": upload(content, name)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert not Document.objects.exists()
    assert stored_files() == []


def test_oversize_over_the_api_is_413(personas, settings):
    settings.VAULT_MAX_FILE_BYTES = 1024 * 1024
    response = client_for(personas.alice).post(
        "/api/v1/vault/documents",
        {"title": "CV", "file": upload(pdf_bytes("x" * (1024 * 1024 + 10)))},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]
    assert stored_files() == []


def test_over_quota_over_the_api_is_422(personas, settings):
    settings.VAULT_QUOTA_BYTES = len(pdf_bytes()) + 5
    services.upload_document(personas.alice, upload(pdf_bytes()), title="One")
    response = client_for(personas.alice).post(
        "/api/v1/vault/documents",
        {"title": "Two", "file": upload(pdf_bytes())},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert "full" in response.json()["detail"]
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1


def test_upload_over_the_api(personas):
    response = client_for(personas.alice).post(
        "/api/v1/vault/documents",
        {"title": "Lettre", "kind": "cover_letter", "file": upload(docx_bytes(), "l.docx")},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "cover_letter"
    assert body["mine"] is True
    assert body["current_version"]["number"] == 1
    assert body["current_version"]["original_name"] == "l.docx"
