"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from tremplin.core import hooks

hooks.routes.add(
    hooks.Routes(
        app="influence",
        urls="tremplin.influence.urls",
        api_prefix="/influence",
        router="tremplin.influence.api.router",
        area="profile",
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# The totals behind the member's analytics in their archive; nothing of its own to erase
# (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(PersonalData("influence", export="tremplin.influence.personal_data.export"))

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("influence/",)))
