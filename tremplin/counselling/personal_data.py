"""What the counselling app holds about a member: the cases where they are the client
(agency, counsellor, status, the scopes they granted and the consent history), and for a
counsellor, how many cases they held.

Erased: an open case of the client is closed (ended by the client) with every scope
withdrawn, and an invitation to their address loses the address. The case rows stay,
naming no one (the client is a tombstone): they are the agency's caseload counts and the
funder's outcomes. A counsellor's cases stay with the agency (reassign them)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.utils import timezone

from tremplin.core.personal_data import when
from tremplin.counselling.models import OPEN_STATUSES, Case, CaseStatus, Consent, ExitReason


def _addresses(user: Any) -> set[str]:
    found = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return {address.lower() for address in found | {user.email}}


def export(user: Any) -> dict[str, Any]:
    cases = Case.objects.filter(client=user).select_related("agency", "counsellor__profile")
    return {
        "cases_as_client": [
            {
                "id": case.pk,
                "agency": case.agency.name,
                "counsellor": case.counsellor.display_name,
                "status": case.status,
                "shares_profile": case.shares_profile,
                "shares_documents": case.shares_documents,
                "shares_applications": case.shares_applications,
                "allows_messages": case.allows_messages,
                "consented_at": when(case.client_consented_at),
                "created": when(case.created),
                "closed_at": when(case.closed_at),
                "exit_reason": case.exit_reason,
                "consents": [
                    {
                        "action": c.action,
                        "scopes": c.scopes,
                        "version": c.version,
                        "at": when(c.created),
                    }
                    for c in Consent.objects.filter(case=case).order_by("created", "pk")
                ],
            }
            for case in cases
        ],
        "cases_as_counsellor": Case.objects.filter(counsellor=user).count(),
    }


def erase(user: Any) -> int:
    now = timezone.now()
    closed = Case.objects.filter(client=user, status__in=OPEN_STATUSES).update(
        status=CaseStatus.CLOSED,
        exit_reason=ExitReason.CLIENT_ENDED,
        closed_at=now,
        updated=now,
    )
    withdrawn = Case.objects.filter(client=user).update(
        shares_profile=False,
        shares_documents=False,
        shares_applications=False,
        allows_messages=False,
        invited_email="",
    )
    invited = Case.objects.filter(
        Q(client__isnull=True) & Q(invited_email__in=_addresses(user))
    ).update(
        status=CaseStatus.CLOSED, exit_reason=ExitReason.DECLINED, closed_at=now, invited_email=""
    )
    return closed + withdrawn + invited
