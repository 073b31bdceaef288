"""The vault's files go through Django's storage API: the "vault" alias when the
project defines one, else "default"."""

from __future__ import annotations

import pytest

from tests.vault.conftest import pdf_bytes, upload
from tremplin.vault import services
from tremplin.vault.storage import vault_storage

pytestmark = pytest.mark.django_db


def test_without_a_vault_alias_the_default_storage_is_used(settings):
    from django.core.files.storage import storages

    settings.STORAGES = {k: v for k, v in settings.STORAGES.items() if k != "vault"}
    assert vault_storage() is storages["default"]


def test_a_vault_alias_is_used_when_configured(personas, settings, tmp_path):
    private = tmp_path / "private-vault"
    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private), "base_url": None},
        },
    }
    document = services.upload_document(personas.alice, upload(pdf_bytes()), title="CV")
    name = document.versions.get().file_name
    assert (private / name).read_bytes() == pdf_bytes()
    assert vault_storage().exists(name)


def test_the_proposed_local_vault_alias_follows_media_root(personas, settings):
    """The settings entry proposed in docs/vault.md: no explicit location, so files go
    under MEDIA_ROOT (never served) and tests keep them in their temporary folder."""
    from pathlib import Path

    settings.STORAGES = {
        **settings.STORAGES,
        "vault": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = services.upload_document(personas.alice, upload(pdf_bytes()), title="CV")
    name = document.versions.get().file_name
    assert (Path(settings.MEDIA_ROOT) / name).read_bytes() == pdf_bytes()
