"""The read path of the vault: every list the pages and the API show, and the one
document (or version, share, link) they act on, found only through
`Document.objects.visible_to` (else 404); owner-only ones answer 403 to the others who
may see the document."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models import Case as Choose
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from tremplin.core.consent import DOCUMENTS, explain_or_404
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.counselling.models import Case, Scope
from tremplin.counselling.sections import Moment
from tremplin.mentoring.models import Mentorship
from tremplin.vault.models import (
    AccessLog,
    Document,
    DocumentQuerySet,
    DocumentVersion,
    ReviewComment,
    Share,
    ShareVia,
)

# Documents and access-log entries per page (pages and the API's default).
PAGE_SIZE = 50
# The newest access-log entries shown on a document's page; the rest are a link away.
LOG_SHOWN = 20

# ------------------------------------------------------------------ one document


def document_or_404(viewer: Any, pk: int) -> Document:
    """A document the viewer may see (its owner, or a valid share's recipient). A
    counsellor whose client shared it with her but whose case no longer grants the
    documents scope (withdrawn, paused) is told so (`core.consent`), not a bare 404."""
    try:
        return visible_or_404(Document.objects.visible_to(viewer).for_display(), pk=pk)
    except Http404:
        asking = viewer_of(viewer)
        if not asking.counsellor_cases or not isinstance(pk, int):
            raise
        share = (
            Share.objects.active()
            .filter(document_id=pk, to_user_id=asking.id, via=ShareVia.COUNSELLOR)
            .select_related("document__owner__profile")
            .first()
        )
        explain_or_404(asking, share.document.owner if share else None, DOCUMENTS)


def owned_or_403(viewer: Any, pk: int) -> Document:
    """One of the viewer's own documents: 404 if they may not see it, 403 if they may
    see it but it is someone else's."""
    document = document_or_404(viewer, pk)
    if document.owner_id != viewer.pk:
        raise PermissionDenied(_("Only the owner of the document may do this."))
    return document


def version_or_404(document: Document, number: int) -> DocumentVersion:
    return visible_or_404(DocumentVersion.objects.filter(document=document), number=number)


def share_or_404(document: Document, share_id: int) -> Share:
    return visible_or_404(Share.objects.filter(document=document).for_display(), pk=share_id)


def link_share(token: str) -> Share | None:
    """The share behind a link's token while it is valid (anyone holding it)."""
    return Share.objects.for_token(token)


# ------------------------------------------------------------------ lists


def documents_of(owner: Any) -> DocumentQuerySet:
    """The owner's documents, most recently updated first."""
    return Document.objects.filter(owner_id=owner.pk).for_list().order_by("-updated", "-pk")


def shared_with(viewer: Any) -> DocumentQuerySet:
    """Documents others share with the viewer (while the shares are valid)."""
    return (
        Document.objects.visible_to(viewer)
        .exclude(owner_id=viewer.pk)
        .for_list()
        .order_by("-updated", "-pk")
    )


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    """Newest first, with who uploaded each."""
    return document.versions.for_display().order_by("-number")


def shares_of(document: Document) -> QuerySet[Share]:
    return document.shares.for_display().order_by("-created")


def access_log_of(document: Document) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(document=document).for_display()


def access_rows_about(owner_id: int) -> QuerySet[Any]:
    """The openings of this member's documents by others, as "who saw my data" reads
    them (the columns of `tremplin.privacy.access.COLUMNS`, registered in hooks.py): the
    access log stays the one record of a document's openings. The reader's role is how
    the document reached them (the link, or their share's `via`: counsellor, mentor,
    connection); a counsellor's agency is that of their case with the owner."""
    share_of_reader = Share.objects.filter(
        document=OuterRef("document"), to_user=OuterRef("user")
    ).order_by("-created")
    agency = Case.objects.filter(counsellor=OuterRef("user"), client_id=owner_id).order_by(
        "-created"
    )
    return (
        AccessLog.objects.filter(document__owner_id=owner_id)
        .annotate(
            a_when=F("created"),
            a_reader=F("user_id"),
            a_what=Value("document", output_field=CharField()),
            a_role=Coalesce(
                F("share__via"),
                Subquery(share_of_reader.values("via")[:1]),
                Value("other"),
                output_field=CharField(),
            ),
            a_agency=Subquery(agency.values("agency_id")[:1], output_field=BigIntegerField()),
            a_object=F("document_id"),
            a_label=F("document__title"),
        )
        .values("a_when", "a_reader", "a_what", "a_role", "a_agency", "a_object", "a_label")
    )


def comments_of(document: Document) -> QuerySet[ReviewComment]:
    """The review thread, oldest first (callers check `is_reviewable_by`)."""
    return ReviewComment.objects.filter(document=document).for_display()


def quota_used(owner: Any) -> int:
    """Bytes stored for `owner`, every version of every document counted."""
    total = DocumentVersion.objects.filter(document__owner=owner).aggregate(s=Sum("size"))["s"]
    return int(total or 0)


def sharing_candidates(owner: Any) -> QuerySet[Any]:
    """People `owner` may share with: counsellors whose active case grants the documents
    scope, active mentors, and connections; never someone in a block with the owner."""
    counsellors = Case.objects.granting(Scope.DOCUMENTS).filter(client=owner).values("counsellor")
    mentors = Mentorship.objects.active().filter(mentee=owner).values("mentor")
    member = viewer_of(owner)
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=counsellors) | Q(pk__in=mentors) | Q(pk__in=member.relation("connections")),
            is_active=True,
        )
        .exclude(pk=owner.pk)
        .exclude(member.relation("blocked_q", "pk"))
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


# ------------------------------------------------------------------ the caseload


def annotate_caseload(cases: QuerySet[Case], moment: Moment | None = None) -> QuerySet[Case]:
    """Adds `documents_to_review` to each case of a caseload queryset: the client's
    documents shared with the case's counsellor (while the case grants documents) whose
    newest version the counsellor has not commented on yet. One query with the cases
    (`moment` is not needed: nothing here depends on the time)."""
    counsellor = OuterRef(OuterRef("counsellor"))
    shared = Share.objects.active().filter(
        document=OuterRef("pk"), via=ShareVia.COUNSELLOR, to_user=counsellor
    )
    newest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-created")
    reviewed = ReviewComment.objects.filter(
        document=OuterRef("pk"), author=counsellor, created__gte=OuterRef("newest")
    )
    waiting = (
        Document.objects.filter(owner=OuterRef("client"))
        .annotate(newest=Subquery(newest.values("created")[:1]))
        .filter(Exists(shared), newest__isnull=False)
        .exclude(Exists(reviewed))
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    count = Coalesce(Subquery(waiting, output_field=IntegerField()), Value(0))
    return cases.annotate(
        documents_to_review=Choose(
            # The consent rule's one queryset (counselling's `granting`), not a copy.
            When(
                Exists(Case.objects.granting(Scope.DOCUMENTS).filter(pk=OuterRef("pk"))), then=count
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
