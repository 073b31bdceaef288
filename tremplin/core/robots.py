"""/robots.txt, from what the apps declare (`hooks.crawling`): their sitemaps, and the
areas of the site a crawler has no business in (the API, accounts, messages, documents,
casework...). Those pages already refuse a visitor who is not signed in; the file keeps
crawlers from queuing their sign-in redirects and links carrying a token.

Addresses are absolute and built from the site's configured origin (SITE_URL), never
from the request's Host header, which a client chooses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from tremplin.core import hooks


def origin() -> str:
    parts = urlsplit(settings.SITE_URL)
    return f"{parts.scheme}://{parts.netloc}"


def disallowed() -> list[str]:
    """Each private prefix once, under every language (or from the root)."""
    paths: list[str] = []
    for declared in hooks.crawling:
        for prefix in declared.private:
            if prefix.startswith("/"):
                candidates = [prefix]
            else:
                candidates = [f"/{code}/{prefix}" for code, _name in settings.LANGUAGES]
            paths += [path for path in candidates if path not in paths]
    return paths


def sitemaps() -> list[str]:
    """One address per sitemap: each lists its pages in both languages (hreflang), so
    the default language's copy is the whole of it."""
    with translation.override(settings.LANGUAGE_CODE):
        return [
            origin() + reverse(name) for declared in hooks.crawling for name in declared.sitemaps
        ]


def render() -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in disallowed()), ""]
    lines += [f"Sitemap: {url}" for url in sitemaps()]
    return "\n".join(lines) + "\n"


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(render(), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response
