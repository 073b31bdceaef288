"""The scam guard (tremplin.core.scam) measured on the labelled corpus of job postings
(tests/data/scam_corpus/postings.jsonl, described in its README): precision, recall, F1
and the confusion counts for the development part and for the held-out part, recall per
fraud pattern and language, then every misclassified posting with the signals the guard
saw in it. Prints numbers; asserts nothing (tests/core/test_scam_corpus.py is the gate).

A posting counts as flagged ("held") when `scam_check` returns at least one reason.
Tune the guard on the development part only; the held-out part says whether the tuning
generalises.

    .venv/bin/python bench/scam_guard.py [--split dev|heldout|all] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tremplin.core.scam import assess  # noqa: E402  (the repository is on the path now)

CORPUS = ROOT / "tests" / "data" / "scam_corpus" / "postings.jsonl"
# The held-out part grew once (tests/data/scam_corpus/README.md says why).
BATCHES = {1: "first split", 2: "written after the first look at batch 1, never tuned on"}


def load(path: Path = CORPUS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, scam: bool, flagged: bool) -> None:
        if scam and flagged:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif scam:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def report(name: str, items: list[dict[str, str]], quiet: bool) -> Scores:
    scores = Scores()
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    wrong = []
    for item in items:
        result = assess(f"{item['title']}\n{item['text']}")
        scam = item["label"] == "scam"
        scores.add(scam, result.held)
        if scam:
            for key in (item["category"], f"lang:{item['lang']}"):
                total[key] += 1
                caught[key] += result.held
        if scam != result.held:
            wrong.append((item, result))
    honest = sum(1 for i in items if i["label"] == "honest")
    print(f"\n== {name}: {len(items)} postings ({len(items) - honest} scams, {honest} honest)")
    print(
        f"precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}   "
        f"TP {scores.tp}  FP {scores.fp}  FN {scores.fn}  TN {scores.tn}"
    )
    print("recall by pattern: " + ", ".join(f"{k} {caught[k]}/{total[k]}" for k in sorted(total)))
    if not quiet:
        for item, result in wrong:
            kind = "missed scam" if item["label"] == "scam" else "held honest"
            seen = "; ".join(f"{s.code} {s.weight:+.2f} «{s.excerpt}»" for s in result.signals)
            print(f"  {kind:11} {item['id']} ({item['category']}) {item['title']}")
            print(f"              score {result.score:.2f}: {seen or 'no signal'}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--quiet", action="store_true", help="no list of misclassified items")
    args = parser.parse_args()
    items = load()
    started = time.perf_counter()
    for split in ("dev", "heldout"):
        if args.split in (split, "all"):
            part = [i for i in items if i["split"] == split]
            report(split, part, args.quiet)
            batches = sorted({i.get("batch", 1) for i in part})
            for batch in batches if len(batches) > 1 else []:
                name = f"{split}, batch {batch} ({BATCHES.get(batch, '')})"
                report(name, [i for i in part if i.get("batch", 1) == batch], quiet=True)
    elapsed = time.perf_counter() - started
    print(f"\n{len(items)} postings in the corpus; evaluated in {elapsed * 1000:.0f} ms")


if __name__ == "__main__":
    main()
