from tremplin.core.refusals import Refusal


class CommunityRefusal(Refusal):
    """The communities app's "no" (see tremplin.core.refusals.STATUSES for the codes)."""

    area = "communities"
