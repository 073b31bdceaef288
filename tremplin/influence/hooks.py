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
