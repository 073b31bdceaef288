"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from tremplin.core import hooks

# ------------------------------------------------------------------ who saw my data
hooks.routes.add(
    hooks.Routes(
        app="privacy",
        urls="tremplin.privacy.access_urls",
        api_prefix="/privacy/access",
        router="tremplin.privacy.access_api.router",
    )
)
hooks.periodic.add(hooks.Periodic("old access records", "tremplin.privacy.access.prune"))
