"""What each app holds about a member, declared from the app's own hooks.py.

The privacy app (a low layer: it imports no domain app) builds a member's archive
("download my data") and erases an account ("delete my account") by asking this one
registry. Every app that keeps something about a member adds a `PersonalData` entry:

- `export(user)` gives the member's data as a JSON-able dict: the archive's section
  named `section` (documented in docs/privacy.md). Only what the member may see: never a
  secret (token hashes, TOTP seeds), never another member's private data, never a
  staff-only note.
- `files(user)` lists the files that are theirs to take (vault versions, profile photo,
  feed pictures, attachments they sent), as `ArchiveFile`s.
- `erase(user)` runs when the account is erased, inside one transaction, before the
  account itself becomes a tombstone: delete or anonymise what identifies the member,
  keep a "deleted member" where a conversation or a case needs continuity, and keep the
  de-identified counts funders' reports need. Files are deleted after the commit
  (`delete_files_on_commit`). It returns how many rows it changed.

Each callable may be the function or the dotted path of one of the app's own functions
(a path keeps hooks.py from importing the app's models at start-up). Erasers run from the
top layer down (the reverse of INSTALLED_APPS), so the account's own eraser runs last.
The registry is sealed with the others once discovery ends (tremplin.core.hooks).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.module_loading import import_string

from tremplin.core.hooks import Hook

# The name a tombstoned account shows where a conversation or a case keeps it. Stored,
# so it is written in both languages.
DELETED_NAME = "Membre supprimé · Deleted member"
# Addresses on a reserved top-level domain (RFC 2606): never deliverable, never a person.
TOMBSTONE_DOMAIN = "deleted.invalid"


def tombstone_email() -> str:
    return f"deleted-{uuid.uuid4().hex}@{TOMBSTONE_DOMAIN}"


def is_tombstone_email(email: str) -> bool:
    return email.endswith(f"@{TOMBSTONE_DOMAIN}")


@dataclass(frozen=True)
class ArchiveFile:
    """A file of the member's, copied into the archive at `path` (under the archive's
    `files/` folder) from `name` in the storage `storage` (an alias of STORAGES or a
    storage object)."""

    path: str
    name: str
    storage: str | Storage = "default"

    def open(self) -> Any:
        store = storages[self.storage] if isinstance(self.storage, str) else self.storage
        return store.open(self.name, "rb")


Resolvable = Callable[..., Any] | str | None


def _resolve(function: Resolvable) -> Callable[..., Any] | None:
    if function is None:
        return None
    return import_string(function) if isinstance(function, str) else function


@dataclass(frozen=True)
class PersonalData:
    """One app's declaration: its archive section, its files, its eraser."""

    section: str
    export: Resolvable
    files: Resolvable = None
    erase: Resolvable = None

    def exported(self, user: Any) -> dict[str, Any]:
        function = _resolve(self.export)
        return dict(function(user)) if function else {}

    def files_of(self, user: Any) -> list[ArchiveFile]:
        function = _resolve(self.files)
        return list(function(user)) if function else []

    def erased(self, user: Any) -> int:
        function = _resolve(self.erase)
        return int(function(user) or 0) if function else 0


registry: Hook[PersonalData] = Hook("personal data")


def entries() -> list[PersonalData]:
    """In registration order (INSTALLED_APPS order)."""
    return list(registry)


def erasers() -> list[PersonalData]:
    """From the top layer down: the account's own eraser runs last."""
    return list(reversed(list(registry)))


def delete_files_on_commit(names: Iterable[str | None], storage: str | Storage = "default") -> int:
    """Delete stored files once the erasing transaction has committed (a rollback keeps
    them). Returns how many were scheduled."""
    wanted = [str(name) for name in names if name]

    def delete() -> None:
        store = storages[storage] if isinstance(storage, str) else storage
        for name in wanted:
            store.delete(name)

    if wanted:
        transaction.on_commit(delete)
    return len(wanted)


def when(value: Any) -> str | None:
    """A date or time as the archive writes it (ISO 8601), or None."""
    return value.isoformat() if value is not None else None


# Never in an archive, whatever the model: secrets and their digests.
SECRET_FIELDS = frozenset({"password", "token_hash", "key", "secret", "session_key"})


def plain(instance: Any, *, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A row as the archive shows it: its own columns (a foreign key as its id), without
    secrets or the `exclude`d fields. JSON-able once dates go through DjangoJSONEncoder."""
    skipped = SECRET_FIELDS | set(exclude)
    row: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in skipped or field.attname in skipped:
            continue
        value = getattr(instance, field.attname)
        if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
            value = bool(value.name)
        row[field.attname] = value
    return row


def plain_rows(queryset: Any, *, exclude: Iterable[str] = ()) -> list[dict[str, Any]]:
    return [plain(row, exclude=exclude) for row in queryset]
