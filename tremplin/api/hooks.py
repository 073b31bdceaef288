"""What this app adds to the rest of the product (see tremplin.core.hooks): ended API
tokens (and the address they were last used from) are deleted after a while."""

from tremplin.core import hooks

hooks.periodic.add(hooks.Periodic("ended API tokens", "tremplin.api.services.prune_ended_tokens"))
