"""The read path of resource libraries: a library's list (search and filters), one
resource or 404, the suggestions waiting for a library's moderators, a member's saved
resources. Every list goes through `Resource.objects.visible_to` (THE rule, in
models/resources.py); nothing here filters by audience by hand.

Search: `Resource.search_text` holds "title description site tags" folded to lower case
without accents (`fold`), plus each tag between bars ("|cv|entrevue|") so a tag filter is
one `contains` that works alike on SQLite and PostgreSQL (a JSON `contains` does not
exist on SQLite). Every word of the query must appear.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse

from tremplin.communities.models import (
    Community,
    Resource,
    ResourceBookmark,
    ResourceKind,
    ResourceState,
    ResourceVote,
)
from tremplin.communities.models.resources import ResourceQuerySet
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.organizations.models import Organization, OrgKind
from tremplin.vault.models import Document

PAGE_SIZE = 20
TAB_SIZE = 8
MAX_QUERY_WORDS = 8
LANGUAGES = ("fr", "en")


def fold(text: str) -> str:
    """Lower case, accents removed (é → e, œ → oe), spaces collapsed."""
    text = (text or "").casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def search_text_of(resource: Resource) -> str:
    site = str((resource.preview or {}).get("site_name", ""))
    words = fold(" ".join([resource.title, resource.description, site, *resource.tags]))
    tags = "|".join(fold(tag) for tag in resource.tags)
    return f"{words} |{tags}|" if tags else words


@dataclass(frozen=True)
class Filters:
    """What a library's search asks (each part optional)."""

    q: str = ""
    kind: str = ""
    language: str = ""
    tag: str = ""
    # "suggested" or "declined": the moderators' queue (the rule shows them nothing else).
    state: str = ResourceState.APPROVED
    words: tuple[str, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(fold(self.q).split()[:MAX_QUERY_WORDS]))

    @property
    def active(self) -> bool:
        return bool(self.words or self.kind or self.language or self.tag)


def _filtered(rows: ResourceQuerySet, filters: Filters) -> ResourceQuerySet:
    if filters.state in ResourceState.values:
        rows = rows.filter(state=filters.state)
    for word in filters.words:
        rows = rows.filter(search_text__contains=word)
    if filters.kind in ResourceKind.values:
        rows = rows.filter(kind=filters.kind)
    if filters.language in LANGUAGES:
        rows = rows.filter(language=filters.language)
    if filters.tag.strip():
        rows = rows.filter(search_text__contains=f"|{fold(filters.tag)}|")
    return rows


def library(
    viewer: Any,
    *,
    community: Community | None = None,
    organization: Organization | None = None,
    filters: Filters | None = None,
) -> QuerySet[Resource]:
    """The resources of one library the viewer may see, featured first, newest first
    (served by the index on (library, state, -featured, -created))."""
    rows = Resource.objects.visible_to(viewer)
    if community is not None:
        rows = rows.filter(community=community)
    else:
        rows = rows.filter(organization=organization, community__isnull=True)
    return _filtered(rows, filters or Filters()).for_list().order_by("-featured", "-created", "-pk")


def page_of(rows: QuerySet[Resource], page: int, size: int = PAGE_SIZE) -> tuple[list, bool]:
    """One page of `rows` and whether there is a next one (no COUNT: one query)."""
    start = (max(page, 1) - 1) * size
    found = list(rows[start : start + size + 1])
    return found[:size], len(found) > size


def tab(viewer: Any, community: Community) -> list[Resource]:
    return list(library(viewer, community=community)[:TAB_SIZE])


def resource_or_404(viewer: Any, pk: int) -> Resource:
    return visible_or_404(Resource.objects.visible_to(viewer).for_list(), pk=pk)


def community_or_404(viewer: Any, slug: str) -> Community:
    """A community whose content (its library) the viewer may read; else 404."""
    return visible_or_404(Community.objects.readable_by(viewer), slug=slug)


def agency_or_404(slug: str) -> Organization:
    """An agency's library exists for every agency (organisation pages are public)."""
    return visible_or_404(Organization.objects.agencies(), slug=slug)


def moderates(viewer: Any, resource_or_library: Resource | Community | Organization) -> bool:
    """Whether the viewer moderates this library: the community's moderators, or any
    staff member of the agency (the viewer's memberships, read once per request)."""
    if viewer is None or not viewer.is_authenticated:
        return False
    target = resource_or_library
    if isinstance(target, Resource):
        target = target.community or target.organization  # type: ignore[assignment]
    if isinstance(target, Community):
        return target.is_moderated_by(viewer)
    if isinstance(target, Organization):
        return target.kind == OrgKind.AGENCY and target.pk in viewer_of(viewer).organization_ids()
    return False


def waiting_count(viewer: Any, library_of: Community | Organization) -> int:
    """How many suggestions wait for this library's moderators (0 for anyone else)."""
    if not moderates(viewer, library_of):
        return 0
    rows = Resource.objects.filter(state=ResourceState.SUGGESTED)
    if isinstance(library_of, Community):
        return rows.filter(community=library_of).count()
    return rows.filter(organization=library_of, community__isnull=True).count()


def saved(viewer: Any) -> QuerySet[Resource]:
    """ "My saved resources": the bookmarks of the viewer that they may still see."""
    if viewer is None or not viewer.is_authenticated:
        return Resource.objects.none()
    mine = ResourceBookmark.objects.filter(user=viewer).values("resource")
    return (
        Resource.objects.visible_to(viewer)
        .filter(pk__in=mine)
        .for_list()
        .order_by("-created", "-pk")
    )


@dataclass(frozen=True)
class Mine:
    """The viewer's own marks on a list of resources."""

    bookmarked: frozenset[int]
    votes: dict[int, bool]


def marks_of(viewer: Any, resources: list[Resource]) -> Mine:
    """Bookmarks and "was this useful?" answers of the viewer, two queries per list."""
    ids = [r.pk for r in resources]
    if viewer is None or not viewer.is_authenticated or not ids:
        return Mine(frozenset(), {})
    bookmarked = ResourceBookmark.objects.filter(user=viewer, resource__in=ids)
    votes = ResourceVote.objects.filter(user=viewer, resource__in=ids)
    return Mine(
        frozenset(bookmarked.values_list("resource_id", flat=True)),
        dict(votes.values_list("resource_id", "useful")),
    )


def vault_documents_of(user: Any) -> QuerySet[Document]:
    """The author's own vault documents they may share into a library."""
    if user is None or not user.is_authenticated:
        return Document.objects.none()
    return Document.objects.filter(owner=user).order_by("-updated")


def downloadable(resource: Resource) -> bool:
    """A document resource whose file is still there: an upload, or a vault document
    that still exists, is still its author's, and has a version."""
    if resource.kind != ResourceKind.DOCUMENT:
        return False
    if resource.file:
        return True
    document = resource.vault_document
    if document is None or resource.author_id is None or document.owner_id != resource.author_id:
        return False
    available = getattr(resource, "vault_available", None)  # for_list() read it
    return document.versions.exists() if available is None else bool(available)


def library_url(resource: Resource) -> str:
    if resource.community is not None:
        return reverse("communities:resources_community", args=[resource.community.slug])
    return reverse("communities:resources_agency", args=[resource.organization.slug])  # type: ignore[union-attr]


def download_or_404(viewer: Any, pk: int) -> Resource:
    resource = resource_or_404(viewer, pk)
    if not downloadable(resource):
        raise Http404
    return resource
