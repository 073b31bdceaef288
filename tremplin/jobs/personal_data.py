"""What the jobs app holds about a member: the postings they published or reviewed for
an organisation (the postings are the organisation's and stay), and the reports they
filed. Erased: their name on postings and reports, a posting's application address when
it is theirs, and the details they wrote in a report (the report itself stays for the
moderation record)."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress

from tremplin.core.personal_data import when
from tremplin.jobs.models import Posting, PostingReport


def _addresses(user: Any) -> set[str]:
    found = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return {address.lower() for address in found | {user.email}}


def export(user: Any) -> dict[str, Any]:
    return {
        "postings_published": [
            {
                "id": p.pk,
                "title_fr": p.title_fr,
                "title_en": p.title_en,
                "status": p.status,
                "created": when(p.created),
            }
            for p in Posting.objects.filter(posted_by=user).order_by("created", "pk")
        ],
        "reports_filed": [
            {
                "posting": r.posting_id,
                "reason": r.reason,
                "details": r.details,
                "created": when(r.created),
                "resolved_at": when(r.resolved_at),
            }
            for r in PostingReport.objects.filter(reporter=user).order_by("created", "pk")
        ],
    }


def erase(user: Any) -> int:
    changed = Posting.objects.filter(apply_email__in=_addresses(user)).update(apply_email="")
    changed += Posting.objects.filter(posted_by=user).update(posted_by=None)
    changed += Posting.objects.filter(reviewed_by=user).update(reviewed_by=None)
    changed += PostingReport.objects.filter(reporter=user).update(reporter=None, details="")
    changed += PostingReport.objects.filter(resolved_by=user).update(resolved_by=None)
    return changed
