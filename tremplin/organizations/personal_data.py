"""What the organizations app holds about a member: memberships (organisation and
role), invitations sent to their address or by them. The member leaves every
organisation; invitations to their address go; organisations stay (they are not the
member's), with no trace of who verified or invited."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress

from tremplin.core.personal_data import when
from tremplin.organizations.models import Invitation, Membership, Organization


def _addresses(user: Any) -> set[str]:
    found = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return {address.lower() for address in found | {user.email}}


def export(user: Any) -> dict[str, Any]:
    memberships = Membership.objects.filter(user=user).select_related("organization")
    sent = Invitation.objects.filter(invited_by=user).select_related("organization")
    return {
        "memberships": [
            {"organization": m.organization.name, "role": m.role, "since": when(m.created)}
            for m in memberships
        ],
        "invitations_sent": [
            {"organization": i.organization.name, "role": i.role, "created": when(i.created)}
            for i in sent
        ],
        "invitations_received": [
            {
                "organization": i.organization.name,
                "role": i.role,
                "created": when(i.created),
                "accepted_at": when(i.accepted_at),
            }
            for i in Invitation.objects.filter(email__in=_addresses(user)).select_related(
                "organization"
            )
        ],
    }


def erase(user: Any) -> int:
    deleted, _by_model = Membership.objects.filter(user=user).delete()
    invitations, _by_model = Invitation.objects.filter(email__in=_addresses(user)).delete()
    detached = Invitation.objects.filter(invited_by=user).update(invited_by=None)
    detached += Invitation.objects.filter(accepted_by=user).update(accepted_by=None)
    detached += Organization.objects.filter(verified_by=user).update(verified_by=None)
    return deleted + invitations + detached
