"""Small-cell suppression for published figures: a group counting fewer than
`THRESHOLD` (5) people or answers is shown as "fewer than 5", never as a number.

A breakdown whose total is shown would let a reader subtract the shown cells from the
total and find a hidden one, so when exactly one cell of a breakdown is hidden, the
smallest other cell is hidden too (complementary suppression). Zero counts are fewer
than five: they are hidden as well. Used by the agency report (tremplin.outcomes.report)
and the mentoring programme report (tremplin.mentoring.report): one rule, one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 5


@dataclass
class Figure:
    """One published number: `value` is None when it is suppressed."""

    count: int  # the true count; never published when suppressed
    suppressed: bool

    @property
    def value(self) -> int | None:
        return None if self.suppressed else self.count


def figure(count: int) -> Figure:
    return Figure(count, count < THRESHOLD)


def suppress(counts: Sequence[int], total_shown: bool = True) -> list[bool]:
    """Which cells of one breakdown to hide: those under the threshold, plus, when the
    total is shown and exactly one cell is hidden, the smallest other cell."""
    hidden = [count < THRESHOLD for count in counts]
    if total_shown and sum(hidden) == 1 and len(counts) > 1:
        others = [i for i, h in enumerate(hidden) if not h]
        smallest = min(others, key=lambda i: (counts[i], i))
        hidden[smallest] = True
    return hidden


@dataclass
class Cell:
    key: str
    label: str
    figure: Figure


@dataclass
class Breakdown:
    """Cells that add up to `total`."""

    cells: list[Cell]
    total: Figure


def breakdown(items: Iterable[tuple[str, str, int]]) -> Breakdown:
    rows = list(items)
    total = figure(sum(count for _key, _label, count in rows))
    hidden = suppress([count for _key, _label, count in rows], total_shown=not total.suppressed)
    cells = [
        Cell(key, label, Figure(count, hide))
        for (key, label, count), hide in zip(rows, hidden, strict=True)
    ]
    return Breakdown(cells, total)
