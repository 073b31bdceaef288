"""The read path of threads: a community's threads (its Discussions and Questions tabs),
one thread and a page of its replies, unanswered questions, private questions, edit
history, poll results. Everything goes through `Thread.objects.visible_to` and
`Reply.objects.visible_to`; one object the viewer may not see is a 404.

A thread page costs a fixed number of queries whatever the thread's length and the page
asked: the thread (with its author, community, category, accepted answer and poll) in
one, the viewer's membership in one, the page's replies with their authors and the
replies they answer in one (a `number` range: reply numbers are 1, 2, 3... so page N is
`number` in ((N-1)·50, N·50], an index range, never an OFFSET), the last number in one,
the viewer's votes in one, their follow-up state in one; a poll adds its options and the
viewer's choices (and, for a named poll whose results show, the voters)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, QuerySet
from django.http import Http404
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext

from tremplin.communities.models import (
    ANONYMITY_THRESHOLD,
    Category,
    Community,
    Level,
    Membership,
    Poll,
    PollVote,
    PostState,
    Reply,
    ResultsShown,
    Revision,
    Thread,
    ThreadState,
)
from tremplin.communities.models.community import signed_in
from tremplin.communities.models.threads import REPLIES_PAGE
from tremplin.communities.queries.thread_sql import REPLIES, THREAD_AT
from tremplin.core.kept import Kept
from tremplin.core.markdown import render_markdown
from tremplin.core.reads import visible_or_404
from tremplin.feed.text import MENTION_RE

THREADS_PAGE = 30
MAX_ID = 2**63 - 1  # a larger number in an address is no thread (bigint keys)
EXCERPT = 140


# ------------------------------------------------------------------ text


def _link_mentions(text: str) -> str:
    def link(match: re.Match[str]) -> str:
        handle = match.group(1).lower().rstrip("-_")
        url = reverse("profiles:detail", kwargs={"handle": handle})
        return f"[@{handle}]({url}){match.group(1)[len(handle) :]}"

    return MENTION_RE.sub(link, text)


def html(text: str) -> SafeString:
    """A thread's or reply's Markdown as safe HTML, with @mentions linked to profiles."""
    return render_markdown(_link_mentions(text))


HTML_CACHE_SECONDS = 7 * 24 * 3600


def _html_key(reply: Reply) -> str:
    # The mention links carry the reader's language and script prefix; an edit changes
    # `edited`, so an edited reply gets a new key (the old one expires). The creation
    # time tells apart two replies that had the same id (SQLite reuses the ids of rows a
    # rolled-back transaction made).
    made = int(reply.created.timestamp() * 1_000_000)
    edited = int(reply.edited.timestamp() * 1_000_000) if reply.edited else 0
    where = f"{get_language()}:{get_script_prefix()}"
    return f"communities:reply-html:{where}:{reply.pk}:{made}:{edited}"


# The HTML of replies read lately, in this process too: a key names one version of one
# reply in one language, so it never goes stale (an edit makes a new key). A page of 50
# replies then asks Redis nothing (its `get_many` was about 1 ms a page).
_RECENT_HTML: Kept[str, str] = Kept(5000)


def reply_htmls(rows: list[Reply]) -> dict[int, SafeString]:
    """{reply id: its HTML}: Markdown rendered once per reply, language and edit, kept
    in this process and in Django's cache (one round trip for what this process has
    not seen; the misses are rendered and stored in one more)."""
    keys = {_html_key(r): r for r in rows}
    known = {key: text for key in keys if (text := _RECENT_HTML.get(key)) is not None}
    asked = [key for key in keys if key not in known]
    found = cache.get_many(asked) if asked else {}
    missing = {key: str(html(keys[key].body)) for key in asked if key not in found}
    if missing:
        cache.set_many(missing, HTML_CACHE_SECONDS)
    if asked:
        _RECENT_HTML.update({**found, **missing})
    every = {**known, **found, **missing}
    return {r.pk: mark_safe(every[key]) for key, r in keys.items()}  # noqa: S308


def excerpt(text: str, length: int = EXCERPT) -> str:
    flat = " ".join(line for line in text.splitlines() if not line.startswith(">"))
    flat = " ".join(flat.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


# ------------------------------------------------------------------ one object


def community_or_404(viewer: Any, slug: str) -> Community:
    return visible_or_404(Community.objects.visible_to(viewer), slug=slug)


def thread_or_404(viewer: Any, pk: int) -> Thread:
    """The thread with its author, community, category, accepted answer and poll, if
    `Thread.objects.visible_to(viewer)` lets the viewer see it (compiled: thread_sql)."""
    if not isinstance(pk, int) or not 0 < pk <= MAX_ID:
        raise Http404
    found = THREAD_AT.run((signed_in(viewer),), viewer=viewer, pk=pk)
    if not found:
        raise Http404
    return found[0]


def membership_in(thread: Thread, viewer: Any) -> Membership | None:
    """The viewer's membership of the thread's community, read with the thread by
    `thread_or_404` (None outside a community, for a visitor, or without one)."""
    if thread.community_id is None or not signed_in(viewer):
        return None
    return getattr(thread, "my_membership", None)


def reply_or_404(viewer: Any, pk: int) -> Reply:
    found = Reply.objects.visible_to(viewer).select_related(
        "author__profile", "thread__community", "thread__author"
    )
    return visible_or_404(found, pk=pk)


def category_or_404(viewer: Any, community: Community, pk: int) -> Category:
    if not community.is_readable_by(viewer):
        return visible_or_404(Category.objects.none(), pk=pk)
    return visible_or_404(community.categories.all(), pk=pk)


def needs_rules(viewer: Any, community: Community) -> bool:
    """Whether the viewer, an active member, must accept the rules before posting
    (`posting.may_post`'s "conflict")."""
    if not community.rules or not getattr(viewer, "is_authenticated", False):
        return False
    membership = community.membership_of(viewer)
    return bool(
        membership
        and membership.is_active
        and not membership.moderates
        and membership.rules_accepted is None
    )


# ------------------------------------------------------------------ lists


def _with_tag(rows: QuerySet[Thread], tag: str) -> QuerySet[Thread]:
    # JSON containment is PostgreSQL's (an index can serve it); SQLite stores the list
    # as JSON text, where the tag appears as its JSON string.
    if connection.features.supports_json_field_contains:
        return rows.filter(tags__contains=[tag])
    return rows.filter(tags__icontains=json.dumps(tag))


def threads(
    community: Community,
    viewer: Any,
    *,
    category: int | None = None,
    tag: str = "",
    questions: bool = False,
    unanswered: bool = False,
    page: int = 1,
) -> dict[str, Any]:
    """A page of the community's threads: pinned first, then latest activity."""
    base = Thread.objects.visible_to(viewer)
    if questions:
        base = base.questions()
    if unanswered:
        base = base.unanswered()
    rows: QuerySet[Thread] = base.for_list().filter(community=community)
    if category:
        rows = rows.filter(category_id=category)
    if tag:
        rows = _with_tag(rows, tag.lower())
    page = max(1, min(page, 1000))
    start = (page - 1) * THREADS_PAGE
    found = list(
        rows.order_by("-pinned", "-last_activity", "-id")[start : start + THREADS_PAGE + 1]
    )
    shown = found[:THREADS_PAGE]
    new = new_counts(viewer, [t.pk for t in shown])
    for thread in shown:
        thread.new_replies = new.get(thread.pk, 0)  # type: ignore[attr-defined]
    return {"threads": shown, "page": page, "has_next": len(found) > THREADS_PAGE}


def new_counts(viewer: Any, thread_ids: list[int]) -> dict[int, int]:
    """{thread id: replies published since the viewer last read it}, for threads they
    track or watch (one query)."""
    if not thread_ids or not getattr(viewer, "is_authenticated", False):
        return {}
    rows = (
        Reply.objects.filter(
            thread_id__in=thread_ids,
            state=PostState.PUBLISHED,
            thread__states__user=viewer,
            thread__states__level__in=(Level.TRACKING, Level.WATCHING),
            number__gt=F("thread__states__last_read_number"),
        )
        .values("thread_id")
        .annotate(n=Count("pk"))
    )
    return {row["thread_id"]: row["n"] for row in rows}


def tab(community: Community, viewer: Any, *, questions: bool) -> dict[str, Any]:
    """The context of the Discussions (or Questions) tab: the first page, the
    categories to filter by."""
    readable = community.is_readable_by(viewer)
    listed = threads(community, viewer, questions=questions) if readable else {"threads": []}
    return {
        "readable": readable,
        "categories": list(community.categories.all()) if readable else [],
        **listed,
    }


def unanswered(viewer: Any, limit: int = THREADS_PAGE) -> list[Thread]:
    """Unanswered questions across the communities the viewer may read, newest first."""
    return list(
        Thread.objects.visible_to(viewer)
        .filter(community__isnull=False, state=PostState.PUBLISHED)
        .unanswered()
        .for_list()
        .order_by("-created", "-id")[:limit]
    )


def my_questions(viewer: Any) -> dict[str, list[Thread]]:
    """Private questions: those I asked, and those asked of me."""
    rows = list(
        Thread.objects.visible_to(viewer)
        .filter(community__isnull=True)
        .select_related("author__profile", "asked_of__profile", "accepted")
        .order_by("-last_activity", "-id")[:100]
    )
    return {
        "asked": [t for t in rows if t.author_id == viewer.pk],
        "asked_of_me": [t for t in rows if t.asked_of_id == viewer.pk],
    }


def askable(viewer: Any) -> list[Any]:
    """Whom the viewer may ask privately: their counsellors in active cases that grant
    messages, and their mentors (`services.threads.may_ask` decides each)."""
    from tremplin.accounts.models import User
    from tremplin.communities.services.threads import may_ask
    from tremplin.counselling.models import Case
    from tremplin.mentoring.models import Mentorship

    ids = set(Case.objects.filter(client=viewer).values_list("counsellor", flat=True))
    ids |= set(Mentorship.objects.active().filter(mentee=viewer).values_list("mentor", flat=True))
    people = User.objects.filter(pk__in=ids).select_related("profile")
    return sorted((p for p in people if may_ask(viewer, p)), key=lambda p: p.display_name)


def revisions(
    viewer: Any, *, thread: Thread | None = None, reply: Reply | None = None
) -> list[Revision]:
    """The edit history of a thread or reply the viewer sees (the caller found it through
    `thread_or_404` / `reply_or_404`), newest first."""
    rows = (
        Revision.objects.filter(thread=thread) if thread else Revision.objects.filter(reply=reply)
    )
    return list(rows.order_by("-created", "-id")[:100])


# ------------------------------------------------------------------ one thread's page


def last_number(thread: Thread) -> int:
    """The thread's last reply number (`thread_or_404` reads it with the thread)."""
    return thread.last_number or 0  # type: ignore[attr-defined]


def replies(
    thread: Thread, viewer: Any, *, after: int = 0, limit: int = REPLIES_PAGE
) -> list[Reply]:
    """The replies the viewer sees with numbers in (after, after + limit], in order.

    The caller found `thread` through `Thread.objects.visible_to` (`thread_or_404`), so
    the thread's visibility is not asked again row by row (`Reply.objects.visible_to`
    would, with a subquery of every thread the viewer sees): the rows are read on the
    (thread, number) unique index, in the states this viewer may see (thread_sql)."""
    variant = (signed_in(viewer), thread.community_id is not None)
    return REPLIES.run(
        variant,
        viewer=viewer,
        thread_id=thread.pk,
        community_id=thread.community_id or 0,
        after=after,
        upto=after + limit,
    )


def my_votes(viewer: Any, rows: list[Reply]) -> set[int]:
    """The replies among `rows` the viewer voted for (`replies` read it with them)."""
    if not getattr(viewer, "is_authenticated", False):
        return set()
    return {r.pk for r in rows if getattr(r, "voted", False)}


def state_of(viewer: Any, thread: Thread) -> ThreadState | None:
    """The viewer's follow-up state of the thread (`thread_or_404` read it with the
    thread), or None when they have none."""
    if not getattr(viewer, "is_authenticated", False) or thread.state_pk is None:  # type: ignore[attr-defined]
        return None
    return ThreadState(
        pk=thread.state_pk,  # type: ignore[attr-defined]
        thread=thread,
        user_id=viewer.pk,
        level=thread.state_level,  # type: ignore[attr-defined]
        last_read_number=thread.state_last_read_number,  # type: ignore[attr-defined]
        last_visit=thread.state_last_visit,  # type: ignore[attr-defined]
    )


def _decorate(
    r: Reply, viewer: Any, voted: set[int], read_up_to: int | None, url: str, text: SafeString
) -> None:
    """What the page shows of one reply: its HTML, its votes' label (plurals are
    computed here: the row is a Jinja2 fragment), the viewer's vote, whether it is new
    to them (`read_up_to` None: they never opened the thread), the reply it answers."""
    r.html = text  # type: ignore[attr-defined]
    r.votes_label = ngettext(  # type: ignore[attr-defined]
        "%(counter)s vote", "%(counter)s votes", r.vote_count
    ) % {"counter": r.vote_count}
    r.voted = r.pk in voted  # type: ignore[attr-defined]
    r.is_new = (  # type: ignore[attr-defined]
        read_up_to is not None and r.number > read_up_to and r.author_id != viewer.pk
    )
    if r.in_reply_to is not None:
        answered = r.in_reply_to
        answered.short = excerpt(answered.body, 100)  # type: ignore[attr-defined]
        where = -(-answered.number // REPLIES_PAGE)
        answered.url = f"{url}?page={where}#reply-{answered.number}"  # type: ignore[attr-defined]


def page_frame(thread: Thread, viewer: Any, page: int) -> dict[str, Any]:
    """What the thread page shows around its replies: the page (1 up to the last), the
    accepted answer (decorated, shown first on page 1), the viewer's follow-up state
    and how far they read. No query: `thread_or_404` read all of it."""
    last = last_number(thread)
    pages = max(1, -(-last // REPLIES_PAGE))
    page = max(1, min(page, pages))
    accepted = thread.accepted if thread.accepted_id else None
    if accepted is not None and accepted.state != PostState.PUBLISHED:
        accepted = None
    state = state_of(viewer, thread)
    read_up_to = state.last_read_number if state else 0
    if accepted is not None:
        voted = {accepted.pk} if getattr(thread, "accepted_voted", False) else set()
        new_after = read_up_to if state is not None else None
        text = reply_htmls([accepted])[accepted.pk]
        _decorate(accepted, viewer, voted, new_after, thread.get_absolute_url(), text)
    return {
        "accepted": accepted,
        "page": page,
        "pages": range(1, pages + 1),
        "page_count": pages,
        "last_number": last,
        "state": state,
        "read_up_to": read_up_to,
    }


def page_replies(thread: Thread, viewer: Any, frame: dict[str, Any]) -> dict[str, Any]:
    """The replies of the frame's page the viewer sees, decorated (one query): all of
    them (`replies`), those listed in their place (`listed`: on page 1 the accepted
    answer is shown first, not again there) and the first one new to the viewer."""
    page, accepted, state = frame["page"], frame["accepted"], frame["state"]
    shown = replies(thread, viewer, after=(page - 1) * REPLIES_PAGE)
    voted = my_votes(viewer, shown)
    htmls = reply_htmls(shown)
    url = thread.get_absolute_url()
    new_after = frame["read_up_to"] if state is not None else None
    for r in shown:
        _decorate(r, viewer, voted, new_after, url, htmls[r.pk])
    listed = [r for r in shown if accepted is None or page != 1 or r.pk != accepted.pk]
    return {
        "replies": shown,
        "listed": listed,
        "first_new": next((r.number for r in shown if r.is_new), None),  # type: ignore[attr-defined]
    }


def page_of(thread: Thread, viewer: Any, page: int) -> dict[str, Any]:
    """Everything the thread page shows of its replies (fixed number of queries)."""
    frame = page_frame(thread, viewer, page)
    return {**frame, **page_replies(thread, viewer, frame)}


def quote(thread: Thread, viewer: Any, number: int) -> dict[str, Any]:
    """The reply box's start when quoting reply `number`: its text as a Markdown
    blockquote with attribution, "in reply to" it."""
    found = (
        Reply.objects.visible_to(viewer)
        .filter(thread=thread, number=number, state=PostState.PUBLISHED)
        .select_related("author__profile")
        .first()
    )
    if found is None:
        return {}
    profile = getattr(found.author, "profile", None)
    who = f"@{profile.handle}" if profile else found.author.display_name
    lines = [line for line in found.body.splitlines() if not line.startswith(">")][:12]
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return {"body": f"{who} (#{found.number}):\n{quoted}\n\n", "in_reply_to": found.pk}


# ------------------------------------------------------------------ polls


def poll_of(thread: Thread) -> Poll | None:
    try:
        return thread.poll
    except Poll.DoesNotExist:
        return None


def poll_results(poll: Poll, viewer: Any) -> dict[str, Any]:
    """The poll as the viewer may see it: its options, their own choices, and the
    results when allowed (after voting or after closing, as the author chose; an
    anonymous poll's only once ANONYMITY_THRESHOLD people voted; a named poll's voters
    by name, to those who see the results)."""
    options = list(poll.options.all())
    mine: set[int] = set()
    if getattr(viewer, "is_authenticated", False):
        mine = set(PollVote.objects.filter(poll=poll, user=viewer).values_list("option", flat=True))
    closed = poll.is_closed()
    allowed = closed or (poll.results_shown == ResultsShown.AFTER_VOTING and bool(mine))
    too_few = poll.anonymous and poll.voter_count < ANONYMITY_THRESHOLD
    shown = allowed and not too_few
    voters: dict[int, list[Any]] = {}
    if shown and not poll.anonymous:
        votes = PollVote.objects.filter(poll=poll).select_related("user__profile").order_by("pk")
        for v in votes:
            voters.setdefault(v.option_id, []).append(v.user)
    total = poll.voter_count or 1
    for option in options:
        option.chosen = option.pk in mine  # type: ignore[attr-defined]
        option.percent = round(100 * option.vote_count / total) if shown else None  # type: ignore[attr-defined]
        option.voters = voters.get(option.pk, [])  # type: ignore[attr-defined]
    return {
        "poll": poll,
        "options": options,
        "mine": mine,
        "closed": closed,
        "results_shown": shown,
        "waiting_for_votes": allowed and too_few,
        "threshold": ANONYMITY_THRESHOLD,
    }
