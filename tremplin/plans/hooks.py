"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="plans",
        urls="tremplin.plans.urls",
        api_prefix="/plans",
        router="tremplin.plans.api.router",
    )
)


PLAN_UPDATE = register(
    NotificationKind(
        "plan_update",
        label=gettext_lazy("Changes to a service plan"),
        one=lambda said: _("%(actor)s updated a service plan."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person updated a service plan.",
            "%(actor)s and %(others)d other people updated a service plan.",
            said.others,
        ),
        order=150,
        default="digest",
    )
)
