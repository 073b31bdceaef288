"""How messaging says no (see `tremplin.core.refusals` for the statuses)."""

from __future__ import annotations

from tremplin.core.refusals import Refusal


class MessagingError(Refusal):
    """A business-rule refusal; `code` says which (invalid, scam, not_found, blocked,
    refused, left, forbidden, transition, rate_limited). A block is a 403 here: in a
    conversation you are part of, the block is known to you."""

    area = "messaging"
