"""Building a member's archive: one JSON file in a documented shape (docs/privacy.md),
the member's files, and a README in their language, zipped into private storage."""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
import zipfile
from typing import Any

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone, translation

from tremplin.core import personal_data
from tremplin.core.files import clean_filename

FORMAT = "tremplin-archive"
# Raise when a section's shape changes in a way a reader must know about.
VERSION = 1


def _safe_path(section: str, path: str) -> str:
    parts = [clean_filename(part) for part in path.split("/") if part.strip(". ")]
    return "/".join(["files", clean_filename(section), *parts])


def collect(user: Any) -> tuple[dict[str, Any], list[tuple[str, personal_data.ArchiveFile]]]:
    """The archive's document and the files to copy, each with its path in the zip."""
    sections: dict[str, Any] = {}
    files: list[tuple[str, personal_data.ArchiveFile]] = []
    seen: set[str] = set()
    for entry in personal_data.entries():
        sections[entry.section] = entry.exported(user)
        for found in entry.files_of(user):
            path = _safe_path(entry.section, found.path)
            while path in seen:
                path = _safe_path(entry.section, f"{uuid.uuid4().hex[:6]}-{found.path}")
            seen.add(path)
            files.append((path, found))
    document = {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": timezone.now().isoformat(),
        "language": user.language,
        "sections": sections,
        "files": [],
    }
    return document, files


def _copy_files(
    archive: zipfile.ZipFile, files: list[tuple[str, personal_data.ArchiveFile]]
) -> list[dict[str, Any]]:
    listed = []
    for path, found in files:
        try:
            with found.open() as source, archive.open(path, "w") as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
            listed.append({"path": path, "missing": False})
        except OSError:
            # A file gone from storage: say so rather than fail the whole archive.
            listed.append({"path": path, "missing": True})
    return listed


def write_zip(user: Any, target: Any) -> None:
    """Write the archive of `user` into the open binary file `target`."""
    with translation.override(user.language):
        document, files = collect(user)
        sections = sorted(document["sections"])
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            document["files"] = _copy_files(archive, files)
            archive.writestr(
                "data.json",
                json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            )
            readme = render_to_string(
                "privacy/archive_readme.txt",
                {
                    "document": document,
                    "sections": sections,
                    "file_count": len(files),
                    "generated": timezone.localtime(),
                },
            )
            archive.writestr("README.txt", readme)


def build_into_storage(user: Any, storage: Any) -> tuple[str, int]:
    """Build the archive in a temporary file (never in memory) and save it to the
    private storage under a random name. Returns (name, size)."""
    with tempfile.TemporaryFile() as handle:
        write_zip(user, handle)
        size = handle.tell()
        handle.seek(0)
        name = storage.save(f"privacy/{uuid.uuid4().hex}.zip", File(handle))
    return name, size
