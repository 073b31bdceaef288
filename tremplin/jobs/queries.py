"""The read path of job postings: every list the pages and the API show, and "the one
posting this viewer may see, or 404". Both go through `Posting.objects.visible_to` (or,
for moderators' queue, `reported_to`); each list's eager loading is one QuerySet method
(`for_display`, `for_review`, `for_reports`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from tremplin.core.reads import visible_or_404
from tremplin.jobs.models import Posting, PostingReport, PostingStatus
from tremplin.jobs.permissions import can_manage
from tremplin.organizations.models import Organization

# A reported posting's page and API answer list this many of its open reports.
REPORTS_SHOWN = 20


def posting_or_404(viewer: Any, pk: int) -> Posting:
    """A posting the viewer may see (a reported one for moderators), or 404."""
    postings = Posting.objects.for_display()
    try:
        return visible_or_404(postings.visible_to(viewer), pk=pk)
    except Http404:
        return visible_or_404(postings.reported_to(viewer), pk=pk)


def managed_posting_or_404(viewer: Any, pk: int, refusal: str | None = None) -> Posting:
    """A posting the viewer manages; 404 when they cannot see it, 403 (`refusal`, by
    default translated) when they can see it but not change it."""
    posting = posting_or_404(viewer, pk)
    if not can_manage(viewer, posting):
        raise PermissionDenied(refusal or _("You cannot change this posting."))
    return posting


def open_postings(viewer: Any) -> QuerySet[Posting]:
    """Open postings the viewer may see, newest first."""
    return Posting.objects.visible_to(viewer).open().for_display().order_by("-date_posted", "-id")


def public_open_postings() -> QuerySet[Posting]:
    """Open postings a visitor may read, newest first (the Atom feed and the sitemap)."""
    return Posting.objects.visible_to(None).open().order_by("-date_posted", "-id")


def managed_postings(viewer: Any, status: str = "") -> QuerySet[Posting]:
    """Postings the viewer manages (theirs, their employer's, their agency's), last
    changed first; only those in `status` when it names one."""
    found = Posting.objects.managed_by(viewer).for_display().order_by("-updated", "-id")
    if status in PostingStatus.values:
        found = found.filter(status=status)
    return found


def review_queue(viewer: Any) -> QuerySet[Posting]:
    """Postings waiting for review, oldest first (agency admins)."""
    return (
        Posting.objects.visible_to(viewer)
        .filter(status=PostingStatus.REVIEW)
        .for_review()
        .order_by("updated", "id")
    )


def reports_queue(viewer: Any) -> QuerySet[Posting]:
    """Postings with unresolved reports, last changed first (moderators, agency
    admins); `unresolved_reports` reads each one's reports from the prefetched rows."""
    return Posting.objects.reported_to(viewer).for_reports().order_by("-updated", "-id")


def unresolved_reports(posting: Posting, limit: int = REPORTS_SHOWN) -> list[PostingReport]:
    """The posting's open reports, newest first (from `for_reports`' prefetch)."""
    return [r for r in posting.reports.all() if r.resolved_at is None][:limit]


def open_reports(posting: Posting, limit: int = REPORTS_SHOWN) -> list[PostingReport]:
    """The open reports of one posting (its page, for its managers and moderators)."""
    return list(posting.reports.filter(resolved_at__isnull=True)[:limit])


def organization_or_404(slug: str | None, kind: str) -> Organization | None:
    """The organisation of this kind with this address (slug), None for no slug, else
    404 (the API names the employer or agency of a new posting by slug)."""
    if not slug:
        return None
    return visible_or_404(Organization.objects.filter(kind=kind), slug=slug.strip())
