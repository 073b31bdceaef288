"""The privacy tables; one module per concept, imported here."""

from tremplin.privacy.models.access import (
    AccessRecord,
    AccessRecordQuerySet,
    AccessWhat,
    ReaderRole,
)

__all__ = ["AccessRecord", "AccessRecordQuerySet", "AccessWhat", "ReaderRole"]
