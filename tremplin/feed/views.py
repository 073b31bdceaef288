"""The feed pages: home timeline and composer, item pages (posts, articles, reshares),
comments, reactions, bookmarks, history, pictures, hashtags, articles and their Atom
feed. Every action is a POST form that works without JavaScript and calls a function of
`services.py`; every item is found through `visible_item_or_404`."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.models import User
from tremplin.core.forms import posted
from tremplin.core.htmx import is_htmx
from tremplin.core.markdown import render_markdown
from tremplin.feed import services
from tremplin.feed.forms import (
    ArticleForm,
    CommentForm,
    EditForm,
    LanguageFilterForm,
    PostForm,
    ReshareForm,
)
from tremplin.feed.models import (
    REACTION_EMOJI,
    Bookmark,
    Comment,
    Item,
    ItemImage,
    Kind,
    ReactionKind,
)
from tremplin.network.models import Hashtag
from tremplin.network.services import HASHTAG_RE
from tremplin.profiles.models import Profile
from tremplin.profiles.services import completeness


def back(request: HttpRequest, default: str) -> HttpResponse:
    """Redirect to `next` when it is one of our own pages, else to `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def render_list(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """The page, or only its list for htmx's "More" button."""
    if is_htmx(request) and request.GET.get("fragment") == "list":
        template = "feed/_timeline.html"
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


def reactions_menu() -> list[tuple[str, str, str]]:
    return [(k.value, str(k.label), REACTION_EMOJI[k]) for k in ReactionKind]


def language_filter(request: HttpRequest) -> tuple[LanguageFilterForm, str]:
    form = LanguageFilterForm(request.GET)
    language = form.cleaned_data["language"] if form.is_valid() else ""
    return form, language


def _sidebar(user) -> dict:
    """The dashboard bits kept beside the feed: completeness and my organisations."""
    profile = get_object_or_404(Profile, user=user)
    organizations: dict = {}
    for membership in user.memberships.select_related("organization").order_by(
        "organization__name", "role"
    ):
        entry = organizations.setdefault(
            membership.organization_id, {"org": membership.organization, "roles": []}
        )
        entry["roles"].append(membership)
    return {
        "profile": profile,
        "completeness": completeness(profile),
        "organizations": list(organizations.values()),
    }


def home(request: HttpRequest) -> HttpResponse:
    """The signed-in home page (the feed); visitors get the welcome page."""
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html")
    user = cast("User", request.user)
    filter_form, language = language_filter(request)
    try:
        page = services.timeline_page(user, request.GET.get("cursor"), language or None)
    except ValidationError:
        raise Http404 from None
    services.record_views(user, page.items)
    context = {
        "page": page,
        "language": language,
        "filter_form": filter_form,
        "reactions": reactions_menu(),
        "list_url": reverse("home"),
    }
    if is_htmx(request) and request.GET.get("fragment") == "list":
        response = render(request, "feed/_timeline.html", context)
        response["Vary"] = "HX-Request"
        return response
    context.update(_sidebar(user))
    context["form"] = PostForm(user=user)
    response = render(request, "feed/home.html", context)
    response["Vary"] = "HX-Request"
    return response


@login_required
def new_posts(request: HttpRequest) -> HttpResponse:
    """The "new posts" indicator: a tiny fragment, polled by the home page."""
    _form, language = language_filter(request)
    try:
        count = services.new_in_timeline(request.user, request.GET.get("since"), language or None)
    except ValidationError:
        count = 0
    return render(
        request,
        "feed/_new_posts.html",
        {"count": count, "language": language, "more": count >= 20},
    )


@login_required
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
                    uploaded.append(services.upload_image(user, upload, alt))
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
                )
                messages.success(request, _("Your post is published."))
                if is_htmx(request):
                    return _item_fragment(request, item)
                return redirect("home")
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
    item = services.visible_item_or_404(request.user, item.pk)
    services.decorate(request.user, [item])
    return render(
        request,
        "feed/_published.html",
        {"item": item, "form": PostForm(user=request.user), "reactions": reactions_menu()},
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A post, article or reshare with its comments (404 for anyone outside its
    audience)."""
    item = services.visible_item_or_404(request.user, pk)
    services.decorate(request.user, [item])
    if not item.is_draft:
        services.record_views(request.user, [item])
    context = {
        "item": item,
        "comments": services.visible_comments(request.user, item),
        "comment_form": CommentForm(),
        "reactions": reactions_menu(),
        "detail": True,
        "is_author": request.user.is_authenticated and request.user.pk == item.author_id,
    }
    if item.kind == Kind.ARTICLE:
        context["article_html"] = render_markdown(item.body)
    return render(request, "feed/item.html", context)


def item_history(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.visible_item_or_404(request.user, pk)
    return render(
        request,
        "feed/history.html",
        {"item": item, "revisions": item.revisions.order_by("-written", "-id")[:100]},
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.visible_item_or_404(request.user, pk)
    if item.author_id != request.user.pk:
        raise Http404
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
    item = services.visible_item_or_404(request.user, pk)
    try:
        services.delete_item(request.user, item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(item.get_absolute_url())
    messages.success(request, _("Deleted. Nobody can see it any more."))
    if request.POST.get("next", "").startswith(item.get_absolute_url()):
        return redirect("home")  # its page is gone
    return back(request, "home")


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    """Set, change or remove (kind "none") my reaction."""
    item = services.visible_item_or_404(request.user, pk)
    kind = request.POST.get("kind", "")
    try:
        if kind == "none" or kind == services_reaction_of(request.user, item):
            services.unreact(request.user, item)
        else:
            services.react(request.user, item, kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if is_htmx(request):
        return _actions_fragment(request, item.pk)
    return back(request, item.get_absolute_url())


def services_reaction_of(user, item: Item) -> str:
    return item.reactions.filter(user=user).values_list("kind", flat=True).first() or ""


def _actions_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.visible_item_or_404(request.user, pk)
    services.decorate(request.user, [item])
    return render(
        request,
        "feed/_actions.html",
        {"item": item, "reactions": reactions_menu(), "next": request.POST.get("next", "")},
    )


@login_required
@require_POST
def bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.visible_item_or_404(request.user, pk)
    user = cast("User", request.user)
    try:
        if Bookmark.objects.filter(user=user, item=item).exists():
            services.unbookmark(request.user, item)
            messages.success(request, _("Removed from your bookmarks."))
        else:
            services.bookmark(request.user, item)
            messages.success(request, _("Saved in your bookmarks."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if is_htmx(request):
        return _actions_fragment(request, item.pk)
    return back(request, item.get_absolute_url())


@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    """My bookmarks, newest saved first (keyset on the bookmark)."""
    user = cast("User", request.user)
    try:
        position = services.parse_cursor(request.GET.get("cursor"))
    except ValidationError:
        raise Http404 from None
    rows = list(
        Bookmark.objects.filter(services.before(position), user=user)
        .order_by("-created", "-id")
        .values_list("pk", "created", "item_id")[: services.PAGE_SIZE + 1]
    )
    more = len(rows) > services.PAGE_SIZE
    rows = rows[: services.PAGE_SIZE]
    by_id = {
        i.pk: i
        for i in Item.objects.visible_to(user)
        .filter(pk__in=[r[2] for r in rows])
        .select_related("author__profile", "organization")
    }
    items = services.decorate(user, [by_id[r[2]] for r in rows if r[2] in by_id])
    page = services.Page(items, services.make_cursor(rows[-1][1], rows[-1][0]) if more else None)
    return render_list(
        request,
        "feed/bookmarks.html",
        {"page": page, "reactions": reactions_menu(), "list_url": reverse("feed:bookmarks")},
    )


@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.visible_item_or_404(request.user, pk)
    if request.method != "POST":
        return redirect(item.get_absolute_url() + "#comments")
    form = CommentForm(request.POST)
    parent = None
    if request.POST.get("parent"):
        try:
            parent = Comment.objects.filter(pk=int(request.POST["parent"]), item=item).first()
        except ValueError:
            parent = None
        if parent is None:
            raise Http404
    if form.is_valid():
        try:
            made = services.add_comment(request.user, item, form.cleaned_data["body"], parent)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Your comment is published."))
            return redirect(made.get_absolute_url())
    services.decorate(request.user, [item])
    return render(
        request,
        "feed/item.html",
        {
            "item": item,
            "comments": services.visible_comments(request.user, item),
            "comment_form": form if parent is None else CommentForm(),
            "reply_form": form if parent is not None else None,
            "reply_to": parent.pk if parent else None,
            "reactions": reactions_menu(),
            "detail": True,
            "article_html": render_markdown(item.body) if item.kind == Kind.ARTICLE else "",
        },
        status=400,
    )


def _comment_or_404(request: HttpRequest, pk: int) -> Comment:
    found = Comment.objects.visible_to(request.user).select_related("item").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _comment_or_404(request, pk)
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
    found = _comment_or_404(request, pk)
    url = found.item.get_absolute_url()
    try:
        services.delete_comment(request.user, found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Comment deleted."))
    return redirect(url + "#comments")


@login_required
def reshare(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.visible_item_or_404(request.user, pk)
    original = item
    if item.kind == Kind.RESHARE:
        if item.reshare_of_id is None:
            raise Http404
        original = services.visible_item_or_404(request.user, item.reshare_of_id)
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
    services.decorate(request.user, [original])
    return render(
        request,
        "feed/reshare.html",
        {"form": form, "original": original, "reactions": reactions_menu()},
    )


def image(request: HttpRequest, pk: int) -> HttpResponse:
    """A picture, only for those who may see its item (or its uploader, before)."""
    found = ItemImage.objects.select_related("item__author").filter(pk=pk).first()
    if found is None or not found.is_visible_to(request.user):
        raise Http404
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
    tag = Hashtag.objects.filter(name=name).first()
    items = Item.objects.none() if tag is None else (
        Item.objects.visible_to(request.user).published().filter(hashtags=tag)
    )  # fmt: skip
    try:
        page = services.item_page(request.user, items, request.GET.get("cursor"), record=True)
    except ValidationError:
        raise Http404 from None
    following = (
        request.user.is_authenticated
        and tag is not None
        and tag.followers.filter(follower=request.user).exists()
    )
    return render_list(
        request,
        "feed/hashtag.html",
        {
            "name": name,
            "page": page,
            "following": following,
            "reactions": reactions_menu(),
            "list_url": reverse("feed:hashtag", kwargs={"name": name}),
        },
    )


# ------------------------------------------------------------------ articles


def _save_article(request: HttpRequest, form: ArticleForm, item: Item | None) -> Item | None:
    """Create or update an article from a valid form; None (with form errors) if
    refused. "publish" in POST publishes it."""
    user = cast("User", request.user)
    data = form.cleaned_data
    cover = None
    try:
        with transaction.atomic():
            if data.get("cover"):
                try:
                    cover = services.upload_image(user, data["cover"], data["cover_alt"])
                except ValidationError as error:
                    form.add_error("cover", error)
                    return None
            if item is None:
                item = services.create_article(
                    user,
                    data["title"],
                    data["body"],
                    audience=data["audience"],
                    language=data["language"],
                    cover=cover,
                    organization=data.get("organization"),
                )
            else:
                services.edit_item(
                    user, item, title=data["title"], body=data["body"], language=data["language"]
                )
                if data["audience"] != item.audience:
                    services.update_audience(user, item, data["audience"])
                if cover is not None or data.get("remove_cover"):
                    services.set_cover(user, item, cover)
            if "publish" in request.POST and item.is_draft:
                item = services.publish_article(user, item)
    except ValidationError as error:
        form.add_error(None, error)
        if cover is not None:
            cover.file.delete(save=False)
        return None
    return item


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    data, files = posted(request)
    form = ArticleForm(data, files, user=request.user)
    if request.method == "POST" and form.is_valid():
        item = _save_article(request, form, None)
        if item is not None:
            messages.success(
                request,
                _("Your article is published.") if not item.is_draft else _("Draft saved."),
            )
            if item.is_draft:
                return redirect("feed:article_edit", pk=item.pk)
            return redirect(item.get_absolute_url())
    return render(request, "feed/article_form.html", {"form": form, "item": None})


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = services.visible_item_or_404(request.user, pk)
    if item.author_id != request.user.pk or item.kind != Kind.ARTICLE:
        raise Http404
    data, files = posted(request)
    initial = {
        "title": item.title,
        "body": item.body,
        "audience": item.audience,
        "language": item.language,
        "cover_alt": "",
    }
    form = ArticleForm(data, files, user=request.user, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        was_draft = item.is_draft
        saved = _save_article(request, form, item)
        if saved is not None:
            if was_draft and not saved.is_draft:
                messages.success(request, _("Your article is published."))
                return redirect(saved.get_absolute_url())
            messages.success(request, _("Your changes are saved."))
            return redirect("feed:article_edit", pk=saved.pk)
    return render(
        request,
        "feed/article_form.html",
        {"form": form, "item": item, "cover": item.images.first()},
    )


@login_required
def my_articles(request: HttpRequest) -> HttpResponse:
    articles = (
        Item.objects.filter(author_id=request.user.pk, kind=Kind.ARTICLE)
        .order_by("-created", "-id")
        .only("pk", "title", "published", "created", "audience")[:200]
    )
    return render(request, "feed/my_articles.html", {"articles": articles})


def author_articles(request: HttpRequest, handle: str) -> HttpResponse:
    """An author's published articles the viewer may see (their profile must be
    visible to them)."""
    profile = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"), handle=handle
    )
    found = Item.objects.visible_to(request.user).published().articles().filter(author=profile.user)
    try:
        page = services.item_page(request.user, found, request.GET.get("cursor"))
    except ValidationError:
        raise Http404 from None
    return render_list(
        request,
        "feed/author_articles.html",
        {
            "person": profile,
            "page": page,
            "reactions": reactions_menu(),
            "list_url": reverse("feed:author_articles", kwargs={"handle": handle}),
        },
    )


class AuthorArticlesFeed(Feed):
    """Atom feed of an author's PUBLIC published articles (what a visitor may read)."""

    feed_type = Atom1Feed

    def get_object(self, request, handle: str):
        profile = get_object_or_404(Profile.objects.select_related("user"), handle=handle)
        user = request.user
        if not profile.user.is_active:
            raise Http404
        if user.is_authenticated and user.pk != profile.user_id:
            from tremplin.network.models import Block

            if Block.objects.between_either_way(user, profile.user).exists():
                raise Http404
        return profile

    def title(self, obj):
        return _("Articles by %(name)s") % {"name": obj.display_name}

    def link(self, obj):
        return reverse("feed:author_articles", kwargs={"handle": obj.handle})

    def subtitle(self, obj):
        return _("Public articles published on Tremplin.")

    def items(self, obj):
        return (
            Item.objects.visible_to(None)
            .published()
            .articles()
            .filter(author=obj.user)
            .order_by("-published", "-id")[:20]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_pubdate(self, item):
        return item.published

    def item_updateddate(self, item):
        return item.edited or item.published

    def item_author_name(self, item):
        return item.author.display_name


author_atom = AuthorArticlesFeed()


def article_cards(viewer, owner, limit: int = 5) -> list[Item]:
    """The newest published articles of `owner` that `viewer` may see (profile page)."""
    return services.decorate(
        viewer,
        list(
            Item.objects.visible_to(viewer)
            .published()
            .articles()
            .filter(author=owner)
            .select_related("author__profile", "organization")
            .order_by("-published", "-id")[:limit]
        ),
    )
