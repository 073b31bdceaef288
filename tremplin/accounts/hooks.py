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
