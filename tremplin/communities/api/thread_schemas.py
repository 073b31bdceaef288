"""The threads API's schemas (names start with "Thread": the OpenAPI document has one
namespace for every part) and the functions that turn rows into them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Path, Schema
from pydantic import StrictBool, StringConstraints

from tremplin.api.schemas import FILLED_TEXT, HANDLE_PATTERN, TEXT, StrictSchema
from tremplin.communities.models.threads import (
    BODY_MAX_LENGTH,
    MAX_OPTIONS,
    MAX_TAGS,
    OPTION_MAX_LENGTH,
    TAG_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from tremplin.communities.queries.threads import REPLIES_PAGE

ID = Path(..., ge=1, le=2_147_483_647)
INT = Field(None, ge=1, le=2_147_483_647)
Language = Literal["fr", "en"]


class ThreadPersonOut(Schema):
    handle: str
    display_name: str


class ThreadPollSummaryOut(Schema):
    question: str
    voter_count: int


class ThreadOut(Schema):
    id: int
    community: str | None = Field(description="The community's address; null: a private question.")
    kind: str = Field(description="discussion or question")
    title: str
    body: str | None = Field(None, description="Markdown (in a thread's detail only).")
    language: str
    author: ThreadPersonOut
    asked_of: ThreadPersonOut | None = None
    category: int | None
    tags: list[str]
    state: str = Field(description="published, or pending (waiting for a moderator)")
    pinned: bool
    closed: datetime | None
    accepted_reply: int | None
    reply_count: int
    new_replies: int = Field(0, description="Replies since my last visit (tracked threads).")
    created: datetime
    edited: datetime | None
    last_activity: datetime
    poll: ThreadPollSummaryOut | None = None


class ThreadListOut(Schema):
    items: list[ThreadOut]
    page: int
    has_next: bool


class ThreadReplyOut(Schema):
    id: int
    thread: int
    number: int
    author: ThreadPersonOut
    body: str
    in_reply_to: int | None = Field(description="The number of the reply it answers.")
    state: str
    vote_count: int
    voted: bool = Field(description="Whether I voted it up.")
    created: datetime
    edited: datetime | None


class ThreadRevisionOut(Schema):
    title: str
    body: str
    created: datetime


class ThreadFollowOut(Schema):
    level: str
    last_read_number: int


class ThreadCategoryOut(Schema):
    id: int
    name_fr: str
    name_en: str
    slug: str
    position: int


class ThreadPollOptionOut(Schema):
    id: int
    label: str
    chosen: bool
    vote_count: int | None = Field(description="Null while the results are not shown.")
    voters: list[ThreadPersonOut] = Field(description="Named polls only, when shown.")


class ThreadPollOut(Schema):
    question: str
    kind: str
    anonymous: bool
    results_shown: str = Field(description="voted (after voting) or closed (after closing)")
    closes: datetime | None
    closed: bool
    voter_count: int
    results_visible: bool
    options: list[ThreadPollOptionOut]


# ------------------------------------------------------------------ input


class ThreadFilters(Schema):
    category: int | None = INT
    tag: str | None = Field(None, max_length=TAG_MAX_LENGTH, pattern=TEXT)
    kind: Literal["discussion", "question"] | None = None
    unanswered: bool = False
    page: int = Field(1, ge=1, le=1000)


class ThreadRepliesPage(Schema):
    after: int = Field(0, ge=0, le=2_147_483_647, description="Replies numbered after this.")
    limit: int = Field(REPLIES_PAGE, ge=1, le=REPLIES_PAGE)


class ThreadPollIn(StrictSchema):
    question: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    options: list[str] = Field(
        ...,
        min_length=2,
        max_length=MAX_OPTIONS,
        json_schema_extra={
            "items": {"type": "string", "maxLength": OPTION_MAX_LENGTH, "pattern": FILLED_TEXT}
        },
    )
    kind: Literal["single", "multiple"] = "single"
    closes: datetime | None = None
    results_shown: Literal["voted", "closed"] = "voted"
    anonymous: StrictBool = True


# A tag as `threads.clean_tags` keeps it (it lowers the case and drops a leading "#"):
# one word of letters, digits, "-" or "_", so a schema-valid tag is never refused.
TAG_LETTER = "A-Za-z0-9À-ÖØ-Þà-öø-ÿ"
Tag = Annotated[
    str,
    StringConstraints(pattern=rf"^#?[{TAG_LETTER}][{TAG_LETTER}_-]{{0,{TAG_MAX_LENGTH - 1}}}$"),
]


class ThreadIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    body: str = Field(..., min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    kind: Literal["discussion", "question"] = "discussion"
    category: int | None = INT
    tags: list[Tag] = Field(default_factory=list, max_length=MAX_TAGS)
    language: Language | None = None
    poll: ThreadPollIn | None = None
    confirm_pii: StrictBool = False


class ThreadEditIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    body: str = Field(..., min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    tags: list[Tag] | None = Field(None, max_length=MAX_TAGS)
    confirm_pii: StrictBool = False


class ThreadReplyIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    in_reply_to: int | None = Field(None, ge=1, le=2_147_483_647, description="A reply's id.")
    language: Language | None = None
    confirm_pii: StrictBool = False


class ThreadReplyEditIn(StrictSchema):
    body: str = Field(..., min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    confirm_pii: StrictBool = False


class ThreadFollowIn(StrictSchema):
    level: Literal["watching", "tracking", "normal", "muted"]


class ThreadVoteIn(StrictSchema):
    up: StrictBool = True


class ThreadAcceptIn(StrictSchema):
    reply: int | None = Field(..., ge=1, le=2_147_483_647, description="A reply's id, or null.")


class ThreadAskIn(StrictSchema):
    asked_of: str = Field(
        ...,
        min_length=1,
        max_length=60,
        pattern=HANDLE_PATTERN,
        description="The handle of my counsellor or mentor.",
    )
    title: str = Field(..., min_length=1, max_length=TITLE_MAX_LENGTH, pattern=FILLED_TEXT)
    body: str = Field(..., min_length=1, max_length=BODY_MAX_LENGTH, pattern=FILLED_TEXT)
    language: Language | None = None


class ThreadModerateIn(StrictSchema):
    pinned: StrictBool | None = None
    closed: StrictBool | None = None
    approve: StrictBool = False


class ThreadMoveIn(StrictSchema):
    community: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    category: int | None = INT


class ThreadCategoryIn(StrictSchema):
    id: int | None = INT
    name_fr: str = Field("", max_length=60, pattern=TEXT)
    name_en: str = Field("", max_length=60, pattern=TEXT)
    position: int | None = Field(None, ge=0, le=1000)


class ThreadWatchIn(StrictSchema):
    watch: StrictBool = True


class ThreadWatchOut(Schema):
    watch: bool


class ThreadPollVoteIn(StrictSchema):
    options: list[int] = Field(..., min_length=1, max_length=MAX_OPTIONS)


# ------------------------------------------------------------------ rows to schemas


def person(user: Any) -> dict[str, str]:
    profile = getattr(user, "profile", None)
    return {"handle": profile.handle if profile else "", "display_name": user.display_name}


def thread_out(t: Any, detail: bool = False) -> dict[str, Any]:
    poll = None
    if detail:
        from tremplin.communities.queries.threads import poll_of

        found = poll_of(t)
        poll = {"question": found.question, "voter_count": found.voter_count} if found else None
    return {
        "id": t.pk,
        "community": t.community.slug if t.community_id else None,
        "kind": t.kind,
        "title": t.title,
        "body": t.body if detail else None,
        "language": t.language,
        "author": person(t.author),
        "asked_of": person(t.asked_of) if t.asked_of_id else None,
        "category": t.category_id,
        "tags": list(t.tags or []),
        "state": t.state,
        "pinned": t.pinned,
        "closed": t.closed,
        "accepted_reply": t.accepted_id,
        "reply_count": t.reply_count,
        "new_replies": getattr(t, "new_replies", 0),
        "created": t.created,
        "edited": t.edited,
        "last_activity": t.last_activity,
        "poll": poll,
    }


def reply_out(r: Any, voted: set[int]) -> dict[str, Any]:
    return {
        "id": r.pk,
        "thread": r.thread_id,
        "number": r.number,
        "author": person(r.author),
        "body": r.body,
        "in_reply_to": r.in_reply_to.number if r.in_reply_to_id and r.in_reply_to else None,
        "state": r.state,
        "vote_count": r.vote_count,
        "voted": r.pk in voted,
        "created": r.created,
        "edited": r.edited,
    }


def poll_out(shown: dict[str, Any]) -> dict[str, Any]:
    poll = shown["poll"]
    visible = shown["results_shown"]
    return {
        "question": poll.question,
        "kind": poll.kind,
        "anonymous": poll.anonymous,
        "results_shown": poll.results_shown,
        "closes": poll.closes,
        "closed": shown["closed"],
        "voter_count": poll.voter_count,
        "results_visible": visible,
        "options": [
            {
                "id": o.pk,
                "label": o.label,
                "chosen": o.chosen,
                "vote_count": o.vote_count if visible else None,
                "voters": [person(u) for u in o.voters],
            }
            for o in shown["options"]
        ],
    }
