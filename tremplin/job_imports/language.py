"""Which language a posting is written in: French, English, or neither.

lingua-language-detector decides (offline models shipped in its wheel), because it is
right on short texts where counting common words is not: "Dishwasher. Evening shifts.
Apply in person." has no French or English stop word worth the name. It compares French
and English with two other languages that job feeds carry (Spanish, German: Portuguese
and Italian postings land on Spanish), so that a posting in none of ours is recognised as
such rather than forced into one.

The detector is built once per process, on first use (`detector()`): building it is
instant, but the first detection loads the four languages' models. On the project
machine (2 cores shared by several people, load average 8 when measured) that took 6 s
and the process grew to 150 MB (3.2 s and 104 MB for French and English alone; six
languages, 7.4 s and 188 MB). Each detection after that takes well under a millisecond
for a posting's first 2,000 characters.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

OTHERS = ("SPANISH", "GERMAN")
SAMPLE = 2000  # characters: enough to decide, and detection time grows with the text


@cache
def detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [Language.FRENCH, Language.ENGLISH, *(getattr(Language, n) for n in OTHERS)]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect(text: str, default: str = "fr") -> str:
    """ "fr", "en", or "" when the text is clearly in another language. `default` (an
    item's or a feed's language tag, else French) decides only a text too short or too
    even to tell."""
    sample = " ".join(text.split())[:SAMPLE]
    words = re.findall(r"[^\W\d_]{2,}", sample)
    fallback = default if default in ("fr", "en") else "fr"
    if not words:
        return fallback
    if (
        sum(1 for c in sample if c.isalpha() and not c.isascii() and ord(c) > 0x24F)
        > len(sample) // 2
    ):
        return ""  # mostly another script (Arabic, Chinese...): not ours
    scores = {
        value.language.name: value.value
        for value in detector().compute_language_confidence_values(sample)
    }
    french, english = scores.get("FRENCH", 0.0), scores.get("ENGLISH", 0.0)
    other = max((scores.get(name, 0.0) for name in OTHERS), default=0.0)
    if other > max(french, english) and other >= 0.6 and len(words) >= 5:
        return ""
    if abs(french - english) < 0.1 and len(words) < 4:
        return fallback
    return "fr" if french > english else "en"


def from_tag(value: Any) -> str:
    """ "fr"/"en" from a language tag such as "fr-CA", else ""."""
    tag = str(value or "").strip().lower()[:2]
    return tag if tag in ("fr", "en") else ""
