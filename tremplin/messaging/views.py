"""Messaging pages. Every action is a POST form that works without JavaScript (POST then
redirect) and calls a function of `services.py`; with htmx, sending swaps the form only.
Conversations and messages are found only through their `visible_to`: anything else is
a 404."""

from __future__ import annotations

import json
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tremplin.accounts.models import User
from tremplin.core.files import private_file_response
from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.core.refusals import message_of
from tremplin.core.uploads import accepts_files
from tremplin.messaging import queries, services
from tremplin.messaging.attachments import MAX_ATTACHMENTS, PDF_MAX_BYTES
from tremplin.messaging.forms import MessageForm, NewConversationForm, RenameForm, SearchForm
from tremplin.messaging.models import AttachmentKind, Conversation
from tremplin.profiles.queries import profile_visible_ids


def _int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**63 else None


def _no_cache(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "HX-Request"
    return response


# ------------------------------------------------------------------ lists


@login_required
@require_GET
def inbox(request: HttpRequest, box: str = "inbox") -> HttpResponse:
    user = cast("User", request.user)
    before = _int(request.GET.get("before"))
    lines = queries.conversations(user, box, before)
    more = lines[-1].conversation.last_message_id if len(lines) == queries.PAGE_SIZE else None
    return _no_cache(
        render(
            request,
            "messaging/inbox.html",
            {
                "box": box,
                "lines": lines,
                "more": more,
                "requests_count": queries.pending_requests(user),
                "search": SearchForm(),
            },
        )
    )


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found = list(queries.search(request.user, query)) if query else []
    return _no_cache(
        render(request, "messaging/search.html", {"search": form, "query": query, "found": found})
    )


# ------------------------------------------------------------------ new conversation


@login_required
@accepts_files(files=MAX_ATTACHMENTS, each=PDF_MAX_BYTES)
def new(request: HttpRequest) -> HttpResponse:
    data, files = posted(request)
    initial = {"to": request.GET.get("to", "")[:60]}
    form = NewConversationForm(data, files, initial=initial, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            conversation, message = services.start_conversation(
                request.user,
                [profile.user for profile in form.cleaned_data["to"]],
                form.cleaned_data["body"],
                name=form.cleaned_data["name"],
                files=form.cleaned_data["prepared"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(message.get_absolute_url())
    return _no_cache(render(request, "messaging/new.html", {"form": form}))


# ------------------------------------------------------------------ one conversation


def conversation_context(
    request: HttpRequest, conversation: Conversation, form: MessageForm | None = None
) -> dict[str, Any]:
    user = cast("User", request.user)
    me = queries.participant_of(user, conversation)
    if me is None:  # visible_to said yes a moment ago; a concurrent refusal says no
        raise Http404
    before = _int(request.GET.get("before"))
    page = queries.messages_page(user, conversation, before=before)
    others = queries.others_in(conversation, user, order="user__profile__display_name")
    last_id = page[-1].pk if page else 0
    return {
        "conversation": conversation,
        "title": queries.title_for(conversation, others),
        "me": me,
        "others": others,
        "linkable": profile_visible_ids(user, [p.user_id for p in others]),
        "page": page,
        "older": page[0].pk if len(page) == queries.PAGE_SIZE else None,
        "latest": before is None,
        "last_id": last_id,
        "seen_by": queries.seen_by(user, conversation, last_id)
        if last_id and before is None
        else [],
        "form": form or MessageForm(),
        "can_write": _can_write(user, conversation),
        "rename_form": RenameForm(initial={"name": conversation.name}),
    }


def _can_write(user: Any, conversation: Conversation) -> str:
    """ "" when the member may write; else the reason, for the page."""
    try:
        services.check_can_write(user, conversation)
    except ValidationError as error:
        return message_of(error)
    return ""


@login_required
@require_GET
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_or_404(request.user, pk)
    context = conversation_context(request, found)
    if context["latest"] and context["me"].is_active:
        # The page shows the newest messages: they are read.
        services.mark_read(request.user, found, context["last_id"] or None)
    return _no_cache(render(request, "messaging/conversation.html", context))


@login_required
@require_GET
def updates(request: HttpRequest, pk: int) -> HttpResponse:
    """Messages after `after`, and the read receipt line: fetched by the page when a live
    event arrives, or every few seconds while the live connection is down."""
    found = queries.conversation_or_404(request.user, pk)
    after = _int(request.GET.get("after")) or 0
    page = queries.messages_page(request.user, found, after=after, limit=100)
    last_id = page[-1].pk if page else after
    return _no_cache(
        render(
            request,
            "messaging/_updates.html",
            {
                "conversation": found,
                "page": page,
                "last_id": last_id,
                "seen_by": queries.seen_by(request.user, found, last_id) if last_id else [],
            },
        )
    )


@login_required
@require_GET
def one_message(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    found = queries.conversation_or_404(request.user, pk)
    message = queries.message_or_404(request.user, found, message_id)
    return _no_cache(
        render(request, "messaging/_message.html", {"m": message, "conversation": found})
    )


@login_required
@require_POST
@accepts_files(files=MAX_ATTACHMENTS, each=PDF_MAX_BYTES)
def send(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_or_404(request.user, pk)
    form = MessageForm(request.POST, request.FILES)
    message = None
    if form.is_valid():
        try:
            message = services.send_message(
                request.user, found, form.cleaned_data["body"], files=form.cleaned_data["prepared"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    if is_htmx(request):
        response = render(
            request,
            "messaging/_send_form.html",
            {"conversation": found, "form": MessageForm() if message else form, "can_write": ""},
        )
        if message is not None:
            response["HX-Trigger"] = json.dumps({"messaging:sent": {"id": message.pk}})
        return _no_cache(response)
    if message is not None:
        return redirect(message.get_absolute_url())
    return _no_cache(
        render(request, "messaging/conversation.html", conversation_context(request, found, form))
    )


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_or_404(request.user, pk)
    try:
        services.mark_read(request.user, found, _int(request.POST.get("up_to")))
    except ValidationError:
        raise Http404 from None
    return HttpResponse(status=204)


ACTIONS = {
    "accept": services.accept_request,
    "refuse": services.refuse_request,
    "leave": services.leave,
    "mute": lambda u, c: services.set_muted(u, c, True),
    "unmute": lambda u, c: services.set_muted(u, c, False),
}


def _done_message(action: str) -> str:
    # Literal msgids, so that makemessages finds them.
    return {
        "accept": _("Message request accepted: the conversation is in your inbox."),
        "refuse": _("Message request refused."),
        "leave": _("You left the conversation."),
        "mute": _("Conversation muted: no more notifications."),
        "unmute": _("Conversation unmuted."),
    }[action]


@login_required
@require_POST
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = queries.conversation_or_404(request.user, pk)
    action_fn = ACTIONS[action]
    try:
        action_fn(request.user, found)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(found)
    messages.success(request, _done_message(action))
    if action == "refuse":
        return redirect("messaging:requests")
    if action == "leave":
        return redirect("messaging:inbox")
    return redirect(found)


@login_required
@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.conversation_or_404(request.user, pk)
    form = RenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the group a name: 100 characters at most."))
        return redirect(found)
    try:
        services.rename(request.user, found, form.cleaned_data["name"])
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Group renamed."))
    return redirect(found)


@login_required
@require_POST
def delete_message(request: HttpRequest, pk: int, message_id: int) -> HttpResponse:
    found = queries.conversation_or_404(request.user, pk)
    message = queries.message_or_404(request.user, found, message_id)
    try:
        services.delete_message(request.user, message)
    except ValidationError:
        raise Http404 from None
    if is_htmx(request):
        message.refresh_from_db()
        return _no_cache(
            render(request, "messaging/_message.html", {"m": message, "conversation": found})
        )
    messages.success(request, _("Message deleted."))
    return redirect(found)


# ------------------------------------------------------------------ files


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Only to people who may see the message; PDFs are always downloaded (never shown
    in the browser's viewer under our origin)."""
    found = queries.attachment_or_404(request.user, pk)
    return private_file_response(
        found.file.open("rb"),
        content_type=found.content_type,
        filename=found.original_name,
        as_attachment=found.kind == AttachmentKind.PDF,
    )
