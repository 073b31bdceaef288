from tremplin.core.refusals import Refusal


class ProjectRefusal(Refusal):
    """The projects app's "no" (see tremplin.core.refusals.STATUSES for the codes)."""

    area = "projects"
