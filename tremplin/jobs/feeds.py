"""The Atom feed and the sitemap of open PUBLIC postings (what a visitor may read)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from tremplin.core.markdown import render_markdown
from tremplin.core.reversing import reverse_pk
from tremplin.jobs.models import Posting
from tremplin.jobs.queries import public_open_postings

FEED_ITEMS = 50
# A sitemap file holds 50,000 addresses at most; two languages per posting.
SITEMAP_POSTINGS = 25_000


class OpenPostingsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Jobs on Tremplin")

    def subtitle(self) -> str:
        return _("Open job postings, newest first.")

    def link(self) -> str:
        return reverse("jobs:list")

    def feed_url(self) -> str:
        return reverse("jobs:atom")

    def items(self) -> QuerySet[Posting]:
        return public_open_postings()[:FEED_ITEMS]

    def item_title(self, item: Posting) -> str:
        where = item.city or item.get_region_display() or item.get_workplace_display()
        return _("%(title)s — %(employer)s, %(where)s") % {
            "title": item.title,
            "employer": item.hiring_organization_name,
            "where": where,
        }

    def item_description(self, item: Posting) -> SafeString:
        return render_markdown(item.description)

    def item_link(self, item: Posting) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Posting) -> datetime | None:
        return item.date_posted

    def item_updateddate(self, item: Posting) -> datetime:
        return item.updated

    def item_author_name(self, item: Posting) -> str:
        return item.hiring_organization_name


atom = OpenPostingsFeed()


def sitemap(request: HttpRequest) -> HttpResponse:
    """Every open public posting, in both languages, with its alternates (hreflang)."""
    rows = list(public_open_postings().values_list("pk", "updated")[:SITEMAP_POSTINGS])
    base = f"{request.scheme}://{request.get_host()}"
    urls = []
    for pk, updated in rows:
        alternates = {}
        for lang in ("fr", "en"):
            with translation.override(lang):
                alternates[lang] = base + reverse_pk("jobs:posting", pk)
        for lang in ("fr", "en"):
            urls.append({"loc": alternates[lang], "lastmod": updated, "alternates": alternates})
    body = render_to_string("jobs/sitemap.xml", {"urls": urls})
    return HttpResponse(body, content_type="application/xml; charset=utf-8")
