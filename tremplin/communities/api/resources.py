"""Communities API: resource libraries (/api/v1/communities/resources...). Each endpoint
calls the same queries and services as the pages: a resource the caller may not see
answers 404 (`Resource.objects.visible_to`), whatever they may not do answers the
refusal's status from `core.refusals.STATUSES` (403 forbidden, 409 conflict or
transition, 413 too large, 422 invalid, 429 slow mode). Every path starts with
/resources, so that no community slug can shadow it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import Field

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import (
    FILLED_TEXT,
    OPTIONAL_AUTH,
    TEXT,
    ErrorOut,
    PIIErrorOut,
    StrictSchema,
    pii_refusal,
)
from tremplin.communities.models import (
    Community,
    EventAudience,
    Resource,
    ResourceKind,
    ResourceState,
)
from tremplin.communities.models.community import REASON_MAX_LENGTH
from tremplin.communities.models.resources import (
    DESCRIPTION_MAX_LENGTH,
    GUIDE_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from tremplin.communities.queries import resources as queries
from tremplin.communities.services import resources as services
from tremplin.communities.services.resource_preview import preview_of
from tremplin.core.uploads import accepts_files
from tremplin.organizations.models import Organization
from tremplin.vault.uploads import DOCX, JPEG, ODT, PDF

router = Router(tags=["communities"])

ID = Path(..., ge=1, le=2_147_483_647)
SLUG_PATH = Path(..., max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
READ = {404: ErrorOut, 422: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
FILE_RESPONSE = {
    "responses": {
        200: {
            "description": "The document, as an attachment (never cached).",
            "content": {
                kind: {"schema": {"type": "string", "format": "binary"}}
                for kind in (PDF, DOCX, ODT, JPEG)
            },
        }
    },
    **OPTIONAL_AUTH,
}


class PreviewOut(Schema):
    title: str = ""
    description: str = ""
    site_name: str = ""


class ResourceOut(Schema):
    id: int
    kind: str = Field(description="link, document or guide")
    title: str
    description: str
    url: str = Field(description="A link's address (empty for the other kinds).")
    preview: PreviewOut = Field(description="A link's preview, read after it was added.")
    body: str = Field(description="A guide's Markdown (empty for the other kinds).")
    file_name: str
    downloadable: bool = Field(description="A document whose file is still available.")
    download_url: str | None
    tags: list[str]
    language: str
    audience: str = Field(description="An agency's resource: public or members.")
    featured: bool
    state: str = Field(description="approved, suggested or declined")
    author: str | None
    community: str | None = Field(description="The community's slug (its library).")
    agency: str | None = Field(description="The agency's slug (its library).")
    library: str = Field(description="The library's name.")
    useful_count: int
    not_useful_count: int
    bookmark_count: int
    bookmarked: bool
    my_vote: bool | None = Field(description="My answer to “was this useful?”.")
    created: datetime
    updated: datetime


class ResourceEditIn(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    description: str | None = Field(None, max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    url: str | None = Field(None, max_length=services.URL_MAX_LENGTH, pattern=TEXT)
    body: str | None = Field(None, max_length=GUIDE_MAX_LENGTH, pattern=TEXT)
    tags: list[str] | None = Field(None, max_length=services.MAX_TAGS)
    language: str | None = Field(None, pattern="^(fr|en)$")
    audience: EventAudience | None = None
    confirm_pii: bool = False


class ResourceDecisionIn(StrictSchema):
    approve: bool
    reason: str = Field("", max_length=REASON_MAX_LENGTH, pattern=TEXT)


class FeaturedIn(StrictSchema):
    featured: bool


class UsefulIn(StrictSchema):
    useful: bool


def resource_out(resource: Resource, viewer: Any, marks: queries.Mine | None = None) -> dict:
    marks = marks or queries.marks_of(viewer, [resource])
    downloadable = queries.downloadable(resource)
    preview = preview_of(resource)
    return {
        **{
            name: getattr(resource, name)
            for name in (
                "id",
                "kind",
                "title",
                "description",
                "url",
                "body",
                "file_name",
                "tags",
                "language",
                "audience",
                "featured",
                "state",
                "useful_count",
                "not_useful_count",
                "bookmark_count",
                "created",
                "updated",
            )
        },  # fmt: skip
        "preview": {k: str(preview.get(k, "")) for k in ("title", "description", "site_name")},
        "downloadable": downloadable,
        "download_url": reverse("api:communities_resource_download", args=[resource.pk])
        if downloadable
        else None,
        "author": resource.author.display_name if resource.author else None,
        "community": resource.community.slug if resource.community else None,
        "agency": resource.organization.slug
        if resource.community is None and resource.organization
        else None,
        "library": services.library_name(resource),
        "bookmarked": resource.pk in marks.bookmarked,
        "my_vote": marks.votes.get(resource.pk),
    }


class LibraryQuery(Schema):
    q: str = Field(
        "",
        max_length=100,
        pattern=TEXT,
        description="Words of the title, description, site or tags (accents and case ignored).",
    )
    kind: ResourceKind | None = None
    language: str | None = Field(None, pattern="^(fr|en)$")
    tag: str = Field("", max_length=30, pattern=TEXT)
    state: ResourceState = Field(
        ResourceState.APPROVED,
        description="suggested or declined: the moderators' queue (others see their own).",
    )
    offset: int = Field(0, ge=0, le=10_000)
    limit: int = Field(queries.PAGE_SIZE, ge=1, le=100)


def _listed(request: HttpRequest, place: Community | Organization, asked: LibraryQuery) -> list:
    filters = queries.Filters(
        q=asked.q,
        kind=asked.kind or "",
        language=asked.language or "",
        tag=asked.tag,
        state=asked.state,
    )
    if isinstance(place, Community):
        rows = queries.library(request.user, community=place, filters=filters)
    else:
        rows = queries.library(request.user, organization=place, filters=filters)
    found = list(rows[asked.offset : asked.offset + asked.limit])
    marks = queries.marks_of(request.user, found)
    return [resource_out(r, request.user, marks) for r in found]


# ------------------------------------------------------------------ libraries


@router.get(
    "/resources/saved",
    response={200: list[ResourceOut], 401: ErrorOut, 422: ErrorOut},
    auth=signed_in,
    summary="My saved resources (those I may still see)",
)
def saved(
    request: HttpRequest,
    offset: int = Query(0, ge=0, le=10_000),
    limit: int = Query(queries.PAGE_SIZE, ge=1, le=100),
) -> list[dict]:
    found = list(queries.saved(request.user)[offset : offset + limit])
    marks = queries.marks_of(request.user, found)
    return [resource_out(r, request.user, marks) for r in found]


@router.get(
    "/resources/community/{slug}",
    response={200: list[ResourceOut], **READ},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A community's library, featured first (search and filters)",
)
def community_library(
    request: HttpRequest, asked: Query[LibraryQuery], slug: str = SLUG_PATH
) -> list[dict]:
    return _listed(request, queries.community_or_404(request.user, slug), asked)


@router.get(
    "/resources/agency/{slug}",
    response={200: list[ResourceOut], **READ},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="An agency's library, featured first (search and filters)",
)
def agency_library(
    request: HttpRequest, asked: Query[LibraryQuery], slug: str = SLUG_PATH
) -> list[dict]:
    return _listed(request, queries.agency_or_404(slug), asked)


CREATED = {201: ResourceOut, **WRITE, 413: ErrorOut, 422: ErrorOut | PIIErrorOut, 429: ErrorOut}


class ResourceIn(Schema):
    """The texts of a new resource (multipart form fields)."""

    kind: ResourceKind
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    description: str = Field("", max_length=DESCRIPTION_MAX_LENGTH, pattern=TEXT)
    url: str = Field("", max_length=services.URL_MAX_LENGTH, pattern=TEXT)
    body: str = Field("", max_length=GUIDE_MAX_LENGTH, pattern=TEXT)
    tags: str = Field("", max_length=300, pattern=TEXT, description="Comma-separated.")
    language: str = Field("fr", pattern="^(fr|en)$")
    audience: EventAudience = Field(
        EventAudience.MEMBERS, description="An agency's resource: public or members."
    )
    vault_document: int | None = Field(
        None, ge=1, le=2_147_483_647, description="One of my vault documents (a document)."
    )
    confirm_pii: bool = False


def _create(
    request: HttpRequest, place: Community | Organization, data: ResourceIn, file: Any
) -> Status:
    if not data.confirm_pii:
        refusal = pii_refusal(
            {"title": data.title, "description": data.description, "body": data.body}
        )
        if refusal:
            return refusal
    values = data.model_dump(exclude={"confirm_pii"})
    resource = services.add(request.user, place, values, upload=file)
    return Status(201, resource_out(resource, request.user))


@router.post(
    "/resources/community/{slug}",
    response=CREATED,
    auth=writer,
    summary="Add (a moderator) or suggest (a member) a resource to a community's library "
    "(multipart; `file` for an uploaded document)",
)
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def create_in_community(
    request: HttpRequest,
    data: Form[ResourceIn],
    slug: str = SLUG_PATH,
    file: UploadedFile | None = File(None, description="PDF, DOCX, ODT, JPEG, PNG or WebP."),
) -> Status:
    return _create(request, queries.community_or_404(request.user, slug), data, file)


@router.post(
    "/resources/agency/{slug}",
    response=CREATED,
    auth=writer,
    summary="Add (its staff) or suggest (a member) a resource to an agency's library "
    "(multipart; `file` for an uploaded document)",
)
@accepts_files(each="VAULT_MAX_FILE_BYTES")
def create_in_agency(
    request: HttpRequest,
    data: Form[ResourceIn],
    slug: str = SLUG_PATH,
    file: UploadedFile | None = File(None, description="PDF, DOCX, ODT, JPEG, PNG or WebP."),
) -> Status:
    return _create(request, queries.agency_or_404(slug), data, file)


# ------------------------------------------------------------------ one resource


@router.get(
    "/resources/{resource_id}",
    response={200: ResourceOut, **READ},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="One resource",
)
def detail(request: HttpRequest, resource_id: int = ID) -> dict:
    return resource_out(queries.resource_or_404(request.user, resource_id), request.user)


@router.patch(
    "/resources/{resource_id}",
    response={200: ResourceOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Edit a resource's texts (its author or the library's moderators)",
)
def edit(request: HttpRequest, payload: ResourceEditIn, resource_id: int = ID) -> Any:
    resource = queries.resource_or_404(request.user, resource_id)
    changes = payload.model_dump(exclude_unset=True, exclude={"confirm_pii"})
    if not payload.confirm_pii:
        texts = {k: changes.get(k) for k in ("title", "description", "body")}
        refusal = pii_refusal(texts)
        if refusal:
            return refusal
    services.edit(request.user, resource, changes)
    return resource_out(resource, request.user)


@router.delete(
    "/resources/{resource_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete a resource (its author), or remove it with a reason (a moderator)",
)
def delete(
    request: HttpRequest,
    resource_id: int = ID,
    reason: str = Query("", max_length=REASON_MAX_LENGTH, pattern=TEXT),
) -> Status:
    resource = queries.resource_or_404(request.user, resource_id)
    services.delete(request.user, resource, reason=reason)
    return Status(204, None)


@router.post(
    "/resources/{resource_id}/decision",
    response={200: ResourceOut, **WRITE},
    auth=writer,
    summary="Approve or decline a suggestion (the library's moderators; logged)",
)
def decide(request: HttpRequest, payload: ResourceDecisionIn, resource_id: int = ID) -> dict:
    resource = queries.resource_or_404(request.user, resource_id)
    services.decide(request.user, resource, approve=payload.approve, reason=payload.reason)
    return resource_out(resource, request.user)


@router.put(
    "/resources/{resource_id}/featured",
    response={200: ResourceOut, **WRITE},
    auth=writer,
    summary="Feature a published resource, or stop (the library's moderators)",
)
def feature(request: HttpRequest, payload: FeaturedIn, resource_id: int = ID) -> dict:
    resource = queries.resource_or_404(request.user, resource_id)
    services.set_featured(request.user, resource, payload.featured)
    return resource_out(resource, request.user)


@router.put(
    "/resources/{resource_id}/bookmark",
    response={200: ResourceOut, **WRITE},
    auth=writer,
    summary="Save a resource in “My saved resources”",
)
def bookmark(request: HttpRequest, resource_id: int = ID) -> dict:
    return _bookmark(request, resource_id, True)


@router.delete(
    "/resources/{resource_id}/bookmark",
    response={200: ResourceOut, **WRITE},
    auth=writer,
    summary="Remove a resource from “My saved resources”",
)
def unbookmark(request: HttpRequest, resource_id: int = ID) -> dict:
    return _bookmark(request, resource_id, False)


def _bookmark(request: HttpRequest, resource_id: int, saved: bool) -> dict:
    resource = queries.resource_or_404(request.user, resource_id)
    services.bookmark(request.user, resource, saved)
    resource.refresh_from_db(fields=["bookmark_count"])
    return resource_out(resource, request.user)


@router.put(
    "/resources/{resource_id}/useful",
    response={200: ResourceOut, **WRITE},
    auth=writer,
    summary="Answer “was this useful?” (one answer per member; send again to change it)",
)
def useful(request: HttpRequest, payload: UsefulIn, resource_id: int = ID) -> dict:
    resource = queries.resource_or_404(request.user, resource_id)
    services.vote(request.user, resource, payload.useful)
    return resource_out(resource, request.user)


@router.delete(
    "/resources/{resource_id}/useful",
    response={200: ResourceOut, **WRITE},
    auth=writer,
    summary="Take back my answer to “was this useful?”",
)
def unuseful(request: HttpRequest, resource_id: int = ID) -> dict:
    resource = queries.resource_or_404(request.user, resource_id)
    services.vote(request.user, resource, None)
    return resource_out(resource, request.user)


@router.post(
    "/resources/{resource_id}/withdraw",
    response={200: ResourceOut, **WRITE},
    auth=writer,
    summary="Withdraw my vault document from the library (the vault keeps it)",
)
def withdraw(request: HttpRequest, resource_id: int = ID) -> dict:
    resource = queries.resource_or_404(request.user, resource_id)
    services.withdraw(request.user, resource)
    return resource_out(resource, request.user)


@router.get(
    "/resources/{resource_id}/download",
    response={200: None, **READ},
    auth=read_or_anonymous,
    url_name="communities_resource_download",
    openapi_extra=FILE_RESPONSE,
    summary="Download a document resource (an upload, or its author's vault document)",
)
def download(request: HttpRequest, resource_id: int = ID) -> FileResponse:
    resource = queries.download_or_404(request.user, resource_id)
    return services.document_response(request.user, resource)
