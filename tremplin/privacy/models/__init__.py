"""The privacy tables; one module per concept, imported here."""

from tremplin.privacy.models.archive import Archive, ArchiveStatus
from tremplin.privacy.models.deletion import DeletionRequest, DeletionStatus

__all__ = ["Archive", "ArchiveStatus", "DeletionRequest", "DeletionStatus"]
