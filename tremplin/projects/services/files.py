"""Sharing a vault document with a project, and stopping. Only the document's owner
shares it (a member of the project) and only the owner (or the lead, taking it off the
project) revokes; the vault keeps the document, its versions and its access log (each
opening by a member is logged there, as any reader's). After a revocation the rule
(`SharedFile.objects.readable_by`) no longer gives the id: nobody in the project opens
it at the next request."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.projects.models import Project, SharedFile
from tremplin.projects.refusals import ProjectRefusal
from tremplin.projects.services.board import require_member
from tremplin.projects.services.log import log
from tremplin.projects.services.projects import require_lead
from tremplin.vault.models import Document


@transaction.atomic
def share(user: Any, project: Project, document_id: int) -> SharedFile:
    require_member(user, project)
    document = Document.objects.filter(pk=document_id, owner_id=user.pk).first()
    if document is None:
        raise ProjectRefusal(
            _("Choose one of the documents of your vault."), "not_found", field="document"
        )
    if SharedFile.objects.active().filter(project=project, document=document).exists():
        raise ProjectRefusal(_("This document is already shared here."), "already", "document")
    shared = SharedFile.objects.create(project=project, document=document, shared_by=user)
    log(project, user, "file_shared", document=document.title)
    return shared


@transaction.atomic
def revoke(user: Any, shared: SharedFile) -> SharedFile:
    locked = SharedFile.objects.select_for_update(of=("self",)).select_related(
        "document", "project"
    )
    found = locked.get(pk=shared.pk)
    if found.revoked_at is not None:
        raise ProjectRefusal(_("This document is no longer shared."), "transition")
    if found.shared_by_id != user.pk:
        require_lead(user, found.project)
    found.revoked_at = timezone.now()
    found.save(update_fields=["revoked_at"])
    log(found.project, user, "file_revoked", document=found.document.title)
    return found
