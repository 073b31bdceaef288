"""Resource libraries: each community, and each agency, keeps one.

A resource is a link (with a preview fetched through `core.safe_fetch`), a document
(uploaded here, or shared from the author's vault: `vault_document`, which stays theirs —
they can withdraw it and the resource then shows as unavailable), or a guide written in
Markdown. Members suggest (`state="suggested"`); the community's moderators (or the
agency's staff) approve.

THE rule (`ResourceQuerySet.visible_to`): an approved resource of a community is seen by
whoever may read its content; of an agency, by its `audience` (public or members). A
suggested or declined one: its author (while they may read the library) and the
library's moderators only (the community's moderators, or the agency's staff).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from tremplin.communities.models.community import Community, content_q
from tremplin.communities.models.events import EventAudience
from tremplin.core.viewer import viewer_of
from tremplin.vault.models import DocumentVersion

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 2000
GUIDE_MAX_LENGTH = 50_000


class ResourceKind(models.TextChoices):
    LINK = "link", _("Link")
    DOCUMENT = "document", _("Document")
    GUIDE = "guide", _("Guide")


class ResourceState(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested, waiting for a moderator")
    APPROVED = "approved", _("Published")
    DECLINED = "declined", _("Declined")


def _signed_in(viewer: Any) -> bool:
    return viewer is not None and getattr(viewer, "is_authenticated", False)


class ResourceQuerySet(models.QuerySet["Resource"]):
    def visible_to(self, viewer: Any) -> ResourceQuerySet:
        """THE resource rule (see the module's docstring). Its author sees a suggested
        or declined resource only while they may still read the library (a member banned
        from a private community sees nothing of it, their own suggestions included);
        the library's moderators (the community's, or any staff member of the agency)
        see every resource of it but the declined or removed ones (those are gone for
        everyone but their author: the moderation log keeps the record)."""
        approved = Q(state=ResourceState.APPROVED)
        of_community = Q(community__isnull=False) & content_q(viewer)
        of_organization = Q(community__isnull=True) & Q(audience=EventAudience.PUBLIC)
        if not _signed_in(viewer):
            return self.filter(approved & (of_community | of_organization))
        of_organization = Q(community__isnull=True)
        staff_of = viewer_of(viewer).organization_ids()
        moderated = Q(community__in=Community.objects.moderated_by(viewer).values("pk")) | Q(
            community__isnull=True, organization__in=staff_of
        )
        return self.filter(
            ((of_community | of_organization) & (approved | Q(author=viewer)))
            | (moderated & ~Q(state=ResourceState.DECLINED))
        )

    def approved(self) -> ResourceQuerySet:
        return self.filter(state=ResourceState.APPROVED)

    def for_list(self) -> ResourceQuerySet:
        """Resources as a library lists them: the author's name, the library, and for a
        document shared from a vault whether it still has a version (`vault_available`,
        one EXISTS per row, so a list never asks the vault once per resource)."""
        versions = DocumentVersion.objects.filter(document=OuterRef("vault_document"))
        return self.select_related(
            "author__profile", "community", "organization", "vault_document"
        ).annotate(vault_available=Exists(versions))


class Resource(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="resources"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="community_resources",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ResourceKind)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    url = models.URLField(_("address"), blank=True, max_length=1000)
    # The link's preview: {"title", "description", "site_name"} read by the safe fetcher.
    preview = models.JSONField(default=dict, blank=True)
    file = models.FileField(_("file"), upload_to="resources/", blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    vault_document = models.ForeignKey(
        "vault.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document from my vault"),
    )
    body = models.TextField(
        _("guide"), blank=True, max_length=GUIDE_MAX_LENGTH, help_text=_("Markdown.")
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=2, default="fr")
    audience = models.CharField(
        _("who can see it"), max_length=8, choices=EventAudience, default=EventAudience.MEMBERS
    )
    featured = models.BooleanField(_("featured"), default=False)
    state = models.CharField(max_length=10, choices=ResourceState, default=ResourceState.APPROVED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    useful_count = models.PositiveIntegerField(default=0)
    not_useful_count = models.PositiveIntegerField(default=0)
    bookmark_count = models.PositiveIntegerField(default=0)
    search_text = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(organization__isnull=False),
                name="resource_has_a_library",
            ),
        ]
        indexes = [
            models.Index(
                fields=["community", "state", "-featured", "-created"], name="resource_community"
            ),
            models.Index(
                fields=["organization", "state", "-featured", "-created"], name="resource_org"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("communities:resource", args=[self.pk])

    def is_visible_to(self, viewer: Any) -> bool:
        return Resource.objects.visible_to(viewer).filter(pk=self.pk).exists()


class ResourceBookmark(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookmarks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="resource_bookmark_once")
        ]

    def __str__(self) -> str:
        return f"resourcebookmark {self.pk}"


class ResourceVote(models.Model):
    """ "Was this useful?": one answer per member, which they may change."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    useful = models.BooleanField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="resource_vote_once")
        ]

    def __str__(self) -> str:
        return f"resourcevote {self.pk}"
