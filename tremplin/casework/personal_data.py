"""What the casework app holds about a member. Case work is the agency's staff-only
record and is never shown to the client, so the archive gives counts, not contents (the
README says to ask the agency).

Erased for a client: the case notes and their revisions, the funder's case number, the
follow-ups' notes, the referrals' reasons. What funders' reports count stays, naming no
one: the service, the tags, the follow-ups' dates and outcomes, the referrals' partner
and status. A pending follow-up becomes "could not reach the person"."""

from __future__ import annotations

from typing import Any

from tremplin.casework.models import CaseNote, CaseRecord, FollowUp, FollowUpStatus, Referral


def export(user: Any) -> dict[str, Any]:
    return {
        "staff_only_records": {
            "cases_with_records": CaseRecord.objects.filter(case__client=user).count(),
            "notes": CaseNote.objects.filter(case__client=user).count(),
            "referrals": Referral.objects.filter(case__client=user).count(),
            "follow_ups": FollowUp.objects.filter(case__client=user).count(),
        },
        "notes_written_as_staff": CaseNote.objects.filter(author=user).count(),
    }


def erase(user: Any) -> int:
    changed = CaseNote.objects.filter(case__client=user).delete()[0]
    changed += CaseRecord.objects.filter(case__client=user).update(funder_reference="")
    changed += FollowUp.objects.filter(case__client=user, status=FollowUpStatus.PENDING).update(
        status=FollowUpStatus.UNREACHABLE
    )
    changed += FollowUp.objects.filter(case__client=user).update(note="")
    changed += Referral.objects.filter(case__client=user).update(reason="")
    return changed
