"""How the feed says no (see `tremplin.core.refusals` for the statuses)."""

from __future__ import annotations

from tremplin.core.refusals import Refusal


class FeedError(Refusal):
    """A business-rule refusal; `code`: invalid (422), forbidden (403), conflict (409,
    the current state refuses it), not_found (404). An item the actor may not see is an
    `Http404`, never a refusal that confirms it exists."""

    area = "feed"
