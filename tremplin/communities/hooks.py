"""What the communities app adds to the rest of the product (see tremplin.core.hooks):
its pages and API router, its menu entry; each part's own additions (notification kinds,
reportables, periodic work, personal data, feed places) are in its hooks_<part>.py."""

from django.utils.translation import gettext_lazy as _

from tremplin.core import hooks

hooks.routes.add(
    hooks.Routes(
        app="communities",
        urls="tremplin.communities.urls",
        api_prefix="/communities",
        router="tremplin.communities.api.router",
        area="communities",
    )
)
hooks.navigation.add(
    hooks.NavEntry(
        order=45, label=_("Communities"), url_name="communities:directory", signed_in=False
    )
)

from tremplin.communities import (  # noqa: E402,F401
    hooks_communities,
    hooks_directory,
    hooks_events,
    hooks_mentoring,
    hooks_moderation,
    hooks_resources,
    hooks_threads,
)

# What /robots.txt keeps crawlers out of and the sitemaps it names (core.robots).
hooks.crawling.add(
    hooks.Crawling(
        sitemaps=("communities:sitemap",),
        private=(
            "communities/new/",
            "communities/mine/",
            "communities/join/",
            "communities/moderation/",
            "events/new/",
            "events/mine/",
            "events/calendar/",
        ),
    )
)
