"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="messaging",
        urls="tremplin.messaging.urls",
        api_prefix="/messages",
        router="tremplin.messaging.api.router",
        area="messages",
    )
)
hooks.template_functions.add(
    hooks.TemplateFunction("messaging_unread", "tremplin.messaging.queries.unread_conversations")
)
hooks.navigation.add(hooks.NavEntry(order=50, template="messaging/_nav.jinja"))


def _message_one(said: Said) -> str:
    if said.count > 1:
        return ngettext(
            "%(actor)s sent you %(count)d message.",
            "%(actor)s sent you %(count)d messages.",
            said.count,
        )
    return _("%(actor)s sent you a message.")


MESSAGE = register(
    NotificationKind(
        "message",
        label=gettext_lazy("Messages"),
        one=_message_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person sent you messages.",
            "%(actor)s and %(others)d other people sent you messages.",
            said.others,
        ),
        order=100,
        default="digest",
    )
)
