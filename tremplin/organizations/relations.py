"""The viewer's organisations and roles (tremplin.core.viewer's "memberships"), read in
one query: who is a counsellor, an agency administrator or a verified employer's
recruiter is answered from these rows everywhere."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.viewer import MembershipFact
from tremplin.organizations.models import Membership


def _memberships_query(variant: Any, user_id: int) -> QuerySet:
    return Membership.objects.filter(user_id=user_id).values_list(
        "organization_id", "organization__kind", "role", "organization__verified"
    )


# Asked on most signed-in pages (the menu, the dashboard, every role check): compiled
# once per process.
MEMBERSHIPS = CompiledQuery(_memberships_query, user_id=Input.number)


def memberships(user_id: int) -> list[MembershipFact]:
    rows = MEMBERSHIPS.run(user_id=user_id)
    return [MembershipFact(org, kind, role, verified) for org, kind, role, verified in rows]
