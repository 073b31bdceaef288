"""A link resource's preview: its title, description and site name, read from the page
the member linked to (Open Graph tags first, then `<title>` and the description meta).

Never during the request: `queue_preview` queues the task `fetch_preview` after the
resource's transaction commits, with its id. The task fetches through `core.safe_fetch`
(every address checked public, redirects re-checked, size and time bounded), reads at
most the page's head, and stores the three texts (cut to a few hundred characters;
shown escaped). Any failure (unreachable, private address, not HTML, too large) leaves
the link without a preview: the resource is complete without one. Idempotent: run twice
it writes the same preview; a resource deleted meanwhile, or whose address changed
since it was queued, is left alone.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from typing import Any

from django.db import transaction
from django_tasks import task

from tremplin.communities.models import Resource, ResourceKind
from tremplin.communities.queries.resources import search_text_of
from tremplin.core import safe_fetch

logger = logging.getLogger(__name__)

PREVIEW_MAX_BYTES = 512 * 1024
PREVIEW_TIMEOUT = 5
LIMITS = {"title": 200, "description": 500, "site_name": 100}
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


class _Head(HTMLParser):
    """Collects `<title>` and the meta tags of a page's head; stops at `<body>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}
        self.title: list[str] = []
        self.in_title = False
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag == "body":
            self.done = True
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            values = {k.lower(): (v or "") for k, v in attrs}
            key = (values.get("property") or values.get("name") or "").lower()
            if key and "content" in values and key not in self.found:
                self.found[key] = values["content"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag == "head":
            self.done = True

    def handle_data(self, data: str) -> None:
        if self.in_title and not self.done:
            self.title.append(data)


def _clean(text: str, limit: int) -> str:
    text = " ".join(text.replace("\x00", "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def read_preview(html: str) -> dict[str, str]:
    """{"title", "description", "site_name"} of a page (only those it has)."""
    head = _Head()
    try:
        head.feed(html)
        head.close()
    except AssertionError:  # a malformed declaration: keep what was read
        pass
    found = head.found
    preview = {
        "title": found.get("og:title") or found.get("twitter:title") or "".join(head.title),
        "description": found.get("og:description")
        or found.get("description")
        or found.get("twitter:description", ""),
        "site_name": found.get("og:site_name", ""),
    }
    return {k: _clean(v, LIMITS[k]) for k, v in preview.items() if _clean(v, LIMITS[k])}


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


@task()
def fetch_preview(resource_id: int, url: str) -> bool:
    """Fetch and store the preview of link resource `resource_id` for `url` (the
    address it had when queued). Returns whether a preview was stored."""
    if not Resource.objects.filter(pk=resource_id, kind=ResourceKind.LINK, url=url).exists():
        return False
    try:
        fetched = safe_fetch.fetch(url, max_bytes=PREVIEW_MAX_BYTES, timeout=PREVIEW_TIMEOUT)
    except safe_fetch.FetchError as error:
        logger.info("No preview for resource %s: %s", resource_id, error.code)
        return False
    if fetched.content_type.lower() not in HTML_TYPES:
        return False
    preview = read_preview(_decode(fetched.content))
    if not preview:
        return False
    with transaction.atomic():
        # An edit of the address since then keeps its own (coming) preview.
        resource = Resource.objects.select_for_update().filter(pk=resource_id, url=url).first()
        if resource is None:
            return False
        resource.preview = preview
        resource.search_text = search_text_of(resource)  # the site's name is searched too
        resource.save(update_fields=["preview", "search_text"])
    return True


def queue_preview(resource: Resource) -> None:
    """After the caller's transaction commits, queue the fetch of the link's preview."""
    resource_id, url = resource.pk, resource.url
    transaction.on_commit(lambda: fetch_preview.enqueue(resource_id, url))


def preview_of(resource: Resource) -> dict[str, Any]:
    return resource.preview if isinstance(resource.preview, dict) else {}
