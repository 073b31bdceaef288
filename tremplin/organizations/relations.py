"""The viewer's organisations and roles (tremplin.core.viewer's "memberships"), read in
one query: who is a counsellor, an agency administrator or a verified employer's
recruiter is answered from these rows everywhere."""

from __future__ import annotations

from tremplin.core.viewer import MembershipFact
from tremplin.organizations.models import Membership


def memberships(user_id: int) -> list[MembershipFact]:
    rows = Membership.objects.filter(user_id=user_id).values_list(
        "organization_id", "organization__kind", "role", "organization__verified"
    )
    return [MembershipFact(org, kind, role, verified) for org, kind, role, verified in rows]
