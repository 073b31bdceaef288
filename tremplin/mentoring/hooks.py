"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext_lazy as _

from tremplin.core import hooks

hooks.routes.add(
    hooks.Routes(
        app="mentoring",
        urls="tremplin.mentoring.urls",
        api_prefix="/mentoring",
        router="tremplin.mentoring.api.router",
        area="network",
    )
)
hooks.navigation.add(hooks.NavEntry(order=75, label=_("Mentoring"), url_name="mentoring:home"))


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "mentoring" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "mentoring",
        export="tremplin.mentoring.personal_data.export",
        erase="tremplin.mentoring.personal_data.erase",
    )
)
