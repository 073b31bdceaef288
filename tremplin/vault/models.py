"""The document vault: a member's private documents (CVs, cover letters, certificates,
portfolios), their versions, who they are shared with, who opened them, and the review
comments of the counsellors they are shared with.

Who may see a document is decided in one place, `DocumentQuerySet.visible_to` (with its
single-object twin `Document.is_visible_to`): the owner, the recipients of a share
that is still valid, and the groups higher apps share it with (`vault.readers`: a
project's members). A share to a person records why that person could receive it
(`ShareVia`): a counsellor's share lasts only while an active case grants the documents
scope, a mentor's only while the mentorship is active (`tremplin.mentoring`), a
connection's only while the two are connected; a block either way cuts every
share. A share by link is checked by its token, expiry and revocation
(`ShareQuerySet.for_token`). Each request asks again (the viewer's relations are read
once per request, `tremplin.core.viewer`), so a withdrawn scope takes effect at once.

Share lifecycle (`SHARE_TRANSITIONS`): active → revoked (links also expire by date).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tremplin.core.lifecycle import Lifecycle
from tremplin.core.viewer import viewer_of
from tremplin.counselling.models import Scope
from tremplin.mentoring.models import Mentorship
from tremplin.vault.readers import shared_ids

TITLE_MAX_LENGTH = 120
COMMENT_MAX_LENGTH = 4000


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    COVER_LETTER = "cover_letter", _("Cover letter")
    CERTIFICATE = "certificate", _("Certificate")
    PORTFOLIO = "portfolio", _("Portfolio")
    OTHER = "other", _("Other")


class ShareVia(models.TextChoices):
    COUNSELLOR = "counsellor", _("One of my counsellors")
    MENTOR = "mentor", _("My mentor")
    CONNECTION = "connection", _("One of my connections")
    LINK = "link", _("A link")


class ShareState(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


# Lifecycle: a share is active until revoked; revoking is final (share again instead).
SHARE_TRANSITIONS = Lifecycle(
    ShareState,
    {
        ShareState.ACTIVE: {ShareState.REVOKED},
        ShareState.REVOKED: set(),
    },
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ShareQuerySet(models.QuerySet["Share"]):
    def active(self) -> ShareQuerySet:
        return self.filter(revoked_at__isnull=True)

    def people(self) -> ShareQuerySet:
        return self.exclude(via=ShareVia.LINK)

    def links(self) -> ShareQuerySet:
        return self.filter(via=ShareVia.LINK)

    def for_display(self) -> ShareQuerySet:
        """Shares as their owner lists them: with the recipient's name."""
        return self.select_related("to_user__profile")

    def for_token(self, token: str) -> Share | None:
        """The link share behind `token` while it is neither revoked nor expired."""
        if not token or len(token) > 100:
            return None
        return (
            self.links()
            .active()
            .filter(token_hash=hash_token(token), expires_at__gt=timezone.now())
            .select_related("document")
            .first()
        )

    def valid_for(self, viewer: Any) -> ShareQuerySet:
        """Person shares to `viewer` that still give access right now: the viewer is
        still the owner's counsellor with the documents scope, their mentor, or a
        connection, and no block stands between them (the viewer's relations)."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        asking = viewer_of(viewer)
        owner = OuterRef("document__owner")
        as_counsellor = Q(via=ShareVia.COUNSELLOR) & Q(
            document__owner__in=asking.relation("clients", Scope.DOCUMENTS)
        )
        as_mentor = Q(via=ShareVia.MENTOR) & Q(
            Exists(Mentorship.objects.active().filter(mentor=viewer, mentee=owner))
        )
        as_connection = Q(via=ShareVia.CONNECTION) & asking.relation(
            "connected_row_q", "document__owner"
        )
        return (
            self.active()
            .filter(to_user=viewer)
            .filter(as_counsellor | as_mentor | as_connection)
            .exclude(asking.relation("blocked_q", "document__owner"))
        )


class DocumentQuerySet(models.QuerySet["Document"]):
    def for_display(self) -> DocumentQuerySet:
        """One document as its page and the API show it: with the owner's name."""
        return self.select_related("owner__profile")

    def for_list(self) -> DocumentQuerySet:
        """Documents as the lists show them: the owner's name and every version."""
        return self.select_related("owner__profile").prefetch_related("versions")

    def visible_to(self, viewer: Any) -> DocumentQuerySet:
        """THE rule: the owner, and the recipients of a still-valid person share."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        shared = Share.objects.valid_for(viewer).values("document_id")
        rule = Q(owner=viewer) | Q(pk__in=shared)
        for ids in shared_ids(viewer):  # groups of higher apps (vault.readers)
            rule |= Q(pk__in=ids)
        return self.filter(rule)

    def reviewable_by(self, viewer: Any) -> DocumentQuerySet:
        """Documents whose review thread `viewer` takes part in: the owner, and the
        counsellors a document is shared with (while their scope lasts)."""
        if viewer is None or not viewer.is_authenticated:
            return self.none()
        shared = (
            Share.objects.valid_for(viewer).filter(via=ShareVia.COUNSELLOR).values("document_id")
        )
        return self.filter(Q(owner=viewer) | Q(pk__in=shared))


class Document(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    kind = models.CharField(
        _("kind of document"), max_length=16, choices=DocumentKind, default=DocumentKind.CV
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["owner", "-updated"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("vault:detail", kwargs={"pk": self.pk})

    def is_visible_to(self, viewer: Any) -> bool:
        if viewer is None or not viewer.is_authenticated:
            return False
        if viewer.pk == self.owner_id:
            return True
        return Document.objects.visible_to(viewer).filter(pk=self.pk).exists()

    def is_reviewable_by(self, viewer: Any) -> bool:
        if viewer is None or not viewer.is_authenticated:
            return False
        if viewer.pk == self.owner_id:
            return True
        return (
            Share.objects.valid_for(viewer).filter(document=self, via=ShareVia.COUNSELLOR).exists()
        )

    def current_version(self) -> DocumentVersion | None:
        return self.versions.order_by("-number").first()


class DocumentVersionQuerySet(models.QuerySet["DocumentVersion"]):
    def for_display(self) -> DocumentVersionQuerySet:
        """The history as the document's page shows it: who uploaded each version."""
        return self.select_related("uploaded_by__profile")


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    # The name in the vault storage: a random uuid, never the member's file name.
    file_name = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    restored_from = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="vault_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.number}"

    def get_download_url(self) -> str:
        return reverse("vault:download", kwargs={"pk": self.document_id, "number": self.number})


class Share(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="shares")
    via = models.CharField(max_length=10, choices=ShareVia)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents_shared_with_me",
    )
    # Links: only the SHA-256 of the token is kept; the URL is shown once.
    token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(via="link", to_user__isnull=True, token_hash__isnull=False)
                    & Q(expires_at__isnull=False)
                )
                | (~Q(via="link") & Q(to_user__isnull=False, token_hash__isnull=True)),
                name="vault_share_person_or_link",
            ),
            models.UniqueConstraint(
                fields=["document", "to_user"],
                condition=Q(revoked_at__isnull=True, to_user__isnull=False),
                name="vault_one_active_share_per_person",
            ),
        ]
        indexes = [models.Index(fields=["to_user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.to_user_id or 'link'} ({self.state})"

    @property
    def state(self) -> str:
        return ShareState.REVOKED if self.revoked_at else ShareState.ACTIVE

    @property
    def is_link(self) -> bool:
        return self.via == ShareVia.LINK

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def for_display(self) -> AccessLogQuerySet:
        """The log as its owner reads it: who, which version, by which share."""
        return self.select_related("user__profile", "version", "share")


class AccessLog(models.Model):
    """One opening of a document's file by someone other than its owner."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="accesses")
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    share = models.ForeignKey(Share, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("document access")
        verbose_name_plural = _("document accesses")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["document", "-created"])]

    def __str__(self) -> str:
        return f"{self.document_id} by {self.user_id or self.share_id}"


class ReviewCommentQuerySet(models.QuerySet["ReviewComment"]):
    def for_display(self) -> ReviewCommentQuerySet:
        """The review thread: each author's name and the version commented on."""
        return self.select_related("author__profile", "version")


class ReviewComment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        DocumentVersion, on_delete=models.SET_NULL, null=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    created = models.DateTimeField(auto_now_add=True)

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.body[:40]}"
