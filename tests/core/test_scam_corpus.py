"""The scam guard on its labelled corpus (tests/data/scam_corpus/, issue 18): on the
held-out part it holds at least 90 % of the scams (recall) and what it holds is a scam at
least 95 % of the time (precision); the development part is held to the same bar so a
change that breaks what was tuned shows here too. `bench/scam_guard.py` prints the full
figures and the misclassified postings."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tremplin.core.scam import scam_check

CORPUS = Path(__file__).resolve().parents[1] / "data" / "scam_corpus" / "postings.jsonl"
PATTERNS = {
    "cheque_overpayment",
    "reshipping",
    "fees_kit",
    "id_documents",
    "banking",
    "crypto",
    "messaging_app",
    "high_pay",
}


def postings() -> list[dict[str, str]]:
    with CORPUS.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def test_the_corpus_is_large_balanced_and_labelled():
    items = postings()
    labels = Counter(item["label"] for item in items)
    languages = Counter(item["lang"] for item in items)

    assert len({item["id"] for item in items}) == len(items)
    assert labels["honest"] >= 100 and labels["scam"] >= 100
    assert set(labels) == {"honest", "scam"}
    assert set(languages) == {"en", "fr"} and min(languages.values()) >= 0.45 * len(items)
    assert {item["category"] for item in items if item["label"] == "scam"} == PATTERNS
    assert {item["split"] for item in items} == {"dev", "heldout"}
    assert all(item["title"] and item["text"] for item in items)


@pytest.mark.parametrize("split", ["heldout", "dev"])
def test_the_guard_meets_its_precision_and_recall(split):
    held_scams, held_honest, missed = [], [], []
    for item in postings():
        if item["split"] != split:
            continue
        held = bool(scam_check(f"{item['title']}\n{item['text']}"))
        if item["label"] == "scam":
            (held_scams if held else missed).append(item["id"])
        elif held:
            held_honest.append(item["id"])

    precision = len(held_scams) / (len(held_scams) + len(held_honest))
    recall = len(held_scams) / (len(held_scams) + len(missed))
    assert precision >= 0.95, f"honest postings held: {held_honest}"
    assert recall >= 0.90, f"scams missed: {missed}"
