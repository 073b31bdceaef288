"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from tremplin.core import hooks
from tremplin.core.personal_data import PersonalData, registry

hooks.routes.add(
    hooks.Routes(
        app="availability",
        urls="tremplin.availability.urls",
        api_prefix="/availability",
        router="tremplin.availability.api.router",
        area="profile",
    )
)
registry.add(
    PersonalData(
        "availability",
        export="tremplin.availability.personal_data.export",
        erase="tremplin.availability.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("availability/",)))
