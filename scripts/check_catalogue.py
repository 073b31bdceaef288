#!/usr/bin/env python3
"""Fails when a French catalogue is not complete — the project's
(locale/fr/LC_MESSAGES/django.po) or one an app brings in its own folder
(tremplin/<app>/locale/fr/LC_MESSAGES/django.po, where makemessages puts that app's
strings):

1. any empty or fuzzy entry;
2. any string marked for translation in the code or templates that the catalogue lacks
   (found by running makemessages into a scratch copy; needs GNU gettext's xgettext).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale" / "fr" / "LC_MESSAGES"
MAKEMESSAGES = [
    sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "--no-obsolete",
    "-e", "html,txt,py,jinja",
    "--ignore", ".venv/*", "--ignore", "staticfiles/*", "--ignore", "tests/*",
    "--ignore", "bench/*", "--ignore", "var/*", "--ignore", "test-artifacts/*",
]  # fmt: skip


def incomplete_entries(po_path: Path) -> list[str]:
    po = polib.pofile(str(po_path))
    problems = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
    problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
    for entry in po.translated_entries():
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            problems.append(f"plural form missing: {entry.msgid!r}")
    return problems


def catalogues() -> list[Path]:
    own = sorted((ROOT / "tremplin").glob("*/locale/fr/LC_MESSAGES/django.po"))
    return [LOCALE / "django.po", *own]


def missing_from_catalogues(po_paths: list[Path]) -> list[str] | None:
    """The strings makemessages would add to any catalogue (each is restored after)."""
    if shutil.which("xgettext") is None:
        return None
    known = {p: {(e.msgctxt, e.msgid) for e in polib.pofile(str(p))} for p in po_paths}
    scratch = Path(tempfile.mkdtemp())
    backups = {p: scratch / f"{i}.po" for i, p in enumerate(po_paths)}
    for path, backup in backups.items():
        shutil.copy2(path, backup)
    try:
        env = {**os.environ, "DEBUG": "1"}
        subprocess.run(MAKEMESSAGES, cwd=ROOT, env=env, check=True, capture_output=True)
        return [
            e.msgid
            for path in po_paths
            for e in polib.pofile(str(path))
            if (e.msgctxt, e.msgid) not in known[path]
        ]
    finally:
        for path, backup in backups.items():
            shutil.copy2(backup, path)


def main() -> int:
    po_paths = catalogues()
    if not po_paths[0].exists():
        print(f"FAIL: {po_paths[0].relative_to(ROOT)} does not exist")
        return 1
    problems = [
        f"{path.relative_to(ROOT)}: {problem}"
        for path in po_paths
        for problem in incomplete_entries(path)
    ]
    missing = missing_from_catalogues(po_paths)
    if missing is None:
        message = "xgettext (GNU gettext) is not installed: new strings were not looked for"
        if os.environ.get("CI"):
            print(f"FAIL: {message}")
            return 1
        print(f"WARNING: {message} (apt install gettext)")
    else:
        problems += [f"not in the catalogue (run `make messages`): {m!r}" for m in missing]
    if problems:
        print(f"FAIL: the French catalogues have {len(problems)} problem(s):")
        for problem in problems:
            print("  -", problem)
        return 1
    total = sum(len(polib.pofile(str(p)).translated_entries()) for p in po_paths)
    print(f"French catalogues complete ({len(po_paths)}): {total} entries translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
