"""Vault documents shared with a project.

The document stays its owner's: its versions, its title, its access log live in the
vault; the project holds only this row, "shared by X, until revoked". What project
members may open is decided here, in `SharedFileQuerySet.readable_by(viewer)`, and the
vault asks it through its readers registry (`tremplin.vault.readers`, filled from
projects' hooks.py): a document is readable by a viewer when a share of it is not
revoked, the viewer works on the project (the inside rule, `worked_on_by`), and the
owner who shared it is still an active member. So a revocation, the owner leaving, or
the viewer leaving closes the document at the next request, in the project pages, the
vault's pages and downloads, and the API alike.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from tremplin.projects.models.project import Member, MemberStatus, Project
from tremplin.vault.models import Document


class SharedFileQuerySet(models.QuerySet["SharedFile"]):
    def active(self) -> SharedFileQuerySet:
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, viewer: Any) -> SharedFileQuerySet:
        """The shares a viewer sees listed: active ones, in projects they work on,
        whose sharer is still an active member."""
        inside = Project.objects.worked_on_by(viewer).values("pk")
        sharer_active = Exists(
            Member.objects.filter(
                project=OuterRef("project"),
                user=OuterRef("shared_by"),
                status=MemberStatus.ACTIVE,
            )
        )
        return self.active().filter(Q(project__in=inside) & Q(sharer_active))

    def readable_by(self, viewer: Any) -> Any:
        """Document ids the viewer may open through a project (the vault's reader)."""
        return self.visible_to(viewer).values("document_id")


class SharedFile(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = SharedFileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "document"],
                condition=Q(revoked_at__isnull=True),
                name="project_file_once",
            )
        ]
        indexes = [models.Index(fields=["project", "-id"], name="project_file_newest")]

    def __str__(self) -> str:
        return f"document {self.document_id} in {self.project_id}"

    def is_visible_to(self, viewer: Any) -> bool:
        return SharedFile.objects.visible_to(viewer).filter(pk=self.pk).exists()
