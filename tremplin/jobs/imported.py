"""Imported postings: how an agency's import (`tremplin.job_imports`) creates and
updates its postings, through the same checks and lifecycle as the pages'."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.jobs import content, services
from tremplin.jobs.models import Posting, PostingSource, PostingStatus
from tremplin.organizations.models import Organization

IMPORTED_FIELDS = (*content.CONTENT_FIELDS, *content.SETTING_FIELDS, *content.IMPORT_FIELDS)


def import_upsert(
    agency: Organization, data: Mapping[str, Any], *, existing: Posting | None
) -> Posting:
    """Create or update an imported posting of `agency` (for the imports app).

    `data` takes the same fields as `create_posting` plus `source_url` and
    `date_posted` and `country`. Nothing is filled in for the source: an employer, a
    province, a closing date, a salary's period or currency the item does not give stay
    empty; a `valid_through` beyond six months is brought back to six months. A posting the
    scam guard holds goes to review; otherwise it opens. An existing posting whose data
    did not change is returned as it is (nothing is checked, nothing is sent). An
    existing closed or expired posting whose data changed opens again; a removed or
    rejected one stays so. The returned posting's `upsert_result` says what happened:
    "created", "updated", "reopened", "held" or "unchanged".
    """
    fingerprint = content.data_hash(data)
    with transaction.atomic():
        if existing is None:
            posting, result = _import_new(agency, data, fingerprint)
        else:
            posting, result = _import_again(agency, existing, data, fingerprint)
    posting.upsert_result = result  # type: ignore[attr-defined]
    return posting


def _import_new(
    agency: Organization, data: Mapping[str, Any], fingerprint: str
) -> tuple[Posting, str]:
    posting = Posting(agency=agency, source=PostingSource.IMPORTED, status=PostingStatus.DRAFT)
    values, _changed = services.prepare(posting, data, allowed=IMPORTED_FIELDS, imported=True)
    content.apply(posting, values)
    posting.source_hash = fingerprint
    posting.hold_reasons = content.scan(posting)
    posting.save()
    services.go_live(posting, None)
    return posting, "held" if posting.status == PostingStatus.REVIEW else "created"


def _import_again(
    agency: Organization, existing: Posting, data: Mapping[str, Any], fingerprint: str
) -> tuple[Posting, str]:
    posting = Posting.objects.select_for_update(of=("self",)).get(pk=existing.pk)
    if posting.agency_id != agency.pk:
        raise services.forbidden(_("This posting belongs to another agency."))
    # The same item as last time (a default or capped closing date would look like a
    # change on every poll without this).
    if posting.source_hash == fingerprint:
        return posting, "unchanged"
    values, changed = services.prepare(posting, data, allowed=IMPORTED_FIELDS, imported=True)
    if not changed:
        Posting.objects.filter(pk=posting.pk).update(source_hash=fingerprint)
        posting.source_hash = fingerprint
        return posting, "unchanged"
    content.apply(posting, values)
    posting.source_hash = fingerprint
    posting.hold_reasons = content.scan(posting)
    posting.save()
    if posting.status == PostingStatus.OPEN:
        if not posting.hold_reasons:
            services.announce_update(posting)
            return posting, "updated"
        services.to_review(posting)
        return posting, "held"
    # A job without a closing date stays open until its source drops it or it goes stale
    # (the imports app's sweep), so it may open again too.
    reopens = posting.status in (PostingStatus.CLOSED, PostingStatus.EXPIRED) and (
        posting.valid_through is None or posting.valid_through > timezone.now()
    )
    if reopens or posting.status == PostingStatus.DRAFT:
        was_draft = posting.status == PostingStatus.DRAFT
        services.go_live(posting, None)
        if posting.status == PostingStatus.REVIEW:
            return posting, "held"
        return posting, "created" if was_draft else "reopened"
    return posting, "updated"
