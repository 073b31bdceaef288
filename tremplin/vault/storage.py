"""Where the vault's files live: Django's storage API, never a public URL.

`STORAGES["vault"]` when the project defines it (a private folder on disk by default,
S3-compatible via django-storages in production), else `STORAGES["default"]`. The
storage is looked up on every call, so settings overridden in tests are followed.
"""

from __future__ import annotations

from django.core.files.storage import Storage, storages
from django.core.files.storage.handler import InvalidStorageError

VAULT_STORAGE_ALIAS = "vault"


def vault_storage() -> Storage:
    try:
        return storages[VAULT_STORAGE_ALIAS]
    except InvalidStorageError:
        return storages["default"]
