"""The feed over the API: home timeline, posts, articles, pictures, reactions,
comments, reshares and bookmarks. Each endpoint calls the same action as the pages
(`services.py`) and finds items only through `queries.py` (an item the caller may not
see is a 404, never a 403); a refusal is answered by the API's global handler."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Form, Path, Query, Router, UploadedFile
from ninja.responses import Status

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import FILLED_TEXT, OPTIONAL_AUTH, ErrorOut, PIIErrorOut, pii_refusal
from tremplin.core.audience import Audience
from tremplin.core.uploads import accepts_files
from tremplin.feed import pictures, places, queries, services
from tremplin.feed.cursors import CURSOR_PATTERN
from tremplin.feed.models import ALT_MAX_LENGTH, Comment, Item, Kind
from tremplin.feed.schemas import (
    ArticleEditIn,
    ArticleIn,
    ArticleOut,
    CommentEditIn,
    CommentIn,
    CommentOut,
    EditIn,
    FeedPageOut,
    ImageOut,
    ItemOut,
    NewCountOut,
    PostIn,
    ReactIn,
    ReactionOut,
    ReshareIn,
    RevisionOut,
    article_out,
    comment_out,
    image_out,
    item_out,
    page_out,
)
from tremplin.profiles.queries import profile_or_404, profile_visible_ids

router = Router(tags=["feed"])

READ = {401: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ITEM_ID = Path(..., ge=1, le=9_223_372_036_854_775_807)
COMMENT_ID = Path(..., ge=1, le=9_223_372_036_854_775_807)
CURSOR = Query(
    None,
    pattern=CURSOR_PATTERN,
    description="`next_cursor` of the previous page; absent for the first page.",
)
LANGUAGE = Query(None, pattern="^(fr|en)$", description="Only items in this language.")


# ------------------------------------------------------------------ the home feed


@router.get(
    "/",
    response={200: FeedPageOut, **READ, 422: ErrorOut},
    auth=signed_in,
    summary="My home feed, newest first (keyset pagination)",
)
def feed(
    request: HttpRequest,
    cursor: str | None = CURSOR,
    language: str | None = LANGUAGE,
    limit: int = Query(queries.PAGE_SIZE, ge=1, le=50),
) -> HttpResponse:
    page = queries.timeline_page(request.user, cursor, language, limit)
    services.record_views(request.user, page.items)
    # The hot path: serialised once, straight to JSON (the dicts are built to match
    # FeedPageOut, which documents the answer; the fuzz run checks they conform).
    return HttpResponse(
        json.dumps(page_out(page), cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )


@router.get(
    "/new",
    response={200: NewCountOut, **READ, 422: ErrorOut},
    auth=signed_in,
    summary="How many feed items are newer than a cursor (for a 'new posts' button)",
)
def new_count(
    request: HttpRequest,
    since: str = Query(..., pattern=CURSOR_PATTERN),
    language: str | None = LANGUAGE,
) -> dict[str, int]:
    return {"new": queries.new_in_timeline(request.user, since, language)}


# ------------------------------------------------------------------ pictures


@router.post(
    "/images",
    response={201: ImageOut, **WRITE},
    auth=writer,
    summary="Upload a picture (JPEG, PNG, WebP or GIF) with its description, to attach to "
    "a post or an article",
)
@accepts_files(each="PHOTO_MAX_BYTES")
def upload_image(
    request: HttpRequest,
    file: UploadedFile = File(..., description="The picture."),
    alt: str = Form(
        ...,
        min_length=1,
        max_length=ALT_MAX_LENGTH,
        pattern=FILLED_TEXT,
        description="What it shows.",
    ),
) -> Status:
    return Status(201, image_out(pictures.upload_image(request.user, file, alt)))


# ------------------------------------------------------------------ posts and items


@router.post(
    "/posts",
    response={201: ItemOut, **WRITE, 409: ErrorOut, 422: ErrorOut | PIIErrorOut, 429: ErrorOut},
    auth=writer,
    summary="Publish a post (up to 4 pictures uploaded first), to my network or a community",
)
def create_post(request: HttpRequest, payload: PostIn) -> Status:
    place = f"community:{payload.community}" if payload.community else ""
    audience: str = payload.audience
    if place:  # a community's items get its audience (refused here if I may not post)
        audience = places.target_of(request.user, place).audience
    if audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"text": payload.text})
        if refusal:
            return refusal
    images = pictures.images_by_ids(request.user, payload.image_ids)
    item = services.publish_post(
        request.user,
        payload.text,
        audience=payload.audience,
        language=payload.language,
        images=images,
        organization=queries.organization_to_publish_for(request.user, payload.organization),
        place=place,
    )
    return Status(201, item_out(queries.card_or_404(request.user, item.pk)))


@router.get(
    "/items/{item_id}",
    response={200: ArticleOut, **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A post, article or reshare (404 when the caller may not see it)",
)
def get_item(request: HttpRequest, item_id: int = ITEM_ID) -> dict[str, Any]:
    item = queries.card_or_404(request.user, item_id)
    if not item.is_draft:
        services.record_views(request.user, [item])
    return article_out(item)


@router.patch(
    "/items/{item_id}",
    response={200: ArticleOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Edit my post, reshare comment or article (the previous version is kept)",
)
def edit(request: HttpRequest, payload: EditIn, item_id: int = ITEM_ID) -> Any:
    item = queries.item_or_404(request.user, item_id)
    if item.audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"text": payload.text})
        if refusal:
            return refusal
    if item.kind == Kind.ARTICLE:
        raise Http404  # articles: PATCH /articles/{id}
    services.edit_item(request.user, item, body=payload.text, language=payload.language)
    return article_out(queries.card_or_404(request.user, item_id))


@router.delete(
    "/items/{item_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my item for everyone",
)
def delete(request: HttpRequest, item_id: int = ITEM_ID) -> Status:
    services.delete_item(request.user, queries.item_or_404(request.user, item_id))
    return Status(204, None)


@router.get(
    "/items/{item_id}/revisions",
    response={200: list[RevisionOut], **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Previous versions of an item, newest first",
)
def revisions(request: HttpRequest, item_id: int = ITEM_ID) -> list[dict[str, Any]]:
    item = queries.item_or_404(request.user, item_id)
    return [
        {
            "title": r.title,
            "text": r.body,
            "language": r.language,
            "written": r.written,
            "replaced": r.replaced,
        }
        for r in queries.revisions(item)
    ]


# ------------------------------------------------------------------ reactions


@router.put(
    "/items/{item_id}/reaction",
    response={200: ReactionOut, **WRITE},
    auth=writer,
    summary="Set or change my reaction",
)
def react(request: HttpRequest, payload: ReactIn, item_id: int = ITEM_ID) -> dict[str, Any]:
    item = queries.item_or_404(request.user, item_id)
    services.react(request.user, item, payload.kind)
    item.refresh_from_db(fields=["reaction_count"])
    return {"kind": payload.kind, "reactions": item.reaction_count}


@router.delete(
    "/items/{item_id}/reaction",
    response={204: None, **WRITE},
    auth=writer,
    summary="Remove my reaction",
)
def unreact(request: HttpRequest, item_id: int = ITEM_ID) -> Status:
    item = queries.item_or_404(request.user, item_id)
    if not services.unreact(request.user, item):
        raise Http404
    return Status(204, None)


# ------------------------------------------------------------------ comments


def _with_handles(
    viewer: Any, comments: list[dict[str, Any]], rows: list[Comment]
) -> list[dict[str, Any]]:
    """Name authors by handle only where the caller may open their profile."""
    authors = {c.author_id: c.author.profile.handle for c in rows}
    for c in rows:
        for reply in getattr(c, "shown_replies", []):
            authors[reply.author_id] = reply.author.profile.handle
    openable = profile_visible_ids(viewer, authors)
    by_id = {c.pk: c for c in rows}
    by_id.update({r.pk: r for c in rows for r in getattr(c, "shown_replies", [])})

    def fill(out: dict[str, Any]) -> None:
        author_id = by_id[out["id"]].author_id
        out["author"]["handle"] = authors[author_id] if author_id in openable else None
        for reply in out["replies"]:
            fill(reply)

    for out in comments:
        fill(out)
    return comments


@router.get(
    "/items/{item_id}/comments",
    response={200: list[CommentOut], **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Comments on an item, oldest first, each with its replies",
)
def comments(request: HttpRequest, item_id: int = ITEM_ID) -> list[dict[str, Any]]:
    item = queries.item_or_404(request.user, item_id)
    rows = queries.visible_comments(request.user, item)
    return _with_handles(request.user, [comment_out(c) for c in rows], rows)


@router.post(
    "/items/{item_id}/comments",
    response={201: CommentOut, **WRITE},
    auth=writer,
    summary="Comment on an item, or reply to one of its comments",
)
def add_comment(request: HttpRequest, payload: CommentIn, item_id: int = ITEM_ID) -> Status:
    item = queries.item_or_404(request.user, item_id)
    parent = None
    if payload.parent_id:
        parent = queries.parent_comment_or_404(item, payload.parent_id)
    made = services.add_comment(request.user, item, payload.text, parent)
    made = queries.comment_for_display(made.pk)
    return Status(201, _with_handles(request.user, [comment_out(made)], [made])[0])


@router.patch(
    "/comments/{comment_id}",
    response={200: CommentOut, **WRITE},
    auth=writer,
    summary="Edit my comment",
)
def edit_comment(
    request: HttpRequest, payload: CommentEditIn, comment_id: int = COMMENT_ID
) -> dict[str, Any]:
    found = queries.comment_or_404(request.user, comment_id)
    services.edit_comment(request.user, found, payload.text)
    return _with_handles(request.user, [comment_out(found)], [found])[0]


@router.delete(
    "/comments/{comment_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my comment, or a comment on my item",
)
def delete_comment(request: HttpRequest, comment_id: int = COMMENT_ID) -> Status:
    services.delete_comment(request.user, queries.comment_or_404(request.user, comment_id))
    return Status(204, None)


# ------------------------------------------------------------------ reshares


@router.post(
    "/items/{item_id}/reshares",
    response={201: ItemOut, **WRITE, 409: ErrorOut, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Reshare an item with an optional comment (never to more people than the original)",
)
def reshare(request: HttpRequest, payload: ReshareIn, item_id: int = ITEM_ID) -> Status:
    item = queries.item_or_404(request.user, item_id)
    if payload.audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"text": payload.text})
        if refusal:
            return refusal
    made = services.reshare(request.user, item, payload.text, audience=payload.audience)
    return Status(201, item_out(queries.card_or_404(request.user, made.pk)))


# ------------------------------------------------------------------ bookmarks


@router.put(
    "/items/{item_id}/bookmark",
    response={204: None, **WRITE},
    auth=writer,
    summary="Save an item in my bookmarks",
)
def add_bookmark(request: HttpRequest, item_id: int = ITEM_ID) -> Status:
    services.bookmark(request.user, queries.item_or_404(request.user, item_id))
    return Status(204, None)


@router.delete(
    "/items/{item_id}/bookmark",
    response={204: None, **WRITE},
    auth=writer,
    summary="Remove an item from my bookmarks",
)
def remove_bookmark(request: HttpRequest, item_id: int = ITEM_ID) -> Status:
    queries.bookmark_or_404(request.user, item_id)
    services.unbookmark(request.user, Item(pk=item_id))
    return Status(204, None)


@router.get(
    "/bookmarks",
    response={200: FeedPageOut, **READ, 422: ErrorOut},
    auth=signed_in,
    summary="My bookmarks, newest saved first",
)
def bookmarks(request: HttpRequest, cursor: str | None = CURSOR) -> dict[str, Any]:
    return page_out(queries.bookmarks_page(request.user, cursor))


# ------------------------------------------------------------------ articles


@router.post(
    "/articles",
    response={201: ArticleOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Write an article (a draft unless `publish`)",
)
def create_article(request: HttpRequest, payload: ArticleIn) -> Status:
    if payload.audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"title": payload.title, "body": payload.body})
        if refusal:
            return refusal
    item = services.create_article(
        request.user,
        payload.title,
        payload.body,
        audience=payload.audience,
        language=payload.language,
        cover=queries.unused_image(request.user, payload.cover_image_id),
        organization=queries.organization_to_publish_for(request.user, payload.organization),
        publish=payload.publish,
    )
    return Status(201, article_out(queries.card_or_404(request.user, item.pk)))


@router.get(
    "/articles/mine",
    response={200: list[ItemOut], **READ},
    auth=signed_in,
    summary="My articles, drafts included, newest first",
)
def my_articles(request: HttpRequest) -> list[dict[str, Any]]:
    return [item_out(i) for i in queries.my_article_cards(request.user)]


@router.patch(
    "/articles/{item_id}",
    response={200: ArticleOut, **WRITE, 409: ErrorOut, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Edit my article: text, language, audience, cover",
)
def edit_article(request: HttpRequest, payload: ArticleEditIn, item_id: int = ITEM_ID) -> Any:
    item = queries.own_item_or_404(request.user, item_id, Kind.ARTICLE)
    audience = payload.audience or item.audience
    if audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"title": payload.title, "body": payload.body})
        if refusal:
            return refusal
    services.edit_item(
        request.user, item, body=payload.body, title=payload.title, language=payload.language
    )
    if payload.audience and payload.audience != item.audience:
        services.update_audience(request.user, item, payload.audience)
    if payload.cover_image_id is not None:
        cover = queries.unused_image(request.user, payload.cover_image_id)
        services.set_cover(request.user, item, cover)
    return article_out(queries.card_or_404(request.user, item_id))


@router.post(
    "/articles/{item_id}/publish",
    response={200: ArticleOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Publish my draft article",
)
def publish_article(request: HttpRequest, item_id: int = ITEM_ID) -> dict[str, Any]:
    item = queries.own_item_or_404(request.user, item_id, Kind.ARTICLE)
    services.publish_article(request.user, item)
    return article_out(queries.card_or_404(request.user, item_id))


@router.get(
    "/people/{handle}/articles",
    response={200: FeedPageOut, **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A member's published articles the caller may see, newest first",
)
def author_articles(
    request: HttpRequest,
    handle: str = Path(..., min_length=1, max_length=60),
    cursor: str | None = CURSOR,
) -> dict[str, Any]:
    profile = profile_or_404(request.user, handle, sections=False)
    found = queries.articles_by(request.user, profile.user)
    return page_out(queries.item_page(request.user, found, cursor))
