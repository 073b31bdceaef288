"""/robots.txt: the sitemaps at the site's own origin, and the private areas kept from
crawlers (read as a crawler does, with urllib's parser)."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from tremplin.core import hooks


@pytest.fixture
def robots(client, settings, db):
    settings.SITE_URL = "https://emplois.example"
    response = client.get("/robots.txt", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    parser = RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/jobs/",
        "/fr/accounts/login/",
        "/en/messages/",
        "/fr/documents/12/",
        "/en/counselling/caseload/",
        "/fr/jobs/alerts/",
        "/fr/events/calendar/secret-token.ics",
        "/fr/admin/",
    ],
)
def test_private_areas_are_disallowed(robots, path):
    assert robots.can_fetch("Googlebot", path) is False


@pytest.mark.parametrize("path", ["/", "/fr/", "/fr/jobs/42/", "/en/communities/", "/fr/o/acme/"])
def test_public_pages_are_allowed(robots, path):
    assert robots.can_fetch("Googlebot", path) is True


def test_sitemaps_are_named_at_the_configured_origin_not_the_requests_host(robots):
    assert robots.site_maps() == [
        "https://emplois.example/fr/jobs/sitemap.xml",
        "https://emplois.example/fr/communities/sitemap.xml",
    ]


def test_each_named_sitemap_is_served(client, db):
    with translation.override("fr"):
        for name in [name for declared in hooks.crawling for name in declared.sitemaps]:
            response = client.get(reverse(name))
            assert response.status_code == 200, name
            assert response["Content-Type"].startswith("application/xml")


def _routes(resolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def test_every_private_prefix_is_a_real_area_of_the_site():
    """A renamed path must not leave a stale line while its new name goes uncovered."""
    with translation.override("fr"):
        routes = ["/" + route for route in _routes(get_resolver())]
    for declared in hooks.crawling:
        for prefix in declared.private:
            path = prefix if prefix.startswith("/") else f"/fr/{prefix}"
            assert any(route.startswith(path) for route in routes), prefix
