"""What this app adds to the rest of the product (see tremplin.core.hooks): ended API
tokens (and the address they were last used from) are deleted after a while, and the
member's tokens are in their archive and erased with the account."""

from tremplin.core import hooks
from tremplin.core.personal_data import PersonalData, registry

hooks.periodic.add(hooks.Periodic("ended API tokens", "tremplin.api.services.prune_ended_tokens"))

# ---------------------------------------------------------------- personal data (issue 15)
registry.add(
    PersonalData(
        "api",
        export="tremplin.api.personal_data.export",
        erase="tremplin.api.personal_data.erase",
    )
)
