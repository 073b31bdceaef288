from tremplin.projects.models.board import (
    COLUMN_TRANSITIONS,
    Activity,
    ChecklistItem,
    Column,
    Message,
    Milestone,
    Task,
    TaskComment,
)
from tremplin.projects.models.files import SharedFile
from tremplin.projects.models.project import (
    MEMBER_TRANSITIONS,
    STATUS_TRANSITIONS,
    Kind,
    Member,
    MemberStatus,
    Project,
    Role,
    Status,
    Visibility,
)

__all__ = [
    "COLUMN_TRANSITIONS",
    "MEMBER_TRANSITIONS",
    "STATUS_TRANSITIONS",
    "Activity",
    "ChecklistItem",
    "Column",
    "Kind",
    "Member",
    "MemberStatus",
    "Message",
    "Milestone",
    "Project",
    "Role",
    "SharedFile",
    "Status",
    "Task",
    "TaskComment",
    "Visibility",
]
