"""What this app adds to the rest of the product (see tremplin.core.hooks): its pages and
API, the menu's link for moderators, its notification kinds, and the sign-in barrier of
suspended members (accounts.standing)."""

from tremplin.accounts import standing
from tremplin.core import hooks
from tremplin.moderation import notices
from tremplin.notifications.kinds import register

hooks.routes.add(
    hooks.Routes(
        app="moderation",
        urls="tremplin.moderation.urls",
        api_prefix="/moderation",
        router="tremplin.moderation.api.router",
        area="moderation",
    )
)
hooks.navigation.add(hooks.NavEntry(order=85, template="moderation/_nav.jinja"))
hooks.template_functions.add(
    hooks.TemplateFunction(
        "moderates_anything", "tremplin.moderation.reportables.moderates_anything"
    )
)
for kind in notices.KINDS:
    register(kind)


def _suspended(user: object) -> str | None:
    from tremplin.moderation.services import barrier

    return barrier(user)


standing.barriers.add(_suspended)


# ---------------------------------------------------------------- personal data (issue 15)
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "moderation",
        export="tremplin.moderation.personal_data.export",
        erase="tremplin.moderation.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("moderation/", "report/", "reports/")))
