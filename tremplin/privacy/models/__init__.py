"""The privacy tables; one module per concept, imported here."""

from tremplin.privacy.models.access import (
    AccessRecord,
    AccessRecordQuerySet,
    AccessWhat,
    ReaderRole,
)
from tremplin.privacy.models.archive import Archive, ArchiveStatus
from tremplin.privacy.models.deletion import DeletionRequest, DeletionStatus

__all__ = [
    "AccessRecord",
    "AccessRecordQuerySet",
    "AccessWhat",
    "Archive",
    "ArchiveStatus",
    "DeletionRequest",
    "DeletionStatus",
    "ReaderRole",
]
