"""The feed pages: home timeline and composer, item pages (posts, articles, reshares),
comments, reactions, bookmarks, history, pictures and hashtags (articles: see
`article_views.py`). Every action is a POST form that works without JavaScript and calls
a function of `services.py`; every item is found through `queries.item_or_404`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.models import User
from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.core.jinja import render_fragment
from tremplin.core.markdown import render_markdown
from tremplin.core.refusals import message_of
from tremplin.core.uploads import accepts_files
from tremplin.feed import pictures, queries, services
from tremplin.feed.cards import decorate
from tremplin.feed.forms import CommentForm, EditForm, LanguageFilterForm, PostForm, ReshareForm
from tremplin.feed.models import MAX_IMAGES, Item, ItemImage, Kind
from tremplin.network.services import HASHTAG_RE
from tremplin.profiles.queries import completeness, my_profile_for_dashboard


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to `next` when it is one of our own pages, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def render_list(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The page, or only its list for htmx's "More" button."""
    if is_htmx(request) and request.GET.get("fragment") == "list":
        response = render_fragment(request, "feed/_timeline.jinja", context)
    else:
        response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def language_filter(request: HttpRequest) -> tuple[LanguageFilterForm, str]:
    form = LanguageFilterForm(request.GET)
    language = form.cleaned_data["language"] if form.is_valid() else ""
    return form, language


def _sidebar(user: Any) -> dict[str, Any]:
    """The dashboard bits kept beside the feed: completeness and my organisations."""
    profile = my_profile_for_dashboard(user)
    return {
        "profile": profile,
        "completeness": completeness(profile),
        "organizations": queries.my_organizations(user),
    }


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in home page (the feed); visitors get the welcome page."""
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html")
    user = cast("User", request.user)
    filter_form, language = language_filter(request)
    try:
        page = queries.timeline_page(user, request.GET.get("cursor"), language or None)
    except ValidationError:
        raise Http404 from None
    services.record_views(user, page.items)
    context = {
        "page": page,
        "language": language,
        "filter_form": filter_form,
        "list_url": reverse("home"),
    }
    if is_htmx(request) and request.GET.get("fragment") == "list":
        response = render_fragment(request, "feed/_timeline.jinja", context)
        response["Vary"] = "HX-Request"
        return response
    context.update(_sidebar(user))
    # "Post to" may come chosen from a community's page (?place=community:12).
    context["form"] = PostForm(user=user, initial={"place": request.GET.get("place", "")})
    response = render(request, "feed/home.html", context)
    response["Vary"] = "HX-Request"
    return response


@login_required
def new_posts(request: HttpRequest) -> HttpResponse:
    """The "new posts" indicator: a tiny fragment, polled by the home page."""
    _form, language = language_filter(request)
    try:
        count = queries.new_in_timeline(request.user, request.GET.get("since"), language or None)
    except ValidationError:
        count = 0
    return render(
        request,
        "feed/_new_posts.html",
        {"count": count, "language": language, "more": count >= 20},
    )


@login_required
@accepts_files(files=MAX_IMAGES, each="PHOTO_MAX_BYTES")
def compose(request: HttpRequest) -> HttpResponse:
    """Publish a post (the composer on the home page posts here)."""
    user = cast("User", request.user)
    data, files = posted(request)
    form = PostForm(data, files, user=user)
    if request.method == "POST" and form.is_valid():
        uploaded: list[ItemImage] = []
        try:
            for field, upload, alt in form.pictures():
                try:
                    uploaded.append(pictures.upload_image(user, upload, alt))
                except ValidationError as error:
                    form.add_error(field, error)
            if not form.errors:
                item = services.publish_post(
                    user,
                    form.cleaned_data["body"],
                    audience=form.cleaned_data["audience"],
                    language=form.cleaned_data["language"],
                    images=uploaded,
                    organization=form.cleaned_data.get("organization"),
                    place=form.cleaned_data.get("place") or "",
                )
                messages.success(request, _("Your post is published."))
                if is_htmx(request):
                    return _item_fragment(request, item)
                return back(request, "home")
        except ValidationError as error:
            form.add_error(None, error)
        for image in uploaded:  # nothing published: do not keep the pictures
            image.file.delete(save=False)
            image.delete()
    if request.method == "POST" and is_htmx(request):
        response = render(request, "feed/_composer.html", {"form": form})
        response["HX-Retarget"] = "#composer"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "feed/compose.html", {"form": form})


def _item_fragment(request: HttpRequest, item: Item) -> HttpResponse:
    """The new card plus a fresh composer (htmx swaps both)."""
    item = queries.card_or_404(request.user, item.pk)
    return render(
        request,
        "feed/_published.html",
        {"item": item, "form": PostForm(user=request.user)},
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A post, article or reshare with its comments (404 for anyone outside its
    audience)."""
    item = queries.card_or_404(request.user, pk)
    if not item.is_draft:
        services.record_views(request.user, [item])
    context = {
        "item": item,
        "comments": queries.visible_comments(request.user, item),
        "comment_form": CommentForm(),
        "detail": True,
        "is_author": request.user.is_authenticated and request.user.pk == item.author_id,
    }
    if item.kind == Kind.ARTICLE:
        context["article_html"] = render_markdown(item.body)
    return render(request, "feed/item.html", context)


def item_history(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    return render(
        request, "feed/history.html", {"item": item, "revisions": queries.revisions(item)}
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.own_item_or_404(request.user, pk)
    if item.kind == Kind.ARTICLE:
        return redirect("feed:article_edit", pk=item.pk)
    data, _files = posted(request)
    form = EditForm(data, item=item, initial={"body": item.body, "language": item.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_item(
                request.user,
                item,
                body=form.cleaned_data["body"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(item.get_absolute_url())
    return render(request, "feed/edit.html", {"form": form, "item": item})


@login_required
@require_POST
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    try:
        services.delete_item(request.user, item)
    except ValidationError as error:
        messages.error(request, message_of(error))
        return redirect(item.get_absolute_url())
    messages.success(request, _("Deleted. Nobody can see it any more."))
    if request.POST.get("next", "").startswith(item.get_absolute_url()):
        return redirect("home")  # its page is gone
    return back(request, "home")


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    """Set, change or remove (kind "none") my reaction."""
    item = queries.item_or_404(request.user, pk)
    kind = request.POST.get("kind", "")
    try:
        if kind == "none" or kind == queries.reaction_of(request.user, item):
            services.unreact(request.user, item)
        else:
            services.react(request.user, item, kind)
    except ValidationError as error:
        messages.error(request, message_of(error))
    if is_htmx(request):
        return _actions_fragment(request, item.pk)
    return back(request, item.get_absolute_url())


def _actions_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.card_or_404(request.user, pk)
    return render_fragment(
        request,
        "feed/_actions.jinja",
        {"item": item, "next": request.POST.get("next", "")},
    )


@login_required
@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    user = cast("User", request.user)
    try:
        if queries.is_bookmarked(user, item):
            services.unbookmark(request.user, item)
            messages.success(request, _("Removed from your bookmarks."))
        else:
            services.bookmark(request.user, item)
            messages.success(request, _("Saved in your bookmarks."))
    except ValidationError as error:
        messages.error(request, message_of(error))
    if is_htmx(request):
        return _actions_fragment(request, item.pk)
    return back(request, item.get_absolute_url())


@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    """My bookmarks, newest saved first (keyset on the bookmark)."""
    try:
        page = queries.bookmarks_page(request.user, request.GET.get("cursor"))
    except ValidationError:
        raise Http404 from None
    return render_list(
        request,
        "feed/bookmarks.html",
        {"page": page, "list_url": reverse("feed:bookmarks")},
    )


@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    if request.method != "POST":
        return redirect(item.get_absolute_url() + "#comments")
    form = CommentForm(request.POST)
    parent = None
    if request.POST.get("parent"):
        parent = queries.parent_comment_or_404(item, request.POST["parent"])
    if form.is_valid():
        try:
            made = services.add_comment(request.user, item, form.cleaned_data["body"], parent)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(made.get_absolute_url())
    decorate(request.user, [item])
    return render(
        request,
        "feed/item.html",
        {
            "item": item,
            "comments": queries.visible_comments(request.user, item),
            "comment_form": form if parent is None else CommentForm(),
            "reply_form": form if parent is not None else None,
            "reply_to": parent.pk if parent else None,
            "detail": True,
            "article_html": render_markdown(item.body) if item.kind == Kind.ARTICLE else "",
        },
        status=400,
    )


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.comment_or_404(request.user, pk)
    if found.author_id != request.user.pk:
        raise Http404
    form = CommentForm(posted(request)[0], initial={"body": found.body})
    form.fields["body"].label = _("Comment")
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_comment(request.user, found, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(found.get_absolute_url())
    return render(request, "feed/comment_edit.html", {"form": form, "comment": found})


@login_required
@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.comment_or_404(request.user, pk)
    url = found.item.get_absolute_url()
    try:
        services.delete_comment(request.user, found)
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, _("Comment deleted."))
    return redirect(url + "#comments")


@login_required
def reshare(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.item_or_404(request.user, pk)
    original = item
    if item.kind == Kind.RESHARE:
        if item.reshare_of_id is None:
            raise Http404
        original = queries.item_or_404(request.user, item.reshare_of_id)
    if original.is_draft:
        raise Http404
    form = ReshareForm(posted(request)[0], original=original)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.reshare(
                request.user,
                original,
                form.cleaned_data["body"],
                audience=form.cleaned_data["audience"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Reshared."))
            return redirect(made.get_absolute_url())
    decorate(request.user, [original])
    return render(
        request,
        "feed/reshare.html",
        {"form": form, "original": original},
    )


def image(request: HttpRequest, pk: int) -> HttpResponse:
    """A picture, only for those who may see its item (or its uploader, before)."""
    found: ItemImage = queries.image_or_404(request.user, pk)
    try:
        with found.file.open("rb") as handle:
            content = handle.read()  # small re-encoded JPEGs: no streaming under ASGI
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def hashtag(request: HttpRequest, name: str) -> HttpResponse:
    name = name.lower()
    if not HASHTAG_RE.match(name):
        raise Http404
    tag, items = queries.hashtag_items(request.user, name)
    try:
        page = queries.item_page(request.user, items, request.GET.get("cursor"))
    except ValidationError:
        raise Http404 from None
    services.record_views(request.user, page.items)
    return render_list(
        request,
        "feed/hashtag.html",
        {
            "name": name,
            "page": page,
            "following": queries.follows_hashtag(request.user, tag),
            "list_url": reverse("feed:hashtag", kwargs={"name": name}),
        },
    )
