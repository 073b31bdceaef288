"""The counsellor's side of the consented link, as the viewer asks it
(tremplin.core.viewer): whose counsellor the viewer is, and with which consent scopes
granted NOW (an active case; a paused or closed case grants nothing).

These are the only queries of the rule: every app asks `viewer_of(user).counsels(...)`
(one client), `.withheld(...)` (an open case that says no), or the `clients` /
`case_clients` relations (subqueries for SQL). None writes the rule again."""

from __future__ import annotations

from django.db.models import QuerySet

from tremplin.core.viewer import CaseFact
from tremplin.counselling.models import SCOPE_FIELDS, Case, CaseStatus, Scope


def clients(user_id: int, scope: str) -> QuerySet:
    """A subquery of the clients whose active case with `user_id` grants `scope`."""
    return (
        Case.objects.granting(scope)
        .filter(counsellor_id=user_id)
        .values_list("client_id", flat=True)
    )


def case_clients(user_id: int) -> QuerySet:
    """A subquery of the clients of `user_id`'s open cases past the invitation (active
    or paused), whatever they grant: the cases whose consent governs."""
    return Case.objects.filter(
        counsellor_id=user_id,
        status__in=(CaseStatus.ACTIVE, CaseStatus.PAUSED),
        client__isnull=False,
    ).values_list("client_id", flat=True)


def counsellor_cases(user_id: int) -> dict[int, CaseFact]:
    """{client id: CaseFact} of `user_id`'s active and paused cases, in one query."""
    fields = [SCOPE_FIELDS[scope] for scope in Scope]
    found: dict[int, CaseFact] = {}
    rows = Case.objects.filter(
        counsellor_id=user_id,
        status__in=(CaseStatus.ACTIVE, CaseStatus.PAUSED),
        client__isnull=False,
    ).values("client_id", "status", *fields)
    for row in rows:
        granted = frozenset(scope.value for scope in Scope if row[SCOPE_FIELDS[scope]])
        found[row["client_id"]] = CaseFact(row["status"] == CaseStatus.ACTIVE, granted)
    return found


def client_agencies(user_id: int) -> QuerySet:
    """A subquery of the agencies where `user_id` is a client with an active case (who
    may join a mentoring programme offered to "the agency's clients")."""
    return Case.objects.filter(client_id=user_id, status=CaseStatus.ACTIVE).values_list(
        "agency_id", flat=True
    )
