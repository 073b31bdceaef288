"""Communities API: the threads part — threads, replies, edits and their history, follow
levels, moderators' actions, votes and accepted answers, unanswered and private
questions, polls. A thin adapter over `queries.threads` and the services: a thread or
reply the caller may not see is a 404; a refusal is answered by the API's handler
(`core.refusals.STATUSES`), never caught here."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import get_language
from ninja import Query, Router
from ninja.responses import Status

from tremplin.api.auth import read_or_anonymous, signed_in, writer
from tremplin.api.schemas import ErrorOut, PIIErrorOut, pii_refusal
from tremplin.communities.api import thread_schemas as s
from tremplin.communities.models import Community, Visibility
from tremplin.communities.queries import threads as queries
from tremplin.communities.services import polls, thread_moderation
from tremplin.communities.services import threads as services

router = Router(tags=["communities"])

READ = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}
THREAD = "/threads/{thread_id}"
REPLY = "/replies/{reply_id}"


def _language() -> str:
    return (get_language() or "fr")[:2]


def _public(community: Community | None) -> bool:
    return community is not None and community.visibility == Visibility.PUBLIC


def _thread(request: HttpRequest, thread_id: int) -> Any:
    return queries.thread_or_404(request.user, thread_id)


# ------------------------------------------------------------------ threads


@router.get(
    "/{slug}/threads",
    response={200: s.ThreadListOut, **READ},
    auth=read_or_anonymous,
    summary="A community's threads: pinned first, then latest activity",
)
def list_threads(
    request: HttpRequest, slug: str, filters: Query[s.ThreadFilters]
) -> dict[str, Any]:
    community = queries.community_or_404(request.user, slug)
    if not community.is_readable_by(request.user):
        return {"items": [], "page": 1, "has_next": False}
    found = queries.threads(
        community,
        request.user,
        category=filters.category,
        tag=filters.tag or "",
        questions=filters.kind == "question",
        unanswered=filters.unanswered,
        page=filters.page,
    )
    return {
        "items": [s.thread_out(t) for t in found["threads"]],
        "page": found["page"],
        "has_next": found["has_next"],
    }


@router.post(
    "/{slug}/threads",
    response={201: s.ThreadOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Start a thread or ask a question (with an optional poll)",
)
def create_thread(request: HttpRequest, slug: str, payload: s.ThreadIn) -> Status:
    community = queries.community_or_404(request.user, slug)
    if _public(community) and not payload.confirm_pii:
        refused = pii_refusal({"title": payload.title, "body": payload.body})
        if refused:
            return refused
    category = (
        queries.category_or_404(request.user, community, payload.category)
        if payload.category
        else None
    )
    made = services.start_thread(
        request.user,
        community,
        title=payload.title,
        body=payload.body,
        kind=payload.kind,
        category=category,
        tags=payload.tags,
        language=payload.language or _language(),
        poll=payload.poll.model_dump() if payload.poll else None,
    )
    return Status(201, s.thread_out(_thread(request, made.pk), detail=True))


@router.get(
    THREAD, response={200: s.ThreadOut, **READ}, auth=read_or_anonymous, summary="One thread"
)
def read_thread(request: HttpRequest, thread_id: int = s.ID) -> dict[str, Any]:
    return s.thread_out(_thread(request, thread_id), detail=True)


@router.patch(THREAD, response={200: s.ThreadOut, **WRITE}, auth=writer, summary="Edit my thread")
def edit_thread(request: HttpRequest, payload: s.ThreadEditIn, thread_id: int = s.ID) -> Any:
    thread = _thread(request, thread_id)
    if _public(thread.community) and not payload.confirm_pii:
        refused = pii_refusal({"title": payload.title, "body": payload.body})
        if refused:
            return refused
    services.edit_thread(
        request.user, thread, title=payload.title, body=payload.body, tags=payload.tags
    )
    return s.thread_out(_thread(request, thread_id), detail=True)


@router.delete(THREAD, response={204: None, **WRITE}, auth=writer, summary="Delete my thread")
def delete_thread(request: HttpRequest, thread_id: int = s.ID) -> Status:
    services.delete_thread(request.user, _thread(request, thread_id))
    return Status(204, None)


@router.get(
    f"{THREAD}/revisions",
    response={200: list[s.ThreadRevisionOut], **READ},
    auth=read_or_anonymous,
    summary="A thread's edit history (the text before each edit), newest first",
)
def thread_revisions(request: HttpRequest, thread_id: int = s.ID) -> list[Any]:
    return queries.revisions(request.user, thread=_thread(request, thread_id))


# ------------------------------------------------------------------ replies


@router.get(
    f"{THREAD}/replies",
    response={200: list[s.ThreadReplyOut], **READ},
    auth=read_or_anonymous,
    summary="A thread's replies with numbers after `after`, in order (at most `limit`)",
)
def list_replies(
    request: HttpRequest, page: Query[s.ThreadRepliesPage], thread_id: int = s.ID
) -> list[dict[str, Any]]:
    thread = _thread(request, thread_id)
    found = queries.replies(thread, request.user, after=page.after, limit=page.limit)
    voted = queries.my_votes(request.user, found)
    return [s.reply_out(r, voted) for r in found]


@router.post(
    f"{THREAD}/replies",
    response={201: s.ThreadReplyOut, **WRITE, 422: ErrorOut | PIIErrorOut},
    auth=writer,
    summary="Reply to a thread (or answer a question), optionally in reply to a reply",
)
def create_reply(request: HttpRequest, payload: s.ThreadReplyIn, thread_id: int = s.ID) -> Status:
    thread = _thread(request, thread_id)
    if _public(thread.community) and not payload.confirm_pii:
        refused = pii_refusal({"body": payload.body})
        if refused:
            return refused
    answered = (
        queries.reply_or_404(request.user, payload.in_reply_to) if payload.in_reply_to else None
    )
    made = services.reply(
        request.user,
        thread,
        body=payload.body,
        in_reply_to=answered,
        language=payload.language or _language(),
    )
    return Status(201, s.reply_out(queries.reply_or_404(request.user, made.pk), set()))


@router.patch(
    REPLY, response={200: s.ThreadReplyOut, **WRITE}, auth=writer, summary="Edit my reply"
)
def edit_reply(request: HttpRequest, payload: s.ThreadReplyEditIn, reply_id: int = s.ID) -> Any:
    made = queries.reply_or_404(request.user, reply_id)
    if _public(made.thread.community) and not payload.confirm_pii:
        refused = pii_refusal({"body": payload.body})
        if refused:
            return refused
    services.edit_reply(request.user, made, body=payload.body)
    return s.reply_out(queries.reply_or_404(request.user, reply_id), set())


@router.delete(REPLY, response={204: None, **WRITE}, auth=writer, summary="Delete my reply")
def delete_reply(request: HttpRequest, reply_id: int = s.ID) -> Status:
    services.delete_reply(request.user, queries.reply_or_404(request.user, reply_id))
    return Status(204, None)


@router.get(
    f"{REPLY}/revisions",
    response={200: list[s.ThreadRevisionOut], **READ},
    auth=read_or_anonymous,
    summary="A reply's edit history, newest first",
)
def reply_revisions(request: HttpRequest, reply_id: int = s.ID) -> list[Any]:
    return queries.revisions(request.user, reply=queries.reply_or_404(request.user, reply_id))


# ------------------------------------------------------------------ following, questions


@router.put(
    f"{THREAD}/follow",
    response={200: s.ThreadFollowOut, **WRITE},
    auth=writer,
    summary="How closely I follow a thread: watching, tracking, normal or muted",
)
def follow(request: HttpRequest, payload: s.ThreadFollowIn, thread_id: int = s.ID) -> Any:
    return services.set_level(request.user, _thread(request, thread_id), payload.level)


@router.post(
    f"{REPLY}/vote",
    response={200: s.ThreadReplyOut, **WRITE},
    auth=writer,
    summary="Vote an answer up (or take my vote back with up=false)",
)
def vote(request: HttpRequest, payload: s.ThreadVoteIn, reply_id: int = s.ID) -> dict[str, Any]:
    made = services.vote(request.user, queries.reply_or_404(request.user, reply_id), payload.up)
    return s.reply_out(made, {made.pk} if payload.up else set())


@router.post(
    f"{THREAD}/accept",
    response={200: s.ThreadOut, **WRITE},
    auth=writer,
    summary="Accept an answer of my question (or none, with reply null)",
)
def accept(
    request: HttpRequest, payload: s.ThreadAcceptIn, thread_id: int = s.ID
) -> dict[str, Any]:
    thread = _thread(request, thread_id)
    made = queries.reply_or_404(request.user, payload.reply) if payload.reply else None
    services.accept(request.user, thread, made)
    return s.thread_out(_thread(request, thread_id), detail=True)


@router.get(
    "/questions/unanswered",
    response={200: list[s.ThreadOut], 401: ErrorOut},
    auth=signed_in,
    summary="Unanswered questions in the communities I may read, newest first",
)
def unanswered(request: HttpRequest) -> list[dict[str, Any]]:
    return [s.thread_out(t) for t in queries.unanswered(request.user)]


@router.get(
    "/questions/private",
    response={200: list[s.ThreadOut], 401: ErrorOut},
    auth=signed_in,
    summary="Private questions I asked and those asked of me",
)
def private_questions(request: HttpRequest) -> list[dict[str, Any]]:
    mine = queries.my_questions(request.user)
    return [s.thread_out(t) for t in [*mine["asked_of_me"], *mine["asked"]]]


@router.post(
    "/questions/private",
    response={201: s.ThreadOut, **WRITE},
    auth=writer,
    summary="Ask my counsellor or my mentor a question only the two of us see",
)
def ask(request: HttpRequest, payload: s.ThreadAskIn) -> Status:
    person = next(
        (
            p
            for p in queries.askable(request.user)
            if getattr(p, "profile", None) and p.profile.handle == payload.asked_of.strip().lower()
        ),
        None,
    )
    if person is None:  # not their counsellor or mentor: nobody to ask there
        raise Http404
    made = services.ask_privately(
        request.user,
        person,
        title=payload.title,
        body=payload.body,
        language=payload.language or _language(),
    )
    return Status(201, s.thread_out(_thread(request, made.pk), detail=True))


# ------------------------------------------------------------------ moderators


@router.post(
    f"{THREAD}/moderate",
    response={200: s.ThreadOut, **WRITE},
    auth=writer,
    summary="Moderators: pin or unpin, close or reopen, approve a pending thread",
)
def moderate(
    request: HttpRequest, payload: s.ThreadModerateIn, thread_id: int = s.ID
) -> dict[str, Any]:
    thread = _thread(request, thread_id)
    if payload.pinned is not None:
        thread_moderation.pin(request.user, thread, payload.pinned)
    if payload.closed is not None:
        thread_moderation.close(request.user, thread, payload.closed)
    if payload.approve:
        thread_moderation.approve(request.user, thread)
    return s.thread_out(_thread(request, thread_id), detail=True)


@router.post(
    f"{THREAD}/move",
    response={200: s.ThreadOut, **WRITE},
    auth=writer,
    summary="Moderators: move a thread to another category or community I moderate",
)
def move(request: HttpRequest, payload: s.ThreadMoveIn, thread_id: int = s.ID) -> dict[str, Any]:
    thread = _thread(request, thread_id)
    target = None
    if payload.community:
        target = Community.objects.moderated_by(request.user).filter(slug=payload.community).first()
        if target is None:
            raise Http404
    where = target or thread.community
    category = (
        queries.category_or_404(request.user, where, payload.category) if payload.category else None
    )
    thread_moderation.move(request.user, thread, community=target, category=category)
    return s.thread_out(_thread(request, thread_id), detail=True)


@router.post(
    f"{REPLY}/approve",
    response={200: s.ThreadReplyOut, **WRITE},
    auth=writer,
    summary="Moderators: publish a pending reply",
)
def approve_reply(request: HttpRequest, reply_id: int = s.ID) -> dict[str, Any]:
    made = thread_moderation.approve(request.user, queries.reply_or_404(request.user, reply_id))
    return s.reply_out(made, set())  # type: ignore[arg-type]


@router.post(
    "/{slug}/categories",
    response={201: s.ThreadCategoryOut, **WRITE},
    auth=writer,
    summary="Moderators: add a category (or rename / reorder one, with its id)",
)
def save_category(request: HttpRequest, slug: str, payload: s.ThreadCategoryIn) -> Status:
    community = queries.community_or_404(request.user, slug)
    existing = queries.category_or_404(request.user, community, payload.id) if payload.id else None
    made = thread_moderation.save_category(
        request.user,
        community,
        name_fr=payload.name_fr,
        name_en=payload.name_en,
        position=payload.position,
        category=existing,
    )
    return Status(201, made)


@router.put(
    "/{slug}/categories/{category_id}/watch",
    response={200: s.ThreadWatchOut, **WRITE},
    auth=writer,
    summary="Watch a category (told of its new threads), or stop with watch=false",
)
def watch_category(
    request: HttpRequest, slug: str, payload: s.ThreadWatchIn, category_id: int = s.ID
) -> dict[str, bool]:
    community = queries.community_or_404(request.user, slug)
    category = queries.category_or_404(request.user, community, category_id)
    return {"watch": services.watch_category(request.user, category, payload.watch)}


# ------------------------------------------------------------------ polls


def _poll(request: HttpRequest, thread_id: int) -> Any:
    poll = queries.poll_of(_thread(request, thread_id))
    if poll is None:
        raise Http404
    return poll


@router.get(
    f"{THREAD}/poll",
    response={200: s.ThreadPollOut, **READ},
    auth=read_or_anonymous,
    summary="A thread's poll, my choices, and the results when they may be shown",
)
def read_poll(request: HttpRequest, thread_id: int = s.ID) -> dict[str, Any]:
    return s.poll_out(queries.poll_results(_poll(request, thread_id), request.user))


@router.put(
    f"{THREAD}/poll",
    response={200: s.ThreadPollOut, **WRITE},
    auth=writer,
    summary="Add (or replace, before anyone voted) the poll of my thread",
)
def create_poll(
    request: HttpRequest, payload: s.ThreadPollIn, thread_id: int = s.ID
) -> dict[str, Any]:
    polls.create(request.user, _thread(request, thread_id), **payload.model_dump())
    return s.poll_out(queries.poll_results(_poll(request, thread_id), request.user))


@router.post(
    f"{THREAD}/poll/vote",
    response={200: s.ThreadPollOut, **WRITE},
    auth=writer,
    summary="Vote in a poll (again to change my vote, until it closes)",
)
def poll_vote(
    request: HttpRequest, payload: s.ThreadPollVoteIn, thread_id: int = s.ID
) -> dict[str, Any]:
    poll = _poll(request, thread_id)
    polls.vote(request.user, poll, payload.options)
    return s.poll_out(queries.poll_results(_poll(request, thread_id), request.user))
