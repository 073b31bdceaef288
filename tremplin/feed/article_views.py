"""The article pages: writing (drafts, covers, publishing), one's own list, an author's
articles and their Atom feed (public articles only). Reads come from `queries.py`,
actions from `services.py`."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tremplin.accounts.models import User
from tremplin.core.forms import posted
from tremplin.core.markdown import render_markdown
from tremplin.core.reads import visible_or_404
from tremplin.core.viewer import viewer_of
from tremplin.feed import pictures, queries, services
from tremplin.feed.forms import ArticleForm
from tremplin.feed.models import Item, Kind
from tremplin.feed.views import render_list
from tremplin.profiles.models import Profile
from tremplin.profiles.queries import profile_or_404


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
                    cover = pictures.upload_image(user, data["cover"], data["cover_alt"])
                except ValidationError as error:
                    form.add_error("cover", error)
                    return None
            item = _write_article(user, data, item, cover)
            if "publish" in request.POST and item.is_draft:
                item = services.publish_article(user, item)
    except ValidationError as error:
        form.add_error(None, error)
        if cover is not None:
            cover.file.delete(save=False)
        return None
    return item


def _write_article(user: Any, data: dict[str, Any], item: Item | None, cover: Any) -> Item:
    """Create the article, or change its text, audience and cover."""
    if item is None:
        return services.create_article(
            user,
            data["title"],
            data["body"],
            audience=data["audience"],
            language=data["language"],
            cover=cover,
            organization=data.get("organization"),
        )
    services.edit_item(
        user, item, title=data["title"], body=data["body"], language=data["language"]
    )
    if data["audience"] != item.audience:
        services.update_audience(user, item, data["audience"])
    if cover is not None or data.get("remove_cover"):
        services.set_cover(user, item, cover)
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
    item = queries.own_item_or_404(request.user, pk, Kind.ARTICLE)
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
    articles = queries.my_articles(request.user).for_titles()[:200]
    return render(request, "feed/my_articles.html", {"articles": articles})


def author_articles(request: HttpRequest, handle: str) -> HttpResponse:
    """An author's published articles the viewer may see (their profile must be
    visible to them)."""
    profile = profile_or_404(request.user, handle, sections=False)
    found = queries.articles_by(request.user, profile.user)
    try:
        page = queries.item_page(request.user, found, request.GET.get("cursor"))
    except ValidationError:
        raise Http404 from None
    return render_list(
        request,
        "feed/author_articles.html",
        {
            "person": profile,
            "page": page,
            "list_url": reverse("feed:author_articles", kwargs={"handle": handle}),
        },
    )


class AuthorArticlesFeed(Feed):
    """Atom feed of an author's PUBLIC published articles (what a visitor may read)."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, handle: str) -> Profile:  # type: ignore[override]
        """The author, unless deactivated or in a block relation with the reader (the
        feed lists public articles only, so no other audience applies)."""
        profile = visible_or_404(Profile.objects.for_list(), handle=handle)
        if not profile.user.is_active or viewer_of(request.user).blocks_either_way(profile.user_id):
            raise Http404
        return profile

    def title(self, obj: Profile) -> str:
        return _("Articles by %(name)s") % {"name": obj.display_name}

    def link(self, obj: Profile) -> str:
        return reverse("feed:author_articles", kwargs={"handle": obj.handle})

    def subtitle(self, obj: Profile) -> str:
        return _("Public articles published on Tremplin.")

    def items(self, obj: Profile) -> Any:
        return queries.public_articles(obj.user)

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> SafeString:
        return render_markdown(item.body)

    def item_pubdate(self, item: Item) -> Any:
        return item.published

    def item_updateddate(self, item: Item) -> Any:
        return item.edited or item.published

    def item_author_name(self, item: Item) -> str:
        return item.author.display_name


author_atom = AuthorArticlesFeed()
