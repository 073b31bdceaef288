"""Communities pages: the threads part's POST-only actions (follow, delete, vote, accept,
poll vote, moderators' pin / close / move / approve, categories, the rules before a
first post). Each works without JavaScript: a form, then a redirect with a message; a
refusal is shown as a message with the page it came from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.communities.forms_threads import CategoryForm
from tremplin.communities.models import Community
from tremplin.communities.queries import threads as queries
from tremplin.communities.services import polls, posting, thread_moderation
from tremplin.communities.services import threads as services
from tremplin.communities.views.threads import show_refusal
from tremplin.core.forms import posted
from tremplin.core.refusals import message_of


def _done(request: HttpRequest, act: Callable[[], Any], said: str, back: str) -> HttpResponse:
    try:
        act()
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, said)
    return redirect(back)


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.thread_or_404(request.user, pk)
    level = request.POST.get("level", "")
    return _done(
        request,
        lambda: services.set_level(request.user, found, level),
        _("Your follow-up of this thread is saved."),
        found.get_absolute_url(),
    )


@login_required
@require_POST
def delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind == "thread":
        thread = queries.thread_or_404(request.user, pk)
        if thread.community:
            back = reverse("communities:threads", args=[thread.community.slug])
        else:
            back = reverse("communities:my_questions")
        return _done(
            request,
            lambda: services.delete_thread(request.user, thread),
            _("Your thread is deleted."),
            back,
        )
    made = queries.reply_or_404(request.user, pk)
    return _done(
        request,
        lambda: services.delete_reply(request.user, made),
        _("Your reply is deleted."),
        made.thread.get_absolute_url(),
    )


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    made = queries.reply_or_404(request.user, pk)
    up = request.POST.get("up", "1") == "1"
    said = _("Your vote is counted.") if up else _("Your vote is taken back.")
    return _done(
        request, lambda: services.vote(request.user, made, up), said, made.get_absolute_url()
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    made = queries.reply_or_404(request.user, pk)
    thread = queries.thread_or_404(request.user, made.thread_id)
    chosen = None if request.POST.get("undo") == "1" else made
    said = (
        _("This answer is accepted: it shows first.") if chosen else _("No answer is accepted now.")
    )
    return _done(
        request,
        lambda: services.accept(request.user, thread, chosen),
        said,
        thread.get_absolute_url(),
    )


@login_required
@require_POST
def poll_vote(request: HttpRequest, pk: int) -> HttpResponse:
    thread = queries.thread_or_404(request.user, pk)
    poll = queries.poll_of(thread)
    if poll is None:
        raise Http404
    chosen = [int(v) for v in request.POST.getlist("option") if v.isdigit() and len(v) < 10]
    return _done(
        request,
        lambda: polls.vote(request.user, poll, chosen),
        _("Your vote is counted. You may change it until the poll closes."),
        thread.get_absolute_url() + "#poll",
    )


MODERATION = {
    "pin": (lambda u, t: thread_moderation.pin(u, t, True), "The thread is pinned."),
    "unpin": (lambda u, t: thread_moderation.pin(u, t, False), "The thread is unpinned."),
    "close": (lambda u, t: thread_moderation.close(u, t, True), "The thread is closed."),
    "reopen": (lambda u, t: thread_moderation.close(u, t, False), "The thread is open again."),
    "approve": (lambda u, t: thread_moderation.approve(u, t), "The post is published."),
}


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    thread = queries.thread_or_404(request.user, pk)
    act, said = MODERATION[action]
    return _done(request, lambda: act(request.user, thread), _(said), thread.get_absolute_url())


@login_required
@require_POST
def approve_reply(request: HttpRequest, pk: int) -> HttpResponse:
    made = queries.reply_or_404(request.user, pk)
    return _done(
        request,
        lambda: thread_moderation.approve(request.user, made),
        _("The post is published."),
        made.get_absolute_url(),
    )


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    thread = queries.thread_or_404(request.user, pk)
    where = request.POST.get("community", "")
    target = (
        Community.objects.moderated_by(request.user).filter(slug=where).first() if where else None
    )
    category_id = request.POST.get("category", "")
    category = None
    if category_id.isdigit():
        category = (target or thread.community).categories.filter(pk=int(category_id)).first()  # type: ignore[union-attr]

    return _done(
        request,
        lambda: thread_moderation.move(request.user, thread, community=target, category=category),
        _("The thread is moved."),
        thread.get_absolute_url(),
    )


@login_required
@require_POST
def watch_category(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = queries.community_or_404(request.user, slug)
    category = queries.category_or_404(request.user, community, pk)
    watch = request.POST.get("watch", "1") == "1"
    said = (
        _("You will be told of new threads in this category.")
        if watch
        else _("You no longer watch this category.")
    )
    back = reverse("communities:threads", args=[slug]) + f"?category={pk}"
    return _done(
        request, lambda: services.watch_category(request.user, category, watch), said, back
    )


@login_required
def categories(request: HttpRequest, slug: str) -> HttpResponse:
    """The moderators' page of the community's categories: add, rename, order."""
    community = queries.community_or_404(request.user, slug)
    if not community.is_moderated_by(request.user):
        raise Http404
    data, _files = posted(request)
    form = CategoryForm(data)
    status = 200
    if data is not None:
        status = 400
        if form.is_valid():
            pk = request.POST.get("category", "")
            existing = community.categories.filter(pk=int(pk)).first() if pk.isdigit() else None
            try:
                thread_moderation.save_category(
                    request.user, community, category=existing, **form.cleaned_data
                )
            except ValidationError as error:
                status = show_refusal(form, error)
            else:
                messages.success(request, _("The category is saved."))
                return redirect("communities:thread_categories", slug=slug)
    context = {"community": community, "form": form, "categories": list(community.categories.all())}
    return render(request, "communities/threads/categories.html", context, status=status)


@login_required
def rules(request: HttpRequest, slug: str) -> HttpResponse:
    """The community's rules before a first post; POST accepts them, then goes back."""
    community = queries.community_or_404(request.user, slug)
    home = reverse("communities:threads", args=[slug])
    back = request.GET.get("next") or request.POST.get("next") or home
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = home
    membership = community.membership_of(request.user)
    if request.method == "POST" and membership is not None and membership.is_active:
        posting.accept_rules(membership)
        messages.success(request, _("Thank you. You may post now."))
        return redirect(back)
    context = {
        "community": community,
        "membership": membership,
        "next": back,
        "rules_html": queries.html(community.rules),
    }
    return render(request, "communities/threads/rules.html", context)
