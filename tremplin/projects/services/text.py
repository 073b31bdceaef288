"""How the services tidy a person's text: only ASCII spaces count as blank (Python's
`split()` and `strip()` also take control characters such as U+001D for space, which
the API's schema counts as text: a text it accepts must not become empty here)."""

from __future__ import annotations

import re

SPACES = " \t\r\n\f\v"
_RUN = re.compile(r"[ \t\r\n\f\v]+")


def squeezed(text: str | None) -> str:
    """One line: runs of spaces made one, ends trimmed (titles, checklist items)."""
    return _RUN.sub(" ", text or "").strip(SPACES)


def trimmed(text: str | None) -> str:
    """Ends trimmed, lines kept (messages, comments, descriptions)."""
    return (text or "").strip(SPACES)
