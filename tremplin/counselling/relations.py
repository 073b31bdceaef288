"""The counsellor's side of the consented link, as the viewer asks it
(tremplin.core.viewer): whose counsellor the viewer is, and with which consent scopes
granted NOW (an active case; a paused or closed case grants nothing)."""

from __future__ import annotations

from django.db.models import QuerySet

from tremplin.counselling.models import SCOPE_FIELDS, Case, Scope


def clients(user_id: int, scope: str) -> QuerySet:
    """A subquery of the clients whose active case with `user_id` grants `scope`."""
    return (
        Case.objects.granting(scope)
        .filter(counsellor_id=user_id)
        .values_list("client_id", flat=True)
    )


def counsellor_scopes(user_id: int) -> dict[int, set[str]]:
    fields = [SCOPE_FIELDS[scope] for scope in Scope]
    found: dict[int, set[str]] = {}
    for row in Case.objects.active().filter(counsellor_id=user_id).values("client_id", *fields):
        if row["client_id"] is None:
            continue
        granted = {scope.value for scope in Scope if row[SCOPE_FIELDS[scope]]}
        found.setdefault(row["client_id"], set()).update(granted)
    return found
