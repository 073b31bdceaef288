#!/usr/bin/env python3
"""Fails when the French catalogue is not complete:

1. any empty or fuzzy entry in locale/fr/LC_MESSAGES/*.po;
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


def missing_from_catalogue(po_path: Path) -> list[str] | None:
    if shutil.which("xgettext") is None:
        return None
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(po_path))}
    backup = Path(tempfile.mkdtemp()) / po_path.name
    shutil.copy2(po_path, backup)
    try:
        env = {**os.environ, "DEBUG": "1"}
        subprocess.run(MAKEMESSAGES, cwd=ROOT, env=env, check=True, capture_output=True)
        current = polib.pofile(str(po_path))
        return [e.msgid for e in current if (e.msgctxt, e.msgid) not in known]
    finally:
        shutil.copy2(backup, po_path)


def main() -> int:
    po_path = LOCALE / "django.po"
    if not po_path.exists():
        print(f"FAIL: {po_path.relative_to(ROOT)} does not exist")
        return 1
    problems = incomplete_entries(po_path)
    missing = missing_from_catalogue(po_path)
    if missing is None:
        message = "xgettext (GNU gettext) is not installed: new strings were not looked for"
        if os.environ.get("CI"):
            print(f"FAIL: {message}")
            return 1
        print(f"WARNING: {message} (apt install gettext)")
    else:
        problems += [f"not in the catalogue (run `make messages`): {m!r}" for m in missing]
    if problems:
        print(f"FAIL: the French catalogue has {len(problems)} problem(s):")
        for problem in problems:
            print("  -", problem)
        return 1
    total = len(polib.pofile(str(po_path)).translated_entries())
    print(f"French catalogue complete: {total} entries translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
