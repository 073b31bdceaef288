"""Where archives are kept: a private storage that no URL serves (the vault's, by
default: object storage in production, a folder under MEDIA_ROOT otherwise)."""

from django.conf import settings
from django.core.files.storage import Storage, storages


def archive_storage() -> Storage:
    return storages[getattr(settings, "PRIVACY_ARCHIVE_STORAGE", "vault")]
