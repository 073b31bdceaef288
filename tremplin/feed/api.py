"""The feed over the API: home timeline, posts, articles, pictures, reactions,
comments, reshares and bookmarks. Each endpoint calls the same action as the pages
(`services.py`) and finds items only through `visible_to` (an item the caller may not
see is a 404, never a 403)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, UploadedFile
from ninja.responses import Status
from pydantic import StrictBool, StrictInt, field_validator

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.errors import refusal_for
from tremplin.api.schemas import OPTIONAL_AUTH, ErrorOut, PIIErrorOut, StrictSchema
from tremplin.core.audience import Audience
from tremplin.core.markdown import render_markdown
from tremplin.core.pii import kinds
from tremplin.feed import services
from tremplin.feed.models import (
    ALT_MAX_LENGTH,
    ARTICLE_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MAX_IMAGES,
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Bookmark,
    Comment,
    Item,
    ItemImage,
    Kind,
)
from tremplin.feed.text import excerpt, render_text
from tremplin.organizations.models import Organization
from tremplin.profiles.models import Profile

router = Router(tags=["feed"])

# How each refusal of `services` answers over HTTP.
STATUS_FOR = {"invalid": 422, "forbidden": 403, "conflict": 409, "not_found": 404}

READ = {401: ErrorOut}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
ITEM_ID = Path(..., ge=1, le=9_223_372_036_854_775_807)
COMMENT_ID = Path(..., ge=1, le=9_223_372_036_854_775_807)
CURSOR = Query(
    None,
    pattern=services.CURSOR_PATTERN,
    description="`next_cursor` of the previous page; absent for the first page.",
)
LANGUAGE = Query(None, pattern="^(fr|en)$", description="Only items in this language.")
AudienceIn = Literal["public", "members", "connections"]
LanguageIn = Literal["fr", "en"]
ReactionIn = Literal["like", "celebrate", "support", "insightful", "curious"]
CONFIRM_PII = Field(
    False, description="Publish even though the text seems to contain personal data."
)


# ------------------------------------------------------------------ schemas out


class AuthorOut(Schema):
    display_name: str
    handle: str | None = Field(description="Null when the caller may not open the profile.")


class ItemOrganizationOut(Schema):
    slug: str
    name: str


class ImageOut(Schema):
    id: int
    url: str
    alt: str
    width: int
    height: int


class SharedOut(Schema):
    """An item as a card shows it (also the original inside a reshare)."""

    id: int
    kind: str = Field(description="post, article or reshare")
    url: str
    author: AuthorOut
    organization: ItemOrganizationOut | None = Field(description="Published on its behalf.")
    audience: str
    language: str
    published: datetime | None = Field(description="Null for a draft article.")
    edited: datetime | None
    title: str
    text: str = Field(description="A post's text, or an article's excerpt.")
    html: str = Field(description="The text as safe HTML (mentions, hashtags, links).")
    images: list[ImageOut]
    reading_minutes: int | None = Field(description="Articles only.")


class ItemOut(SharedOut):
    reactions: int
    comments: int
    reshares: int
    my_reaction: str | None
    bookmarked: bool
    reshare_of: SharedOut | None = Field(description="The original of a reshare, if visible.")
    unavailable: bool = Field(description="A reshare whose original the caller may not see.")


class ArticleOut(ItemOut):
    body: str = Field(description="The article in Markdown (an item's full text).")
    body_html: str


class FeedPageOut(Schema):
    results: list[ItemOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page.")


class NewCountOut(Schema):
    new: int = Field(description="Items newer than `since`, counted up to 20.")


class RevisionOut(Schema):
    title: str
    text: str
    language: str
    written: datetime
    replaced: datetime


class CommentOut(Schema):
    id: int
    author: AuthorOut
    parent_id: int | None
    text: str
    html: str
    created: datetime
    edited: datetime | None
    replies: list[CommentOut] = []


CommentOut.model_rebuild()


class ReactionOut(Schema):
    kind: str
    reactions: int


# ------------------------------------------------------------------ schemas in


NOT_BLANK = r"\S"
MAX_ID = 9_223_372_036_854_775_807  # the database's largest id: a larger one is a 422, not a 500


def whole_numbers(value):
    """JSON has one number type and JSON Schema's `integer` includes 12.0: take it as 12
    (in a list too). 12.5, "12" and true are still refused by StrictInt."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [whole_numbers(v) for v in value]
    return value


class PostIn(StrictSchema):
    text: str = Field(min_length=1, max_length=POST_MAX_LENGTH, pattern=NOT_BLANK)
    audience: AudienceIn = "members"
    language: LanguageIn | None = Field(None, description="Guessed, else my language.")
    image_ids: list[Annotated[StrictInt, Field(ge=1, le=MAX_ID)]] = Field(
        [], max_length=MAX_IMAGES, description="Pictures uploaded with POST /images."
    )
    organization: str | None = Field(
        None, max_length=80, description="Slug of an organisation I administer."
    )
    confirm_pii: StrictBool = CONFIRM_PII

    _whole_ids = field_validator("image_ids", mode="before")(whole_numbers)


class EditIn(StrictSchema):
    """Posts and reshares; articles are edited with PATCH /articles/{id}."""

    text: str | None = Field(None, min_length=1, max_length=POST_MAX_LENGTH, pattern=NOT_BLANK)
    language: LanguageIn | None = None
    confirm_pii: StrictBool = CONFIRM_PII


class ArticleIn(StrictSchema):
    title: str = Field(min_length=1, max_length=TITLE_MAX_LENGTH, pattern=NOT_BLANK)
    body: str = Field("", max_length=ARTICLE_MAX_LENGTH, description="Markdown.")
    audience: AudienceIn = "members"
    language: LanguageIn | None = None
    cover_image_id: StrictInt | None = Field(None, ge=1)
    organization: str | None = Field(None, max_length=80)
    publish: StrictBool = Field(False, description="Publish at once instead of a draft.")
    confirm_pii: StrictBool = CONFIRM_PII

    _whole_ids = field_validator("cover_image_id", mode="before")(whole_numbers)


class ArticleEditIn(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=TITLE_MAX_LENGTH, pattern=NOT_BLANK)
    body: str | None = Field(None, max_length=ARTICLE_MAX_LENGTH)
    language: LanguageIn | None = None
    audience: AudienceIn | None = Field(None, description="Published: only narrower.")
    cover_image_id: StrictInt | None = Field(None, ge=0, description="0 removes the cover.")
    confirm_pii: StrictBool = CONFIRM_PII

    _whole_ids = field_validator("cover_image_id", mode="before")(whole_numbers)


class ReactIn(StrictSchema):
    kind: ReactionIn


class CommentIn(StrictSchema):
    text: str = Field(min_length=1, max_length=COMMENT_MAX_LENGTH, pattern=NOT_BLANK)
    parent_id: StrictInt | None = Field(None, ge=1, description="Reply to this comment.")

    _whole_ids = field_validator("parent_id", mode="before")(whole_numbers)


class CommentEditIn(StrictSchema):
    text: str = Field(min_length=1, max_length=COMMENT_MAX_LENGTH, pattern=NOT_BLANK)


class ReshareIn(StrictSchema):
    text: str = Field("", max_length=POST_MAX_LENGTH, description="My comment (optional).")
    audience: AudienceIn = "members"
    confirm_pii: StrictBool = CONFIRM_PII


# ------------------------------------------------------------------ helpers


refused = refusal_for(STATUS_FOR)


def pii_refusal(texts: dict[str, str | None]) -> Status | None:
    found = {k: kinds(v) for k, v in texts.items() if v and kinds(v)}
    if not found:
        return None
    return Status(
        422,
        {
            "detail": "The text seems to contain personal data; edit it or send confirm_pii.",
            "pii": found,
        },
    )


def author_out(item: Item) -> dict:
    openable = getattr(item, "author_openable", False)
    profile = item.author.profile
    return {"display_name": profile.display_name, "handle": profile.handle if openable else None}


def image_out(image: ItemImage) -> dict:
    return {
        "id": image.pk,
        "url": image.get_absolute_url(),
        "alt": image.alt,
        "width": image.width,
        "height": image.height,
    }


def shared_out(item: Item) -> dict:
    article = item.kind == Kind.ARTICLE
    org = item.organization
    return {
        "id": item.pk,
        "kind": item.kind,
        "url": item.get_absolute_url(),
        "author": author_out(item),
        "organization": {"slug": org.slug, "name": org.name} if org else None,
        "audience": item.audience,
        "language": item.language,
        "published": item.published,
        "edited": item.edited,
        "title": item.title,
        "text": excerpt(item.body) if article else item.body,
        "html": "" if article else str(render_text(item.body)),
        "images": [image_out(i) for i in getattr(item, "pictures", [])],
        "reading_minutes": item.reading_minutes if article else None,
    }


def item_out(item: Item) -> dict:
    original = getattr(item, "original", None)
    return {
        **shared_out(item),
        "reactions": item.reaction_count,
        "comments": item.comment_count,
        "reshares": item.reshare_count,
        "my_reaction": getattr(item, "my_reaction", "") or None,
        "bookmarked": getattr(item, "bookmarked", False),
        "reshare_of": shared_out(original) if original else None,
        "unavailable": item.kind == Kind.RESHARE and original is None,
    }


def article_out(item: Item) -> dict:
    return {**item_out(item), "body": item.body, "body_html": str(render_markdown(item.body))}


def detail(viewer, pk: int) -> Item:
    item = services.visible_item_or_404(viewer, pk)
    services.decorate(viewer, [item])
    return item


def page_out(page: services.Page) -> dict:
    return {"results": [item_out(i) for i in page.items], "next_cursor": page.next_cursor}


def my_organization(user, slug: str | None):
    if not slug:
        return None
    found = services.admin_organizations(user).filter(slug=slug).first()
    if found is None:
        if Organization.objects.filter(slug=slug).exists():
            raise services.FeedError(
                _("Only its administrators may publish for an organisation."), code="forbidden"
            )
        raise Http404
    return found


def my_image(user, pk: int | None) -> ItemImage | None:
    if not pk:
        return None
    found = ItemImage.objects.filter(pk=pk, owner=user, item=None).first()
    if found is None:
        raise services.FeedError(_("This picture cannot be used here."), code="not_found")
    return found


# ------------------------------------------------------------------ the home feed


@router.get(
    "/",
    response={200: FeedPageOut, **READ, 422: ErrorOut},
    auth=signed_in,
    summary="My home feed, newest first (keyset pagination)",
)
def feed(
    request,
    cursor: str | None = CURSOR,
    language: str | None = LANGUAGE,
    limit: int = Query(services.PAGE_SIZE, ge=1, le=50),
):
    try:
        page = services.timeline_page(request.user, cursor, language, limit)
    except ValidationError as error:
        return refused(error)
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
    request,
    since: str = Query(..., pattern=services.CURSOR_PATTERN),
    language: str | None = LANGUAGE,
):
    try:
        return {"new": services.new_in_timeline(request.user, since, language)}
    except ValidationError as error:
        return refused(error)


# ------------------------------------------------------------------ pictures


@router.post(
    "/images",
    response={201: ImageOut, **WRITE},
    auth=writer,
    summary="Upload a picture (JPEG, PNG, WebP or GIF) with its description, to attach to "
    "a post or an article",
)
def upload_image(
    request,
    file: UploadedFile = File(..., description="The picture."),
    alt: str = Form(
        ..., min_length=1, max_length=ALT_MAX_LENGTH, pattern=r"\S", description="What it shows."
    ),
):
    try:
        image = services.upload_image(request.user, file, alt)
    except ValidationError as error:
        return refused(error)
    return Status(201, image_out(image))


# ------------------------------------------------------------------ posts and items


@router.post(
    "/posts",
    response={201: ItemOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Publish a post (up to 4 pictures uploaded first)",
)
def create_post(request, payload: PostIn):
    if payload.audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"text": payload.text})
        if refusal:
            return refusal
    try:
        images = services.images_by_ids(request.user, payload.image_ids)
        item = services.publish_post(
            request.user,
            payload.text,
            audience=payload.audience,
            language=payload.language,
            images=images,
            organization=my_organization(request.user, payload.organization),
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, item_out(detail(request.user, item.pk)))


@router.get(
    "/items/{item_id}",
    response={200: ArticleOut, **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A post, article or reshare (404 when the caller may not see it)",
)
def get_item(request, item_id: int = ITEM_ID):
    item = detail(request.user, item_id)
    if not item.is_draft:
        services.record_views(request.user, [item])
    return article_out(item)


@router.patch(
    "/items/{item_id}",
    response={200: ArticleOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Edit my post, reshare comment or article (the previous version is kept)",
)
def edit(request, payload: EditIn, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    if item.audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"text": payload.text})
        if refusal:
            return refusal
    if item.kind == Kind.ARTICLE:
        raise Http404  # articles: PATCH /articles/{id}
    try:
        services.edit_item(request.user, item, body=payload.text, language=payload.language)
    except ValidationError as error:
        return refused(error)
    return article_out(detail(request.user, item_id))


@router.delete(
    "/items/{item_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my item for everyone",
)
def delete(request, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    try:
        services.delete_item(request.user, item)
    except ValidationError as error:
        return refused(error)
    return Status(204, None)


@router.get(
    "/items/{item_id}/revisions",
    response={200: list[RevisionOut], **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="Previous versions of an item, newest first",
)
def revisions(request, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    return [
        {
            "title": r.title,
            "text": r.body,
            "language": r.language,
            "written": r.written,
            "replaced": r.replaced,
        }
        for r in item.revisions.order_by("-written", "-id")[:100]
    ]


# ------------------------------------------------------------------ reactions


@router.put(
    "/items/{item_id}/reaction",
    response={200: ReactionOut, **WRITE},
    auth=writer,
    summary="Set or change my reaction",
)
def react(request, payload: ReactIn, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    try:
        services.react(request.user, item, payload.kind)
    except ValidationError as error:
        return refused(error)
    item.refresh_from_db(fields=["reaction_count"])
    return {"kind": payload.kind, "reactions": item.reaction_count}


@router.delete(
    "/items/{item_id}/reaction",
    response={204: None, **WRITE},
    auth=writer,
    summary="Remove my reaction",
)
def unreact(request, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    if not services.unreact(request.user, item):
        raise Http404
    return Status(204, None)


# ------------------------------------------------------------------ comments


def comment_out(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "author": {
            "display_name": comment.author.display_name,
            "handle": None,
        },
        "parent_id": comment.parent_id,
        "text": comment.body,
        "html": str(render_text(comment.body)),
        "created": comment.created,
        "edited": comment.edited,
        "replies": [comment_out(r) for r in getattr(comment, "shown_replies", [])],
    }


def _with_handles(viewer, comments: list[dict], rows: list[Comment]) -> list[dict]:
    """Name authors by handle only where the caller may open their profile."""
    authors = {c.author_id: c.author.profile.handle for c in rows}
    for c in rows:
        for reply in getattr(c, "shown_replies", []):
            authors[reply.author_id] = reply.author.profile.handle
    openable = set(
        Profile.objects.visible_to(viewer)
        .filter(user_id__in=authors)
        .values_list("user_id", flat=True)
    )
    by_id = {c.pk: c for c in rows}
    by_id.update({r.pk: r for c in rows for r in getattr(c, "shown_replies", [])})

    def fill(out: dict) -> None:
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
def comments(request, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    rows = services.visible_comments(request.user, item)
    return _with_handles(request.user, [comment_out(c) for c in rows], rows)


@router.post(
    "/items/{item_id}/comments",
    response={201: CommentOut, **WRITE},
    auth=writer,
    summary="Comment on an item, or reply to one of its comments",
)
def add_comment(request, payload: CommentIn, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    parent = None
    if payload.parent_id:
        parent = get_object_or_404(Comment, pk=payload.parent_id, item=item)
    try:
        made = services.add_comment(request.user, item, payload.text, parent)
    except ValidationError as error:
        return refused(error)
    made = Comment.objects.select_related("author__profile").get(pk=made.pk)
    return Status(201, _with_handles(request.user, [comment_out(made)], [made])[0])


def _comment(request, comment_id: int) -> Comment:
    found = (
        Comment.objects.visible_to(request.user)
        .select_related("item", "author__profile")
        .filter(pk=comment_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.patch(
    "/comments/{comment_id}",
    response={200: CommentOut, **WRITE},
    auth=writer,
    summary="Edit my comment",
)
def edit_comment(request, payload: CommentEditIn, comment_id: int = COMMENT_ID):
    found = _comment(request, comment_id)
    try:
        services.edit_comment(request.user, found, payload.text)
    except ValidationError as error:
        return refused(error)
    return _with_handles(request.user, [comment_out(found)], [found])[0]


@router.delete(
    "/comments/{comment_id}",
    response={204: None, **WRITE},
    auth=writer,
    summary="Delete my comment, or a comment on my item",
)
def delete_comment(request, comment_id: int = COMMENT_ID):
    found = _comment(request, comment_id)
    try:
        services.delete_comment(request.user, found)
    except ValidationError as error:
        return refused(error)
    return Status(204, None)


# ------------------------------------------------------------------ reshares


@router.post(
    "/items/{item_id}/reshares",
    response={201: ItemOut, **WRITE, 409: ErrorOut, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Reshare an item with an optional comment (never to more people than the original)",
)
def reshare(request, payload: ReshareIn, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    if payload.audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"text": payload.text})
        if refusal:
            return refusal
    try:
        made = services.reshare(request.user, item, payload.text, audience=payload.audience)
    except ValidationError as error:
        return refused(error)
    return Status(201, item_out(detail(request.user, made.pk)))


# ------------------------------------------------------------------ bookmarks


@router.put(
    "/items/{item_id}/bookmark",
    response={204: None, **WRITE},
    auth=writer,
    summary="Save an item in my bookmarks",
)
def add_bookmark(request, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    services.bookmark(request.user, item)
    return Status(204, None)


@router.delete(
    "/items/{item_id}/bookmark",
    response={204: None, **WRITE},
    auth=writer,
    summary="Remove an item from my bookmarks",
)
def remove_bookmark(request, item_id: int = ITEM_ID):
    if not Bookmark.objects.filter(user=request.user, item_id=item_id).exists():
        raise Http404
    services.unbookmark(request.user, Item(pk=item_id))
    return Status(204, None)


@router.get(
    "/bookmarks",
    response={200: FeedPageOut, **READ, 422: ErrorOut},
    auth=signed_in,
    summary="My bookmarks, newest saved first",
)
def bookmarks(request, cursor: str | None = CURSOR):
    try:
        position = services.parse_cursor(cursor)
    except ValidationError as error:
        return refused(error)
    rows = list(
        Bookmark.objects.filter(services.before(position), user=request.user)
        .order_by("-created", "-id")
        .values_list("pk", "created", "item_id")[: services.PAGE_SIZE + 1]
    )
    more = len(rows) > services.PAGE_SIZE
    rows = rows[: services.PAGE_SIZE]
    by_id = {
        i.pk: i
        for i in Item.objects.visible_to(request.user)
        .filter(pk__in=[r[2] for r in rows])
        .select_related("author__profile", "organization")
    }
    items = services.decorate(request.user, [by_id[r[2]] for r in rows if r[2] in by_id])
    next_cursor = services.make_cursor(rows[-1][1], rows[-1][0]) if more else None
    return {"results": [item_out(i) for i in items], "next_cursor": next_cursor}


# ------------------------------------------------------------------ articles


@router.post(
    "/articles",
    response={201: ArticleOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Write an article (a draft unless `publish`)",
)
def create_article(request, payload: ArticleIn):
    if payload.audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"title": payload.title, "body": payload.body})
        if refusal:
            return refusal
    try:
        item = services.create_article(
            request.user,
            payload.title,
            payload.body,
            audience=payload.audience,
            language=payload.language,
            cover=my_image(request.user, payload.cover_image_id),
            organization=my_organization(request.user, payload.organization),
            publish=payload.publish,
        )
    except ValidationError as error:
        return refused(error)
    return Status(201, article_out(detail(request.user, item.pk)))


@router.get(
    "/articles/mine",
    response={200: list[ItemOut], **READ},
    auth=signed_in,
    summary="My articles, drafts included, newest first",
)
def my_articles(request):
    found = list(
        Item.objects.filter(author=request.user, kind=Kind.ARTICLE)
        .select_related("author__profile", "organization")
        .order_by("-created", "-id")[:200]
    )
    return [item_out(i) for i in services.decorate(request.user, found)]


@router.patch(
    "/articles/{item_id}",
    response={200: ArticleOut, **WRITE, 409: ErrorOut, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Edit my article: text, language, audience, cover",
)
def edit_article(request, payload: ArticleEditIn, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    if item.author_id != request.user.pk or item.kind != Kind.ARTICLE:
        raise Http404
    audience = payload.audience or item.audience
    if audience == Audience.PUBLIC and not payload.confirm_pii:
        refusal = pii_refusal({"title": payload.title, "body": payload.body})
        if refusal:
            return refusal
    try:
        services.edit_item(
            request.user, item, body=payload.body, title=payload.title, language=payload.language
        )
        if payload.audience and payload.audience != item.audience:
            services.update_audience(request.user, item, payload.audience)
        if payload.cover_image_id is not None:
            services.set_cover(request.user, item, my_image(request.user, payload.cover_image_id))
    except ValidationError as error:
        return refused(error)
    return article_out(detail(request.user, item_id))


@router.post(
    "/articles/{item_id}/publish",
    response={200: ArticleOut, **WRITE, 409: ErrorOut},
    auth=writer,
    summary="Publish my draft article",
)
def publish_article(request, item_id: int = ITEM_ID):
    item = services.visible_item_or_404(request.user, item_id)
    if item.author_id != request.user.pk or item.kind != Kind.ARTICLE:
        raise Http404
    try:
        services.publish_article(request.user, item)
    except ValidationError as error:
        return refused(error)
    return article_out(detail(request.user, item_id))


@router.get(
    "/people/{handle}/articles",
    response={200: FeedPageOut, **READ, 404: ErrorOut, 422: ErrorOut},
    auth=read_or_anonymous,
    openapi_extra=OPTIONAL_AUTH,
    summary="A member's published articles the caller may see, newest first",
)
def author_articles(
    request, handle: str = Path(..., min_length=1, max_length=60), cursor: str | None = CURSOR
):
    profile = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"), handle=handle
    )
    found = Item.objects.visible_to(request.user).published().articles().filter(author=profile.user)
    try:
        return page_out(services.item_page(request.user, found, cursor))
    except ValidationError as error:
        return refused(error)
