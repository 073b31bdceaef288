"""The read path of applying here: the employer's inbox, one submission for its
receivers or its applicant, the posting a viewer receives applications for. All through
`Submission.objects.visible_to` (and `received_by`, its employer side)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.applications.submissions import (
    EmployerStatus,
    Submission,
    SubmissionQuerySet,
    receiving_q,
)
from tremplin.core.reads import visible_or_404
from tremplin.jobs.models import Posting
from tremplin.vault.models import Document

# The inbox shows this many applicants (newest first); the CSV has them all.
INBOX_SHOWN = 200


def receiving_posting_or_404(viewer: Any, pk: int) -> Posting:
    """A posting whose applications the viewer receives (and may see), or 404."""
    rule = receiving_q(viewer)
    postings = (
        Posting.objects.none() if rule is None else Posting.objects.visible_to(viewer).filter(rule)
    )
    return visible_or_404(postings.for_display(), pk=pk)


def receives_for(viewer: Any, posting: Posting) -> bool:
    rule = receiving_q(viewer)
    return rule is not None and Posting.objects.filter(rule, pk=posting.pk).exists()


def inbox(viewer: Any, posting: Posting, status: str = "") -> SubmissionQuerySet:
    rows = Submission.objects.received_by(viewer).filter(posting=posting).for_inbox()
    if status in EmployerStatus.values:
        rows = rows.filter(status=status)
    return rows


def inbox_counts(viewer: Any, posting: Posting) -> dict[str, int]:
    rows = (
        Submission.objects.received_by(viewer)
        .filter(posting=posting)
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
    )
    return {row["status"]: row["n"] for row in rows}


def received_or_404(viewer: Any, pk: int) -> Submission:
    """A submission in the viewer's inbox, or 404 (the applicant's own: see sent_or_404)."""
    return visible_or_404(Submission.objects.received_by(viewer).for_inbox(), pk=pk)


def sent_or_404(viewer: Any, pk: int) -> Submission:
    """One of the viewer's own submissions, or 404."""
    if viewer is None or not viewer.is_authenticated:
        return visible_or_404(Submission.objects.none(), pk=pk)
    return visible_or_404(Submission.objects.visible_to(viewer).filter(applicant=viewer.pk), pk=pk)


def sent_for(viewer: Any, posting: Posting) -> Submission | None:
    if viewer is None or not viewer.is_authenticated:
        return None
    return (
        Submission.objects.visible_to(viewer).filter(applicant=viewer.pk, posting=posting).first()
    )


def own_documents(viewer: Any) -> list[Document]:
    """The applicant's vault documents with a file, to choose from."""
    return list(
        Document.objects.filter(owner=viewer.pk, versions__isnull=False)
        .distinct()
        .order_by("-updated", "-pk")[:100]
    )


def csv_rows(posting: Any, rows: list[Submission]) -> list[list[Any]]:
    questions = [q["text"] for q in posting.screening_questions or []]
    header = [_("Name"), _("Applied on"), _("Status"), _("Message"), *questions]
    lines: list[list[Any]] = [header]
    for row in rows:
        answers = [a.get("answer", "") for a in row.answers]
        lines.append(
            [
                row.applicant.profile.display_name,
                timezone.localtime(row.created).date().isoformat(),
                row.get_status_display(),
                row.message,
                *answers,
            ]
        )
    return lines
