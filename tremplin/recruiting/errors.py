"""How the recruiter search says no (see `tremplin.core.refusals` for the statuses)."""

from __future__ import annotations

from tremplin.core.refusals import Refusal


class RecruitingRefusal(Refusal):
    """`forbidden` (403): the caller recruits for no verified employer."""

    area = "recruiting"
