"""What a signal of the scam guard found: its reason code, its weight, where."""

from __future__ import annotations

from dataclasses import dataclass

# A hit of STRONG weight holds a posting alone; two WEAK ones together do.
STRONG, WEAK = 1.0, 0.5


@dataclass(frozen=True)
class Hit:
    code: str
    weight: float
    start: int
    end: int
