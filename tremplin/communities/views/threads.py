"""Communities pages: the threads part — a community's discussions, a thread and its
replies, a new thread, edits and their history, unanswered questions, private
questions. Thin adapters over `queries.threads` and `services.threads`: a thread the
viewer may not see is a 404; a refusal is shown on the form with its status
(`page_status`), the text kept. The POST-only actions are in `thread_actions.py`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tremplin.communities.forms_threads import AskForm, EditForm, PollForm, ReplyForm, ThreadForm
from tremplin.communities.models import Community, Level, Visibility
from tremplin.communities.queries import replies_page
from tremplin.communities.queries import threads as queries
from tremplin.communities.services import threads as services
from tremplin.core.forms import posted
from tremplin.core.refusals import message_of, page_status


def _int(value: Any, default: int = 1) -> int:
    try:
        return max(1, min(int(value), 100_000))
    except (TypeError, ValueError):
        return default


def show_refusal(form: Any, error: ValidationError) -> int:
    """The refusal on the form (on its field when it names one); the page's status."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, message_of(error))
    return page_status(error)


def rules_url(community: Community, back: str) -> str:
    return reverse("communities:thread_rules", args=[community.slug]) + f"?next={back}"


# ------------------------------------------------------------------ lists


def community_threads(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's threads, filtered by category, tag, questions, unanswered."""
    community = queries.community_or_404(request.user, slug)
    readable = community.is_readable_by(request.user)
    params = request.GET
    chosen: dict[str, Any] = {
        "category": _int(params.get("category"), 0) if params.get("category") else None,
        "tag": (params.get("tag") or "").strip()[:30],
        "questions": params.get("kind") == "question",
        "unanswered": params.get("unanswered") == "1",
    }
    found = (
        queries.threads(community, request.user, page=_int(params.get("page")), **chosen)
        if readable
        else {"threads": [], "page": 1, "has_next": False}
    )
    return render(
        request,
        "communities/threads/list.html",
        {
            "community": community,
            "membership": community.membership_of(request.user),
            "readable": readable,
            "categories": list(community.categories.all()) if readable else [],
            "chosen": chosen,
            **found,
        },
    )


@login_required
def unanswered(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "communities/threads/unanswered.html",
        {"threads": queries.unanswered(request.user)},
    )


@login_required
def my_questions(request: HttpRequest) -> HttpResponse:
    """Private questions I asked and those asked of me; POST asks a new one."""
    people = queries.askable(request.user)
    data, _files = posted(request)
    form = AskForm(data, people=people)
    status = 200
    if data is not None:
        if form.is_valid():
            asked_of = next((p for p in people if p.pk == form.cleaned_data["asked_of"]), None)
            try:
                made = services.ask_privately(
                    request.user,
                    asked_of,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    language=(get_language() or "fr")[:2],
                )
            except ValidationError as error:
                status = show_refusal(form, error)
            else:
                messages.success(request, _("Your question is sent. Only the two of you see it."))
                return redirect(made.get_absolute_url())
        else:
            status = 400
    context = {"form": form, "people": people, **queries.my_questions(request.user)}
    return render(request, "communities/threads/my_questions.html", context, status=status)


# ------------------------------------------------------------------ one thread


def _reply_form(request: HttpRequest, thread: Any) -> ReplyForm:
    """An empty reply box, or one that quotes reply `?quote=N` (works without JavaScript)."""
    quoted = _int(request.GET.get("quote"), 0) if request.GET.get("quote") else 0
    return ReplyForm(
        initial=queries.quote(thread, request.user, quoted) if quoted else None,
        public=bool(thread.community and thread.community.visibility == Visibility.PUBLIC),
    )


def thread_context(request: HttpRequest, thread: Any, reply_form: Any = None) -> dict[str, Any]:
    viewer = request.user
    community = thread.community
    membership = queries.membership_in(thread, viewer)
    moderates = bool(membership and membership.moderates)
    frame = queries.page_frame(thread, viewer, _int(request.GET.get("page")))
    poll = queries.poll_of(thread)
    may_reply = thread.closed is None and (
        (membership is not None and membership.is_active)
        or (community is None and viewer.pk in (thread.author_id, thread.asked_of_id))
    )
    if reply_form is None and may_reply:
        reply_form = _reply_form(request, thread)
    context = {
        "thread": thread,
        "thread_html": queries.html(thread.body),
        "community": community,
        "membership": membership,
        "moderates": moderates,
        "may_reply": may_reply,
        "may_accept": thread.is_question and (thread.author_id == viewer.pk or moderates),
        "reply_form": reply_form,
        "poll": queries.poll_results(poll, viewer) if poll else None,
        "levels": Level.choices,
        # Someone who never set it follows at the default level, not the list's first.
        "follow_level": frame["state"].level if frame["state"] else Level.NORMAL,
        "moved_to": list(Community.objects.moderated_by(viewer)) if moderates else [],
        **frame,
    }
    context["replies_html"], context["last_shown"] = replies_page.replies_html(
        request, thread, context
    )
    return context


# A reload of a page already read writes nothing: the visit is noted again at most this
# often (as the session's activity, docs/architecture.md "Pages that cost little").
VISIT_NOTED_EVERY = timedelta(minutes=5)


def _visit_to_note(state: Any, read: int) -> bool:
    """Whether this visit changes the member's thread state: a first visit, replies
    read further, or the last noted visit older than VISIT_NOTED_EVERY."""
    if state is None or read > state.last_read_number:
        return True
    return state.last_visit is None or timezone.now() - state.last_visit > VISIT_NOTED_EVERY


def thread(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.thread_or_404(request.user, pk)
    context = thread_context(request, found)
    state = context["state"]
    read = max(context["read_up_to"], context["last_shown"])
    if request.user.is_authenticated and _visit_to_note(state, read):
        services.mark_read(request.user, found, read)
    return render(request, "communities/threads/thread.html", context)


@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.thread_or_404(request.user, pk)
    public = bool(found.community and found.community.visibility == Visibility.PUBLIC)
    form = ReplyForm(request.POST if request.method == "POST" else None, public=public)
    if request.method != "POST":
        return redirect(found.get_absolute_url())
    status = 400
    if form.is_valid():
        answered = None
        if form.cleaned_data.get("in_reply_to"):
            try:
                answered = queries.reply_or_404(request.user, form.cleaned_data["in_reply_to"])
            except Http404:  # a reply the viewer cannot see: answer the thread instead
                answered = None
        try:
            made = services.reply(
                request.user,
                found,
                body=form.cleaned_data["body"],
                in_reply_to=answered,
                language=(get_language() or "fr")[:2],
            )
        except ValidationError as error:
            if found.community and queries.needs_rules(request.user, found.community):
                return redirect(rules_url(found.community, found.get_absolute_url()))
            status = show_refusal(form, error)
        else:
            if made.state == "pending":
                messages.info(request, _("Your reply waits for a moderator before others see it."))
            return redirect(made.get_absolute_url())
    context = thread_context(request, found, reply_form=form)
    return render(request, "communities/threads/thread.html", context, status=status)


@login_required
def new_thread(request: HttpRequest, slug: str) -> HttpResponse:
    """The new-thread form, with an optional poll in its own box (`?kind=question`
    starts a question)."""
    community = queries.community_or_404(request.user, slug)
    data, _files = posted(request)
    initial = {"kind": "question"} if request.GET.get("kind") == "question" else None
    language = (get_language() or "fr")[:2]
    form = ThreadForm(data, initial=initial, community=community, language=language)
    poll_form = PollForm(data, prefix="poll")
    status = 200
    if data is not None:
        status = 400
        if form.is_valid() & poll_form.is_valid():
            try:
                made = _start(request, community, form, poll_form)
            except ValidationError as error:
                if queries.needs_rules(request.user, community):
                    return redirect(rules_url(community, request.path))
                poll_error = getattr(error, "field", None) in poll_form.fields
                status = show_refusal(poll_form if poll_error else form, error)
            else:
                if made.state == "pending":
                    messages.info(
                        request, _("Your thread waits for a moderator before others see it.")
                    )
                return redirect(made.get_absolute_url())
    context = {"community": community, "form": form, "poll_form": poll_form}
    return render(request, "communities/threads/new.html", context, status=status)


def _start(request: HttpRequest, community: Community, form: Any, poll_form: Any) -> Any:
    chosen = form.cleaned_data.get("category")
    return services.start_thread(
        request.user,
        community,
        title=form.cleaned_data["title"],
        body=form.cleaned_data["body"],
        kind=form.cleaned_data["kind"],
        category=community.categories.filter(pk=chosen).first() if chosen else None,
        tags=form.cleaned_data["tags"],
        language=form.cleaned_data["language"],
        poll=poll_form.arguments(),
    )


@login_required
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Edit one's own thread or reply (the text before is kept in its history)."""
    if kind == "thread":
        post: Any = queries.thread_or_404(request.user, pk)
        thread_of = post
    else:
        post = queries.reply_or_404(request.user, pk)
        thread_of = post.thread
    public = bool(thread_of.community and thread_of.community.visibility == Visibility.PUBLIC)
    initial = {
        "title": getattr(post, "title", ""),
        "body": post.body,
        "tags": ", ".join(getattr(post, "tags", [])),
    }
    data, _files = posted(request)
    form = EditForm(data, initial=initial, public=public, with_title=kind == "thread")
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            try:
                if kind == "thread":
                    services.edit_thread(
                        request.user,
                        post,
                        title=form.cleaned_data["title"],
                        body=form.cleaned_data["body"],
                        tags=form.cleaned_data["tags"],
                    )
                else:
                    services.edit_reply(request.user, post, body=form.cleaned_data["body"])
            except ValidationError as error:
                status = show_refusal(form, error)
            else:
                messages.success(request, _("Saved. The earlier text is kept in its history."))
                return redirect(post.get_absolute_url())
    context = {"form": form, "post": post, "kind": kind, "thread": thread_of}
    return render(request, "communities/threads/edit.html", context, status=status)


def history(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The edit history of a thread or reply, to whoever sees it."""
    if kind == "thread":
        post: Any = queries.thread_or_404(request.user, pk)
        rows = queries.revisions(request.user, thread=post)
        thread_of = post
    else:
        post = queries.reply_or_404(request.user, pk)
        rows = queries.revisions(request.user, reply=post)
        thread_of = post.thread
    for row in rows:
        row.html = queries.html(row.body)  # type: ignore[attr-defined]
    context = {
        "post": post,
        "kind": kind,
        "revisions": rows,
        "thread": thread_of,
        "current_html": queries.html(post.body),
    }
    return render(request, "communities/threads/history.html", context)
