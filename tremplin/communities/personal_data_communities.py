"""What the communities part holds about a member: their memberships (community, role,
status, the answers they gave to join questions, when they joined) and the invitations
made to them. All of it goes with the account: the rows are deleted and the communities'
member counts follow (a community whose only owner leaves this way keeps its
moderators; the site's staff can name a new owner in the admin)."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from tremplin.communities.models import Community, Invitation, Membership, MembershipStatus
from tremplin.core.personal_data import when


def export(user: Any) -> dict[str, Any]:
    rows = Membership.objects.filter(user=user).select_related("community")
    return {
        "memberships": [
            {
                "community": m.community.name_fr or m.community.name_en,
                "address": m.community.slug,
                "role": m.role,
                "status": m.status,
                "answers": m.answers,
                "reason_given": m.reason,
                "joined": when(m.joined),
                "muted_until": when(m.muted_until),
                "rules_accepted": when(m.rules_accepted),
            }
            for m in rows.order_by("pk")
        ]
    }


def erase(user: Any) -> int:
    active = Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE)
    Community.objects.filter(pk__in=active.values("community")).update(
        member_count=F("member_count") - 1
    )
    invitations, _ = Invitation.objects.filter(invitee=user).delete()
    memberships, _ = Membership.objects.filter(user=user).delete()
    return invitations + memberships
