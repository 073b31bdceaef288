"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="casework",
        urls="tremplin.casework.urls",
        api_prefix="/casework",
        router="tremplin.casework.api.router",
    )
)
hooks.periodic.add(hooks.Periodic("due follow-ups", "tremplin.casework.tasks.open_due_follow_ups"))


FOLLOW_UP_DUE = register(
    NotificationKind(
        "follow_up_due",
        label=gettext_lazy("Follow-ups due with former clients"),
        one=lambda said: _("A follow-up with %(actor)s is due."),
        many=lambda said: ngettext(
            "Follow-ups with %(actor)s and %(others)d other person are due.",
            "Follow-ups with %(actor)s and %(others)d other people are due.",
            said.others,
        ),
        order=170,
        default="in_app",
    )
)
