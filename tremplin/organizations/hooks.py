"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from tremplin.core import hooks
from tremplin.core.viewer import facts
from tremplin.organizations import relations

hooks.routes.add(
    hooks.Routes(
        app="organizations",
        urls="tremplin.organizations.urls",
        api_prefix="/organizations",
        router="tremplin.organizations.api.router",
        area="network",
    )
)
hooks.navigation.add(
    hooks.NavEntry(
        order=20, label=_("Organisations"), url_name="organizations:list", signed_in=False
    )
)


facts.provide("memberships", relations.memberships)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "organizations" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "organizations",
        export="tremplin.organizations.personal_data.export",
        erase="tremplin.organizations.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(
    hooks.Crawling(private=("organisations/new/", "organisations/verification/", "invitations/"))
)
