"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="outcomes",
        urls="tremplin.outcomes.urls",
        api_prefix="/outcomes",
        router="tremplin.outcomes.api.router",
    )
)
hooks.periodic.add(hooks.Periodic("exit surveys", "tremplin.outcomes.tasks.send_due_surveys"))


SURVEY = register(
    NotificationKind(
        "survey",
        label=gettext_lazy("Satisfaction surveys"),
        one=lambda said: _("%(actor)s asks how the service went: a short survey awaits you."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person ask how the service went.",
            "%(actor)s and %(others)d other people ask how the service went.",
            said.others,
        ),
        order=180,
        default="in_app",
    )
)
