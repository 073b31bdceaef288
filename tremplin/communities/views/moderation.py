"""Communities pages: the moderation part. The community's moderation log (its
moderators and site moderators), removing and restoring content with a reason, the
removals told to their author, and the digest choice with its one-click unsubscribe.
Thin adapters over `queries.moderation` and `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tremplin.communities.forms_moderation import DigestForm, RemoveForm, RestoreForm
from tremplin.communities.models import ModerationAction
from tremplin.communities.queries import moderation as queries
from tremplin.communities.services import digest as digests
from tremplin.communities.services import moderation as services
from tremplin.core.forms import posted
from tremplin.core.refusals import Refusal, page_status


def _add_refusal(form: Any, error: Refusal) -> None:
    form.add_error(error.field if error.field in form.fields else None, error)


@login_required
def log(request: HttpRequest, slug: str) -> HttpResponse:
    community = queries.moderated_or_404(request.user, slug)
    action = request.GET.get("action", "")
    page = queries.log_page(request.user, community, action, request.GET.get("page"))
    context = {
        "community": community,
        "page": page,
        "action": action if action in ModerationAction.Action.values else "",
        "actions": ModerationAction.Action.choices,
    }
    return render(request, "communities/moderation/log.html", context)


def _moderate(request: HttpRequest, kind: str, pk: int, restore: bool) -> HttpResponse:
    obj = queries.content_or_404(request.user, kind, pk)
    data, _files = posted(request)
    form = RestoreForm(data) if restore else RemoveForm(data)
    status = 200
    if request.method == "POST" and form.is_valid():
        act = services.restore_content if restore else services.remove_content
        try:
            act(request.user, kind, pk, form.cleaned_data["reason"])
        except Refusal as error:
            _add_refusal(form, error)
            status = page_status(error)
        else:
            messages.success(
                request,
                pgettext("community moderation", "Restored.")
                if restore
                else _("Removed. The author is told why."),
            )
            community = services.community_of(obj)
            if community is not None:
                return redirect("communities:moderation_log", slug=community.slug)
            return redirect("home")
    elif request.method == "POST":
        status = 400
    context = {
        "form": form,
        "restore": restore,
        "what": services.LABELS[kind],
        "excerpt": services.excerpt_of(obj),
        "removed": services.is_removed(obj),
        "community": services.community_of(obj),
    }
    return render(request, "communities/moderation/remove.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _moderate(request, kind, pk, restore=False)


@login_required
@require_http_methods(["GET", "POST"])
def restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _moderate(request, kind, pk, restore=True)


@login_required
def my_removals(request: HttpRequest) -> HttpResponse:
    rows = [
        (entry, services.LABELS.get(entry.target.split(":")[0], ""))
        for entry in queries.my_removals(request.user)
    ]
    return render(request, "communities/moderation/my_removals.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def digest(request: HttpRequest, slug: str) -> HttpResponse:
    community = queries.community_or_404(request.user, slug)
    membership = queries.membership_or_404(request.user, community)
    data, _files = posted(request)
    initial = {"digest": membership.digest, "in_home_feed": membership.in_home_feed}
    form = DigestForm(data, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            digests.choose(membership, form.cleaned_data["digest"])
            digests.home_feed(membership, form.cleaned_data["in_home_feed"])
        except Refusal as error:
            _add_refusal(form, error)
            status = page_status(error)
        else:
            messages.success(request, pgettext("community moderation", "Your choice is saved."))
            return redirect("communities:digest", slug=community.slug)
    elif request.method == "POST":
        status = 400
    context = {"community": community, "form": form}
    return render(request, "communities/moderation/digest.html", context, status=status)


@csrf_exempt  # the signed token is the credential; mail programs POST without a form
@require_http_methods(["GET", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links: nothing changes on GET); POST stops this
    community's digest, from our button or the mail program's one click."""
    try:
        membership = digests.read_token(token)
    except digests.BadToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    context: dict[str, Any] = {"token": token, "community_name": membership.community.name}
    if request.method == "POST":
        digests.choose(membership, "")
        context["done"] = True
    return render(request, "communities/moderation/unsubscribe.html", context)
