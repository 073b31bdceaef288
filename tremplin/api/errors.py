"""How the API turns a service's refusal into an answer: each app maps its
`ValidationError` codes to HTTP statuses; anything unmapped is a 422. The body is always
`{"detail": "<the translated messages>"}`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from ninja.responses import Status


def refusal_for(status_for: Mapping[str, int]) -> Callable[[ValidationError], Status]:
    def refused(error: ValidationError) -> Status:
        code = str(getattr(error, "code", None) or "invalid")
        return Status(status_for.get(code, 422), {"detail": " ".join(error.messages)})

    return refused
