"""The notification centre, the preferences page and the one-click unsubscribe.

Every action is a POST form that works without JavaScript and calls `services.py`. The
unsubscribe page is the one page that needs no login: the signed token in its address
names the member (CASL: one click, no sign-in)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.accounts.models import User
from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.notifications import kinds, queries, services
from tremplin.notifications.emails import ALL_KINDS, BadToken, read_token
from tremplin.notifications.forms import PreferencesForm
from tremplin.notifications.rendering import render as render_items


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:centre")


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    unread_only = request.GET.get("filter") == "unread"
    cursor = request.GET.get("after", "")
    try:
        rows, next_cursor = queries.page_of(user, cursor, unread_only=unread_only)
    except queries.BadCursor:
        return redirect(request.path + ("?filter=unread" if unread_only else ""))
    return render(
        request,
        "notifications/centre.html",
        {
            "items": render_items(user, rows),
            "next_cursor": next_cursor,
            "unread_only": unread_only,
            "first_page": not cursor,
            "unread": queries.unread_of(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """The link of a notification's email. GET shows the notification and marks nothing
    (a link opened by a mail scanner or another site changes no state); its page POSTs
    at once in a browser (htmx, on load) or with its button. POST marks it read and goes
    to what it is about."""
    notification = queries.notification_or_404(request.user, pk)
    item = render_items(request.user, [notification])[0]
    if request.method == "GET":
        return render(request, "notifications/open.html", {"item": item})
    services.mark_read(request.user, notification)
    target = item.url or reverse("notifications:centre")
    if is_htmx(request):
        return HttpResponse(status=204, headers={"HX-Redirect": target})
    return redirect(target)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.mark_read(request.user, queries.notification_or_404(request.user, pk))
    return _back(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    if services.mark_all_read(request.user):
        messages.success(request, _("All your notifications are marked as read."))
    return _back(request)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = cast("User", request.user)
    form = PreferencesForm(posted(request)[0], initial_choices=queries.preferences_of(user))
    if request.method == "POST":
        if form.is_valid():
            services.set_preferences(user, form.cleaned_data)
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("Choose one option for each kind of notification."))
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail providers POST without a form
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a confirmation (mail scanners prefetch links: no change on GET); POST
    turns the emails off, from our button or from the mail program's one-click
    (RFC 8058 posts `List-Unsubscribe=One-Click`)."""
    try:
        user, kind = read_token(token)
    except BadToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    every = kind == ALL_KINDS or request.POST.get("scope") == "all"
    context = {
        "token": token,
        "kind_label": None if kind == ALL_KINDS else kinds.label(kind),
        "email": user.email,
    }
    if request.method == "POST":
        services.unsubscribe(user, None if every else kind)
        context["done"] = True
        context["every"] = every
    return render(request, "notifications/unsubscribe.html", context)
