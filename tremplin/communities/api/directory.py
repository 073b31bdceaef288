"""Communities API: the directory part. Search the directory (the page's filters),
"communities for you", and a community's posts (posting to one goes through the feed:
`POST /api/v1/feed/posts` with `community`)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from pydantic import Field

from tremplin.api.auth import read_or_anonymous, signed_in
from tremplin.api.schemas import OPTIONAL_AUTH, TEXT, ErrorOut
from tremplin.communities.forms_directory import SEARCH_MAX_LENGTH
from tremplin.communities.models import Community
from tremplin.communities.queries import directory as queries
from tremplin.communities.queries import directory_feed
from tremplin.core.regions import Region
from tremplin.feed.cursors import CURSOR_PATTERN
from tremplin.feed.schemas import FeedPageOut, page_out

router = Router(tags=["communities"])

READ = {401: ErrorOut}
SLUG = Path(..., min_length=1, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
EXCERPT = 300


class OfficialOrganizationOut(Schema):
    slug: str
    name: str


class CommunityCardOut(Schema):
    slug: str
    name: str
    description: str = Field(description=f"The first {EXCERPT} characters.")
    url: str
    picture: str | None = Field(description="The picture's address, if it has one.")
    official: OfficialOrganizationOut | None = Field(
        description="The agency or employer behind it."
    )
    visibility: str = Field(description="public, members or private (secret: never listed)")
    join_policy: str
    member_count: int
    languages: list[str]
    topics: list[str]
    region: str
    my_status: str | None = Field(
        description="The caller's membership status (active, pending, invited...), if any."
    )


class DirectoryOut(Schema):
    results: list[CommunityCardOut]
    page: int
    has_next: bool


class CommunitySuggestionOut(Schema):
    community: CommunityCardOut
    connections: int = Field(description="How many of my connections are members.")
    region: bool = Field(description="In my province or territory.")
    sector: bool = Field(description="In my sector.")
    skills: list[str] = Field(description="My skills it matches (folded).")


class DirectoryQuery(Schema):
    q: str = Field("", max_length=SEARCH_MAX_LENGTH, pattern=TEXT)
    topic: str = Field("", max_length=SEARCH_MAX_LENGTH, pattern=TEXT)
    region: Region | Literal[""] = ""
    language: Literal["", "fr", "en"] = ""
    visibility: Literal["", "public", "members", "private"] = ""
    official: bool = False
    order: Literal["largest", "active", "newest"] = "largest"
    page: int = Field(1, ge=1, le=queries.MAX_PAGE)


def card_out(community: Community, status: str | None = None) -> dict[str, Any]:
    organization = community.organization
    return {
        "slug": community.slug,
        "name": community.name,
        "description": community.description[:EXCERPT],
        "url": queries.community_url(community),
        "picture": community.picture.url if community.picture else None,
        "official": {"slug": organization.slug, "name": organization.name}
        if organization
        else None,
        "visibility": community.visibility,
        "join_policy": community.join_policy,
        "member_count": community.member_count,
        "languages": [lang for lang in community.languages.split(",") if lang],
        "topics": [t.strip() for t in community.topics.split(",") if t.strip()],
        "region": community.region,
        "my_status": status,
    }


@router.get(
    "/directory",
    response={200: DirectoryOut, **READ, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Search the communities I may see (secret ones are never listed)",
)
def directory(request: HttpRequest, filters: Query[DirectoryQuery]) -> dict[str, Any]:
    wanted = queries.Search(
        q=filters.q,
        topic=filters.topic,
        region=str(filters.region.value if isinstance(filters.region, Region) else ""),
        language=filters.language,
        visibility=filters.visibility,
        official=filters.official,
        order=filters.order,
        page=filters.page,
    )
    page = queries.directory_page(request.user, wanted)
    return {
        "results": [card_out(c, page.statuses.get(c.pk)) for c in page.communities],
        "page": page.number,
        "has_next": page.has_next,
    }


@router.get(
    "/directory/suggestions",
    response={200: list[CommunitySuggestionOut], **READ},
    auth=signed_in,
    summary="Communities for me: my connections', my region's, my sector's, my skills'",
)
def suggestions(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "community": card_out(s.community),
            "connections": s.connections,
            "region": s.region,
            "sector": s.sector,
            "skills": s.skills,
        }
        for s in queries.suggestions(request.user)
    ]


@router.get(
    "/{slug}/posts",
    response={200: FeedPageOut, **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A community's posts the caller may read, newest first",
)
def posts(
    request: HttpRequest,
    slug: str = SLUG,
    cursor: str | None = Query(None, pattern=CURSOR_PATTERN),
) -> dict[str, Any]:
    community = directory_feed.community_or_404(request.user, slug)
    return page_out(directory_feed.posts_page(request.user, community, cursor))
