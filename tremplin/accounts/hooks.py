"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from tremplin.accounts import mfa
from tremplin.core import hooks

hooks.routes.add(
    hooks.Routes(
        app="accounts",
        urls="tremplin.accounts.urls",
        api_prefix="/",
        router="tremplin.accounts.api.router",
        area="profile",
    )
)
hooks.routes.add(
    hooks.Routes(
        app="accounts",
        api_prefix="/tokens",
        router="tremplin.accounts.api.tokens_router",
        area="session",
    )
)
# Every channel (tokens, websockets; the middleware for sessions) asks for the second
# factor: turned on where a role requires it, and passed by the session itself.
hooks.channel_guards.add(mfa.gate)
hooks.navigation.add(hooks.NavEntry(order=95, label=_("Security"), url_name="accounts:security"))
# Records of addresses that left an account go once their lock link has expired.
hooks.periodic.add(
    hooks.Periodic("old address changes", "tremplin.accounts.services.prune_address_changes")
)

# ---------------------------------------------------------------- personal data (issue 15)
# The account in the member's archive; erased last (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "accounts",
        export="tremplin.accounts.personal_data.export",
        erase="tremplin.accounts.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("security/",)))
