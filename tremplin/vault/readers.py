"""Who else may open a document: groups a higher app shares documents with.

The vault is below the apps that gather people into groups (projects). A person share
(`Share`) names one recipient; a group share lives in the higher app, which alone knows
who is in the group now. So that the vault's one rule (`DocumentQuerySet.visible_to`)
still decides every read, a higher app registers here, from its hooks.py, a function
`reader(viewer) -> QuerySet of document ids` the viewer may open through it (a lazy
`values("document_id")`, used inside the rule's own SQL). The owner keeps control in the
vault (versions, title, access log); revoking in the higher app removes the id from its
answer, so the next request is refused. Anonymous viewers are never asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tremplin.core.hooks import Hook

readers: Hook[Callable[[Any], Any]] = Hook("vault readers")


def shared_ids(viewer: Any) -> list[Any]:
    """Each registered reader's document ids for a signed-in viewer."""
    return [reader(viewer) for reader in readers]
