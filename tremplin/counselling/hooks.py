"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.core.viewer import facts
from tremplin.counselling import relations
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="counselling",
        urls="tremplin.counselling.urls",
        api_prefix="/counselling",
        router="tremplin.counselling.api.router",
    )
)
hooks.navigation.add(hooks.NavEntry(order=80, template="counselling/_nav.html"))


CASE_INVITATION = register(
    NotificationKind(
        "case_invitation",
        label=gettext_lazy("Invitations from counsellors"),
        one=lambda said: _("%(actor)s invited you to work together as your counsellor."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person invited you to work together.",
            "%(actor)s and %(others)d other people invited you to work together.",
            said.others,
        ),
        order=110,
        default="digest",
    )
)


CASE_UPDATE = register(
    NotificationKind(
        "case_update",
        label=gettext_lazy("Changes to my counselling links"),
        one=lambda said: _("%(actor)s updated your counselling link."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person updated your counselling links.",
            "%(actor)s and %(others)d other people updated your counselling links.",
            said.others,
        ),
        order=120,
        default="digest",
    )
)


facts.provide("clients", relations.clients)
facts.provide("counsellor_scopes", relations.counsellor_scopes)
