"""What the vault holds about a member: their documents with every version (the files
themselves go in the archive), the shares they made, who opened their documents, the
review comments on them, and the comments they wrote on others' documents.

Erased: their documents, every version's file (in the vault storage, object storage
included), shares, access logs and review threads; shares made to them; their comments
on others' documents keep their place with the text removed."""

from __future__ import annotations

from typing import Any

from tremplin.core.files import clean_filename
from tremplin.core.personal_data import ArchiveFile, delete_files_on_commit, plain_rows, when
from tremplin.vault.models import AccessLog, Document, DocumentVersion, ReviewComment, Share
from tremplin.vault.storage import vault_storage


def export(user: Any) -> dict[str, Any]:
    documents = Document.objects.filter(owner=user).order_by("created", "pk")
    return {
        "documents": [
            {
                **plain_rows([d], exclude=("owner",))[0],
                "versions": plain_rows(
                    DocumentVersion.objects.filter(document=d).order_by("number"),
                    exclude=("document", "file_name"),
                ),
                "shares": plain_rows(Share.objects.filter(document=d), exclude=("document",)),
                "opened_by": [
                    {
                        "who": log.user.display_name if log.user else "",
                        "at": when(log.created),
                        "version": log.version.number if log.version else None,
                    }
                    for log in AccessLog.objects.filter(document=d).select_related(
                        "user__profile", "version"
                    )
                ],
                "comments": [
                    {"author": c.author.display_name, "body": c.body, "at": when(c.created)}
                    for c in ReviewComment.objects.filter(document=d).select_related(
                        "author__profile"
                    )
                ],
            }
            for d in documents
        ],
        "comments_written": plain_rows(
            ReviewComment.objects.filter(author=user).exclude(document__owner=user),
            exclude=("author",),
        ),
    }


def files(user: Any) -> list[ArchiveFile]:
    versions = DocumentVersion.objects.filter(document__owner=user).order_by(
        "document_id", "number"
    )
    return [
        ArchiveFile(
            f"documents/{v.document_id}/v{v.number}-{clean_filename(v.original_name)}",
            v.file_name,
            vault_storage(),
        )
        for v in versions
    ]


def erase(user: Any) -> int:
    names = list(
        DocumentVersion.objects.filter(document__owner=user).values_list("file_name", flat=True)
    )
    delete_files_on_commit(names, vault_storage())
    changed = Document.objects.filter(owner=user).delete()[0]
    changed += Share.objects.filter(to_user=user).delete()[0]
    changed += ReviewComment.objects.filter(author=user).update(body="")
    return changed
