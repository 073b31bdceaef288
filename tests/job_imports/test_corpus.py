"""The labelled corpus of real-world-shaped files (tests/data/job_import_corpus/) through
the real import: the issue's targets hold (bench/import_corpus.py prints the figures)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "import_corpus.py"


def _bench():
    spec = importlib.util.spec_from_file_location("import_corpus", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_the_corpus_is_imported_with_its_fields_right_and_nothing_invented(crew):
    bench = _bench()
    result = bench.evaluate(crew.agency)  # an agency in Ontario
    report = bench.report(result)
    assert result.files >= 40 and result.importable >= 70, report
    assert not result.crashes, report
    assert result.imported_share >= 0.95, report
    assert result.fields_share >= 0.95, report
    assert result.invented == [], report
    assert result.not_open_kept == result.not_open_expected, report
