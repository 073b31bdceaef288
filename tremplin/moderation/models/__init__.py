"""Reports, the decisions moderators take on them (the log), and suspensions."""

from tremplin.moderation.models.reports import (
    Action,
    Decision,
    ModerationRefusal,
    Reason,
    Report,
    ReportStatus,
    Suspension,
)

__all__ = [
    "Action",
    "Decision",
    "ModerationRefusal",
    "Reason",
    "Report",
    "ReportStatus",
    "Suspension",
]
