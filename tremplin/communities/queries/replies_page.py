"""A page of a thread's replies as HTML, rendered once for every reader who sees it
alike (the thread page's speed target, bench/README.md).

Reading a page of 50 replies as model instances, decorating them and rendering their
Jinja2 fragment was about a third of the thread page's CPU, and most readers of a page
see the same thing. Here one lighter query reads, for the page's numbers, every value
the fragment shows or depends on (`FIELDS`: states, edits, votes, the authors' names
and handles, the replies answered), with whether the viewer voted for each reply. Those
rows, and everything else the fragment reads of the viewer (language, time zone,
membership, what they may do, how far they read, which replies are theirs), are the key
of the rendered fragment, kept in this process. Any change to what is shown changes the
key, so a kept page is never stale and nothing has to be invalidated; a reply's text is
named by its creation and last edit (`threads.reply_htmls` keeps its HTML the same way).

A moderator's page (others' pending replies, approve buttons) is rendered each time.
The fragment's forms carry a stand-in where the CSRF input goes, replaced by the
reader's own at each serving: a kept page holds nobody's token.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import get_script_prefix
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from tremplin.communities.models import Reply, Thread, Vote
from tremplin.communities.models.community import signed_in
from tremplin.communities.models.threads import REPLIES_PAGE
from tremplin.communities.queries import threads
from tremplin.core.compiled import CompiledQuery, Input
from tremplin.core.jinja import csrf_input, render_template
from tremplin.core.kept import Kept

FRAGMENT = "communities/threads/_replies.jinja"
_PERSON = ("email", "profile__handle", "profile__display_name")
# What `_replies.jinja` prints of a reply or depends on; the Markdown bodies are named
# by `created` and `edited` (as `threads.reply_htmls` names their HTML).
FIELDS = (
    "pk",
    "number",
    "state",
    "created",
    "edited",
    "vote_count",
    "author_id",
    *(f"author__{field}" for field in _PERSON),
    "in_reply_to_id",
    "in_reply_to__state",
    "in_reply_to__number",
    "in_reply_to__created",
    "in_reply_to__edited",
    *(f"in_reply_to__author__{field}" for field in _PERSON),
)
_AUTHOR = FIELDS.index("author_id")
_PK = FIELDS.index("pk")

# Pages kept per process (the last 256, about 60 KB each: 15 MB).
_kept: Kept[tuple, tuple[str, int]] = Kept(256)
# Where the reader's CSRF input goes: a word nobody can write in a reply (random per
# process), replaced before the page leaves.
CSRF_STAND_IN = f"csrf-stand-in-{secrets.token_hex(16)}"


def _rows(variant: tuple[bool], viewer: Any, thread_id: int, after: int, upto: int) -> QuerySet:
    (signed,) = variant
    rows = Reply.objects.filter(thread_id=thread_id, number__gt=after, number__lte=upto)
    fields = list(FIELDS)
    if signed:
        rows = rows.annotate(voted=Exists(Vote.objects.filter(reply=OuterRef("pk"), user=viewer)))
        fields.append("voted")
    return rows.order_by("number").values_list(*fields)


ROWS = CompiledQuery(
    _rows, viewer=Input.user, thread_id=Input.number, after=Input.count, upto=Input.count
)


def _render(request: HttpRequest, thread: Thread, context: dict[str, Any]) -> tuple[str, int]:
    """The fragment with the CSRF stand-in, and the last reply number it shows."""
    shown = threads.page_replies(thread, request.user, context)
    values = {**context, **shown, "request": request, "thread": thread}
    values["accepted_block"] = False
    values["csrf_input"] = mark_safe(CSRF_STAND_IN)  # noqa: S308 (a constant word)
    template = engines["jinja2"].get_template(FRAGMENT).template  # type: ignore[attr-defined]
    last_shown = max((r.number for r in shown["replies"]), default=0)
    return render_template(template, values, None), last_shown


def _key(request: HttpRequest, thread: Thread, context: dict[str, Any], rows: list) -> tuple:
    viewer = request.user
    state, read_up_to = context["state"], context["read_up_to"]
    after = (context["page"] - 1) * REPLIES_PAGE
    # How far the viewer read matters only within the page (which replies are new).
    within = min(max(read_up_to, after), after + REPLIES_PAGE)
    read = None if state is None else (bool(read_up_to), within)
    mine = tuple(row[_PK] for row in rows if row[_AUTHOR] == viewer.pk)
    membership = context["membership"]
    accepted = context["accepted"]
    return (
        thread.pk,
        context["page"],
        tuple(rows),
        get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        thread.is_question,
        thread.accepted_id,
        accepted.pk if accepted is not None else None,
        bool(membership and membership.is_active),
        bool(context["may_reply"]),
        bool(context["may_accept"]),
        read,
        mine,
    )


def replies_html(
    request: HttpRequest, thread: Thread, context: dict[str, Any]
) -> tuple[SafeString, int]:
    """(the HTML of the page's replies in their place, the last reply number shown).
    `context`: the thread page's frame (`threads.page_frame`) with `membership`,
    `moderates`, `may_reply` and `may_accept`."""
    if context["moderates"]:
        html, last_shown = _render(request, thread, context)
    else:
        after = (context["page"] - 1) * REPLIES_PAGE
        rows = ROWS.run(
            (signed_in(request.user),),
            viewer=request.user,
            thread_id=thread.pk,
            after=after,
            upto=after + REPLIES_PAGE,
        )
        key = _key(request, thread, context, rows)
        found = _kept.get(key)
        if found is None:
            found = _render(request, thread, context)
            _kept.put(key, found)
        html, last_shown = found
    if CSRF_STAND_IN in html:
        html = html.replace(CSRF_STAND_IN, csrf_input(get_token(request)))
    return mark_safe(html), last_shown  # noqa: S308 (rendered with autoescaping)
