"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from tremplin.core import hooks
from tremplin.core.personal_data import PersonalData, registry

# ------------------------------------------------------- download my data, delete my account
hooks.routes.add(
    hooks.Routes(
        app="privacy",
        urls="tremplin.privacy.urls",
        api_prefix="/privacy",
        router="tremplin.privacy.api.router",
        area="privacy",
    )
)
hooks.navigation.add(hooks.NavEntry(order=96, label=_("My data"), url_name="privacy:home"))
hooks.periodic.add(hooks.Periodic("due account deletions", "tremplin.privacy.services.erase_due"))
hooks.periodic.add(
    hooks.Periodic("expired data archives", "tremplin.privacy.services.prune_archives")
)

# ------------------------------------------------------------------ who saw my data
hooks.routes.add(
    hooks.Routes(
        app="privacy",
        urls="tremplin.privacy.access_urls",
        api_prefix="/privacy/access",
        router="tremplin.privacy.access_api.router",
        area="privacy",
    )
)
hooks.periodic.add(hooks.Periodic("old access records", "tremplin.privacy.access.prune"))

# ---------------------------------------------------------------- personal data (issue 15)
registry.add(
    PersonalData(
        "privacy",
        export="tremplin.privacy.personal_data.export",
        erase="tremplin.privacy.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("privacy/",)))
