"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

# ---------------------------------------------------------------- personal data (issue 15)
# The member's tokens in their archive; erased with the account (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "api",
        export="tremplin.api.personal_data.export",
        erase="tremplin.api.personal_data.erase",
    )
)
