"""What the feed API reads and answers: its schemas, and the dictionaries that fill
them (built to match the schemas: the home feed is serialised straight to JSON)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt, field_validator

from tremplin.api.schemas import FILLED_TEXT, StrictSchema
from tremplin.core.markdown import render_markdown
from tremplin.feed.models import (
    ARTICLE_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    MAX_IMAGES,
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Comment,
    Item,
    ItemImage,
    Kind,
)
from tremplin.feed.queries import Page
from tremplin.feed.text import excerpt, render_text

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


class PlaceOut(Schema):
    key: str = Field(description='"community:12"')
    name: str
    url: str


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
    place: PlaceOut | None = Field(
        description="Where it was posted (a community); null: to the author's network."
    )


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


NOT_BLANK = FILLED_TEXT
MAX_ID = 9_223_372_036_854_775_807  # the database's largest id: a larger one is a 422, not a 500


def whole_numbers(value: Any) -> Any:
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
    community: str | None = Field(
        None,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="Slug of a community I may post in: its members see the post, and "
        "the post gets the community's audience whatever `audience` says.",
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


# ------------------------------------------------------------------ answers


def author_out(item: Item) -> dict[str, Any]:
    openable = getattr(item, "author_openable", False)
    profile = item.author.profile
    return {"display_name": profile.display_name, "handle": profile.handle if openable else None}


def image_out(image: ItemImage) -> dict[str, Any]:
    return {
        "id": image.pk,
        "url": image.get_absolute_url(),
        "alt": image.alt,
        "width": image.width,
        "height": image.height,
    }


def shared_out(item: Item) -> dict[str, Any]:
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
        "place": _place_out(item),
    }


def _place_out(item: Item) -> dict[str, str] | None:
    if not item.place_kind:
        return None
    return {
        "key": item.place_key,
        "name": getattr(item, "place_label", ""),
        "url": getattr(item, "place_url", ""),
    }


def item_out(item: Item) -> dict[str, Any]:
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


def article_out(item: Item) -> dict[str, Any]:
    return {**item_out(item), "body": item.body, "body_html": str(render_markdown(item.body))}


def page_out(page: Page) -> dict[str, Any]:
    return {"results": [item_out(i) for i in page.items], "next_cursor": page.next_cursor}


def comment_out(comment: Comment) -> dict[str, Any]:
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
