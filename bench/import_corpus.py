"""How well job imports read real-world feeds, pages and files: the labelled corpus of
tests/data/job_import_corpus/ run through the real import (`job_imports.services.execute`
on an uploaded file, then `jobs.imported.import_upsert`), each posting compared with its
label (labels/<file>.json; every field the data does not give is null there).

Prints, for the postings a correct import publishes as open ("importable"), the share
imported; for the others (closed long ago, closing date past, stale), the share kept
from being published as open; per field and overall, the share of fields right among the
imported postings; and, counted apart, the invented values: a value where the label says
null (an employer, a place, a salary, a type or a closing date the data never gave).
Every mismatch is listed.

Dates in the corpus are written relative to today ({{ISO:+30}}, {{RFC:-3}},
{{EN:+20}}, {{FR:+20}}, {{DMY:+18}}), so the files never go stale; a label's `closing`
is the number of days from today.

    .venv/bin/python bench/import_corpus.py [--quiet]

Builds a scratch SQLite database (in the temp directory, kept between runs) unless
DATABASE_URL is set. tests/job_imports/test_corpus.py runs `evaluate` and asserts the
targets (>= 95 % imported, >= 95 % of fields right, no invented value).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "job_import_corpus"
FIELDS = (
    "title",
    "employer",
    "city",
    "region",
    "country",
    "workplace",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "employment_type",
    "language",
    "closing",
    "url",
)
# A label's null that the posting may fill without claiming anything: a job is on site
# unless the data says otherwise (the JSON-LD we publish says nothing for on site).
NOT_A_CLAIM = {"workplace": "on_site"}
FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def render(content: bytes, today: date) -> bytes:
    """The file with its {{KIND:+N}} dates written for `today`."""

    def one(match: re.Match[bytes]) -> bytes:
        kind, days = match.group(1).decode(), int(match.group(2))
        day = today + timedelta(days=days)
        if kind == "ISO":
            text = day.isoformat()
        elif kind == "RFC":
            noon = datetime(day.year, day.month, day.day, 14)
            text = noon.strftime("%a, %d %b %Y %H:%M:%S +0000")
        elif kind == "EN":
            text = f"{EN_MONTHS[day.month - 1]} {day.day}, {day.year}"
        elif kind == "FR":
            text = f"{day.day} {FR_MONTHS[day.month - 1]} {day.year}"
        else:  # DMY
            text = f"{day.day:02d}/{day.month:02d}/{day.year}"
        return text.encode("utf-8" if _is_utf8(content) else "cp1252")

    return re.sub(rb"\{\{(ISO|RFC|EN|FR|DMY):([+-]\d+)\}\}", one, content)


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def labels(pattern: str = "*") -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((CORPUS / "labels").glob(f"{pattern}.json"))
    ]


@dataclass
class Result:
    files: int = 0
    importable: int = 0
    imported: int = 0
    not_open_expected: int = 0
    not_open_kept: int = 0
    right: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)
    invented: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    @property
    def imported_share(self) -> float:
        return self.imported / self.importable if self.importable else 0.0

    @property
    def fields_share(self) -> float:
        checked = sum(self.checked.values())
        return sum(self.right.values()) / checked if checked else 0.0


def _number(value: Any) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def observed(posting: Any, today: date) -> dict[str, Any]:
    """What the import published, in the labels' terms."""
    from django.utils import timezone

    has_salary = posting.salary_min is not None
    closing = None
    if posting.valid_through is not None:
        closing = (timezone.localtime(posting.valid_through).date() - today).days
    return {
        "title": posting.title_fr or posting.title_en,
        "titles": {posting.title_fr, posting.title_en} - {""},
        "employer": posting.hiring_organization_name or None,
        "city": posting.city or None,
        "region": posting.region or None,
        "country": getattr(posting, "country", "") or None,
        "workplace": posting.workplace,
        "salary_min": _number(posting.salary_min),
        "salary_max": _number(posting.salary_max),
        "salary_currency": (posting.salary_currency or None) if has_salary else None,
        "salary_period": (posting.salary_unit or None) if has_salary else None,
        "employment_type": posting.employment_type or None,
        "language": "+".join(posting.languages) or None,
        "closing": closing,
        "url": posting.source_url or None,
    }


def _same(name: str, expected: Any, got: dict[str, Any]) -> bool:
    if name == "title":
        return expected in got["titles"]
    if isinstance(expected, float | int) and got[name] is not None:
        return abs(float(expected) - float(got[name])) < 0.005
    return bool(expected == got[name])


def _match(label: dict[str, Any], postings: list[Any], today: date) -> Any:
    for posting in postings:
        if label["url"] and posting.source_url == label["url"]:
            return posting
    for posting in postings:
        if label["title"] in (posting.title_fr, posting.title_en):
            return posting
    return None


def import_file(agency: Any, entry: dict[str, Any], today: date) -> list[Any]:
    """Import one corpus file as an upload to a source of `agency`; its postings."""
    from tremplin.job_imports import services
    from tremplin.job_imports.models import ImportedItem, ImportRun, ImportSource, Trigger

    content = render((CORPUS / entry["file"]).read_bytes(), today)
    # The source's name is one no label holds: an import that names the employer after
    # its source shows up as an invented value.
    source = ImportSource.objects.create(
        agency=agency,
        name=f"Source {entry['file']}",
        kind=entry["kind"],
        url=entry["address"],
        active=False,
    )
    run = ImportRun.objects.create(source=source, trigger=Trigger.UPLOAD)
    services.execute(run.pk, content=content)
    items = ImportedItem.objects.filter(source=source).select_related("posting")
    return [item.posting for item in items]


def evaluate(agency: Any, today: date | None = None, pattern: str = "*") -> Result:
    from django.utils import timezone

    from tremplin.jobs.models import PostingStatus

    today = today or timezone.localdate()
    result = Result()
    for entry in labels(pattern):
        result.files += 1
        try:
            postings = import_file(agency, entry, today)
        except Exception as error:  # noqa: BLE001 (a crash is a result to report)
            result.crashes.append(f"{entry['file']}: {error!r}")
            postings = []
        for label in entry["postings"]:
            where = f"{entry['file']} / {label['title']}"
            posting = _match(label, postings, today)
            published = posting is not None and posting.status in (
                PostingStatus.OPEN,
                PostingStatus.REVIEW,
            )
            if label["expect"] != "open":
                result.not_open_expected += 1
                if posting is None or posting.status != PostingStatus.OPEN:
                    result.not_open_kept += 1
                else:
                    result.mismatches.append(f"{where}: published as open ({label['expect']})")
                continue
            result.importable += 1
            if not published:
                result.missing.append(where)
                continue
            result.imported += 1
            _compare(result, where, label, observed(posting, today))
    return result


def _compare(result: Result, where: str, label: dict[str, Any], got: dict[str, Any]) -> None:
    for name in FIELDS:
        expected = label[name]
        result.checked[name] += 1
        if expected is None and got[name] is not None and got[name] != NOT_A_CLAIM.get(name):
            result.invented.append(f"{where}: {name} = {got[name]!r} (not in the data)")
            continue
        if (expected is None and got[name] in (None, NOT_A_CLAIM.get(name))) or (
            expected is not None and _same(name, expected, got)
        ):
            result.right[name] += 1
        else:
            result.mismatches.append(f"{where}: {name} = {got[name]!r}, expected {expected!r}")


def report(result: Result, *, quiet: bool = False) -> str:
    lines = [
        f"files: {result.files}; postings a correct import publishes: {result.importable}",
        f"imported: {result.imported}/{result.importable} ({result.imported_share:.1%})",
        f"not published as open when they should not be (stale, closed): "
        f"{result.not_open_kept}/{result.not_open_expected}",
        f"fields right (imported postings): {sum(result.right.values())}/"
        f"{sum(result.checked.values())} ({result.fields_share:.1%})",
        f"fields right (every importable posting, those not imported counted wrong): "
        f"{sum(result.right.values())}/{result.importable * len(FIELDS)} "
        f"({sum(result.right.values()) / max(1, result.importable * len(FIELDS)):.1%})",
        f"invented values: {len(result.invented)}",
        f"crashed files: {len(result.crashes)}",
        "per field:",
    ]
    for name in FIELDS:
        checked = result.checked[name]
        share = result.right[name] / checked if checked else 0.0
        lines.append(f"  {name:16} {result.right[name]:3}/{checked:<3} {share:6.1%}")
    if not quiet:
        for title, rows in (
            ("not imported", result.missing),
            ("invented", result.invented),
            ("mismatches", result.mismatches),
            ("crashes", result.crashes),
        ):
            if rows:
                lines.append(f"{title}:")
                lines.extend(f"  {row}" for row in rows)
    return "\n".join(lines)


def setup_django() -> None:
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("TREMPLIN_TASKS_IMMEDIATE", "0")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "tremplin-bench-import-corpus.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tremplin.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="figures only, no mismatch list")
    parser.add_argument("--files", default="*", help="a glob of the files to run (heldout_*)")
    args = parser.parse_args()
    setup_django()
    from django.db import transaction

    from tremplin.organizations.models import Organization, OrgKind

    with transaction.atomic():
        # An agency in Ontario: a job without a province must not become Ontario.
        agency = Organization.objects.create(
            kind=OrgKind.AGENCY, name="Bench agency", slug="bench-import-corpus", region="ON"
        )
        result = evaluate(agency, pattern=args.files)
        transaction.set_rollback(True)
    print(report(result, quiet=args.quiet))


if __name__ == "__main__":
    main()
