"""The community directory (search, filters, order, "Communities for you"), a
community's posts page (the "Posts" tab, paged) and the sitemap of public communities.
Every list goes through `queries.directory` / `queries.directory_feed`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import engines
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from tremplin.communities.forms_directory import DirectoryForm
from tremplin.communities.models import Community, MembershipStatus, Visibility
from tremplin.communities.queries import directory as queries
from tremplin.communities.queries import directory_feed
from tremplin.core.htmx import is_htmx
from tremplin.core.jinja import render_fragment, render_template
from tremplin.core.kept import Kept

CARD = "communities/directory/_card.jinja"


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None)
    wanted = form.search() if form.is_bound else queries.Search()
    page = queries.directory_page(request.user, wanted)
    first = page.number == 1 and not wanted.is_filtered
    return render(
        request,
        "communities/directory.html",
        {
            "form": form,
            "page": page,
            "cards": cards_html(page.communities, page.statuses),
            "suggestions": [
                (s, card(s.community)) for s in (queries.suggestions(request.user) if first else [])
            ],
            "connections_label": connections_label,
            "searched": wanted.is_filtered,
            "query_string": _without_page(request),
        },
    )


LANGUAGES = {"fr": "Français", "en": "English"}
# The viewer's status on a card (their own words for it: "directory card").
STATUS_LABELS: dict[str, Any] = {
    MembershipStatus.ACTIVE: pgettext_lazy("directory card", "Member"),
    MembershipStatus.PENDING: pgettext_lazy("directory card", "Asked to join"),
    MembershipStatus.INVITED: pgettext_lazy("directory card", "Invited"),
}
VISIBILITY_LABELS: dict[str, Any] = {
    Visibility.PUBLIC: _("Public"),
    Visibility.MEMBERS: _("Members of Tremplin"),
    Visibility.PRIVATE: _("Private"),
    Visibility.SECRET: _("Secret"),
}


def card(community: Community, status: str | None = None) -> dict[str, Any]:
    """What a directory card shows of a community, beside the community itself (the
    card is a Jinja2 fragment: its plurals and truncation are computed here)."""
    members = community.member_count
    return {
        "community": community,
        "initial": community.name[:1].upper(),
        "members": ngettext("%(n)s member", "%(n)s members", members) % {"n": members},
        "description": Truncator(community.description).chars(160),
        "url": queries.community_url(community),
        "visibility": VISIBILITY_LABELS.get(community.visibility, ""),
        "status": STATUS_LABELS.get(status or "", ""),
        "topics": [t.strip() for t in community.topics.split(",") if t.strip()][:5],
        "region": queries.region_label(community.region),
        "languages": [LANGUAGES.get(code, code) for code in community.languages.split(",") if code],
    }


# A card's HTML per language and per value it shows (`_card_key`), kept in the process:
# decorating and rendering a page of 24 cards was a quarter of the directory's CPU, the
# same for every reader of a search (the reader's status on a card is in its key).
_kept_cards: Kept[tuple, str] = Kept(4096)


def _card_key(community: Community, status: str | None) -> tuple:
    organization = community.organization.name if community.organization else None
    return (
        translation.get_language(),
        get_script_prefix(),
        community.pk,
        community.slug,
        community.name,
        community.description,
        community.picture.name,
        organization,
        community.visibility,
        community.member_count,
        community.region,
        community.languages,
        community.topics,
        status or "",
    )


def cards_html(communities: list[Community], statuses: dict[int, str]) -> SafeString:
    """The result cards, each rendered once for all who see it alike (`_card_key`)."""
    template = engines["jinja2"].get_template(CARD).template  # type: ignore[attr-defined]
    parts = []
    for community in communities:
        status = statuses.get(community.pk)
        key = _card_key(community, status)
        html = _kept_cards.get(key)
        if html is None:
            values = {"card": card(community, status), "suggestion": None}
            html = render_template(template, values, None)
            _kept_cards.put(key, html)
        parts.append(f"<li>{html}</li>")
    return mark_safe("".join(parts))  # noqa: S308 (rendered with autoescaping)


def connections_label(n: int) -> str:
    """Why a community is suggested: how many of the viewer's connections are in it."""
    return ngettext(
        "%(n)s of your connections is a member.", "%(n)s of your connections are members.", n
    ) % {"n": n}


def _without_page(request: HttpRequest) -> str:
    """The search's query string without `page` (the pager adds its own)."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def posts(request: HttpRequest, slug: str) -> HttpResponse:
    """A community's posts (404 for a community the viewer may not see; an empty list
    for one whose content they may not read)."""
    community = directory_feed.community_or_404(request.user, slug)
    try:
        tab = directory_feed.posts_tab(community, request.user, request.GET.get("cursor"))
    except ValidationError:
        raise Http404 from None
    context = {
        **tab,
        "community": community,
        "page": tab["posts"],
        "list_url": tab["posts_url"],
    }
    if is_htmx(request) and request.GET.get("fragment") == "list":
        response = render_fragment(request, "feed/_timeline.jinja", context)
    else:
        response = render(request, "communities/directory/posts.html", context)
    response["Vary"] = "HX-Request"
    return response


def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public community, in both languages, with its alternates (hreflang):
    nothing of a members-only, private or secret one."""
    rows = list(
        queries.public_communities().only("pk", "slug", "last_activity")[
            : queries.SITEMAP_COMMUNITIES
        ]
    )
    base = f"{request.scheme}://{request.get_host()}"
    urls = []
    for community in rows:
        alternates = {}
        for lang in ("fr", "en"):
            with translation.override(lang):
                alternates[lang] = base + queries.community_url(community)
        for lang in ("fr", "en"):
            urls.append(
                {
                    "loc": alternates[lang],
                    "lastmod": community.last_activity,
                    "alternates": alternates,
                }
            )
    body = render_to_string("communities/directory/sitemap.xml", {"urls": urls})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
