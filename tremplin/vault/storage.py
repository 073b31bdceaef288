"""Where the vault's files live: Django's storage API, never a public URL.

`STORAGES["vault"]` when the project defines it (a private folder on disk by default,
S3-compatible via django-storages in production), else `STORAGES["default"]`. The
storage is looked up on every call, so settings overridden in tests are followed.
Files go out only through `file_response`, after the caller checked who asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.storage import Storage, storages
from django.core.files.storage.handler import InvalidStorageError
from django.http import FileResponse

from tremplin.core.files import private_file_response

if TYPE_CHECKING:
    from tremplin.vault.models import DocumentVersion

VAULT_STORAGE_ALIAS = "vault"


def vault_storage() -> Storage:
    try:
        return storages[VAULT_STORAGE_ALIAS]
    except InvalidStorageError:
        return storages["default"]


def file_response(version: DocumentVersion) -> FileResponse:
    """Always a download (never shown by the browser under our origin), never cached."""
    return private_file_response(
        vault_storage().open(version.file_name, "rb"),
        content_type=version.content_type,
        filename=version.original_name,
        as_attachment=True,
    )
