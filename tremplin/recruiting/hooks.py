"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from tremplin.core import hooks
from tremplin.core.viewer import viewer_of

hooks.routes.add(
    hooks.Routes(
        app="recruiting",
        urls="tremplin.recruiting.urls",
        api_prefix="/recruiting",
        router="tremplin.recruiting.api.router",
        area="network",
    )
)
# The menu shows "Candidates" to recruiters of verified employers only.
hooks.navigation.add(hooks.NavEntry(order=35, template="recruiting/_nav.jinja"))
hooks.template_functions.add(
    hooks.TemplateFunction("recruits", lambda user: viewer_of(user).is_verified_recruiter)
)
# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("recruiting/",)))
