"""How an action says no, and how every channel answers it: one table.

A service refuses by raising a `Refusal` (or its app's subclass, which names the app in
`area`) with a translated message for the person and a `code` for programs. `STATUSES`
is the one table that turns a code into an HTTP status: the API's global handler
(`tremplin.api.api`) answers `{"detail": "<message>"}` with `api`, and a page shows the
message (on its form, or as a flash) with `page`. No module keeps its own table and no
endpoint catches a refusal itself.

A code means the same everywhere, with one exception written here and nowhere else: an
`area`-qualified key ("messaging.blocked") overrides the plain code for that app, where
the two answers differ on purpose (a block hides a member as a 404 in the network, but in
a conversation you already see it is a 403). Unknown codes are 422 for the API and 400
for pages: the request, not the server, was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import ValidationError


class Refusal(ValidationError):
    """A service's "no": a message for the person, a code for programs (see STATUSES),
    and optionally the form field it is about."""

    area: ClassVar[str] = ""

    def __init__(
        self,
        message: Any,
        code: str = "invalid",
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code=code, params=params)
        self.field = field


@dataclass(frozen=True)
class Answer:
    api: int
    page: int


# code (or "area.code") -> how the API and the pages answer it.
STATUSES: dict[str, Answer] = {
    # The request is wrong: correct it and try again.
    "invalid": Answer(422, 400),
    "empty": Answer(422, 400),
    "bad_type": Answer(422, 400),
    "corrupt": Answer(422, 400),
    "over_quota": Answer(422, 400),
    "not_eligible": Answer(422, 400),
    "not_visible": Answer(422, 400),
    "scam": Answer(422, 400),
    "too_large": Answer(413, 413),
    # Not there, or not there for you (existence is not confirmed).
    "not_found": Answer(404, 404),
    "blocked": Answer(404, 404),
    "not_client": Answer(404, 400),
    # Known, but not yours to do.
    "forbidden": Answer(403, 403),
    "refused": Answer(403, 403),
    # A client's consent says no to her counsellor (core.consent): the case is known.
    "not_granted": Answer(403, 403),
    # The state of things says no (a lifecycle, a duplicate, a closed case).
    "transition": Answer(409, 409),
    "conflict": Answer(409, 409),
    "exists": Answer(409, 409),
    "already": Answer(409, 409),
    "answered": Answer(409, 409),
    "connected": Answer(409, 409),
    "pending": Answer(409, 409),
    "self": Answer(409, 409),
    "left": Answer(409, 409),
    "not_open": Answer(409, 409),
    "overlap": Answer(409, 409),
    "read_only": Answer(409, 409),
    "upload_only": Answer(409, 409),
    # Gone for good (an expired survey link).
    "expired": Answer(410, 410),
    # Slow down.
    "rate_limited": Answer(429, 429),
    # --- where an app answers a code differently, on purpose ---
    # In a conversation you are part of, a block is known to you: you may not write.
    "messaging.blocked": Answer(403, 403),
    # Asking oneself to be one's own client is a mistake in the request, not a state.
    "counselling.self": Answer(422, 400),
    # The job pages answer bad input with 422, their forms' own status, not 400.
    "jobs.invalid": Answer(422, 422),
}

DEFAULT = Answer(422, 400)


def answer_for(error: ValidationError) -> Answer:
    code = str(getattr(error, "code", None) or "invalid")
    area = getattr(error, "area", "")
    return STATUSES.get(f"{area}.{code}") or STATUSES.get(code) or DEFAULT


def api_status(error: ValidationError) -> int:
    return answer_for(error).api


def page_status(error: ValidationError) -> int:
    return answer_for(error).page


def message_of(error: ValidationError) -> str:
    """The refusal as one sentence (several messages are joined)."""
    return " ".join(str(message) for message in error.messages)
