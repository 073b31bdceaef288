"""The vault API's schemas (`api.py`): what a document, a version, a share, a link, an
access and a review comment look like over HTTP, and what the endpoints take."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema

from tremplin.api.schemas import HANDLE_PATTERN, StrictSchema
from tremplin.vault.models import COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH, DocumentKind
from tremplin.vault.services import LINK_DEFAULT_DAYS, LINK_MAX_DAYS, LINK_MIN_DAYS


class VersionOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    created: datetime
    restored_from: int | None
    download_url: str


class DocumentOut(Schema):
    id: int
    title: str
    kind: str = Field(description="cv, cover_letter, certificate, portfolio or other")
    owner: str = Field(description="The owner's name.")
    mine: bool
    created: datetime
    updated: datetime
    current_version: VersionOut | None


class ShareOut(Schema):
    id: int
    via: str = Field(description="counsellor, mentor, connection or link")
    recipient: str | None = Field(description="The person's name; null for a link.")
    expires_at: datetime | None
    revoked_at: datetime | None
    active: bool = Field(description="Not revoked and, for a link, not expired.")
    created: datetime


class LinkOut(Schema):
    share: ShareOut
    url: str = Field(description="Shown once: only the token's hash is kept.")


class AccessOut(Schema):
    created: datetime
    version: int | None
    who: str | None = Field(description="The person's name; null when opened by a link.")
    by_link: bool


class ReviewCommentOut(Schema):
    id: int
    author: str
    body: str
    version: int | None
    created: datetime


class DocumentRenameIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH)
    kind: DocumentKind | None = None


class ShareIn(StrictSchema):
    handle: str = Field(
        ..., min_length=1, max_length=60, pattern=HANDLE_PATTERN, description="Whom to share with."
    )


class LinkIn(StrictSchema):
    days: int = Field(LINK_DEFAULT_DAYS, ge=LINK_MIN_DAYS, le=LINK_MAX_DAYS)


class ReviewCommentIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=COMMENT_MAX_LENGTH)
