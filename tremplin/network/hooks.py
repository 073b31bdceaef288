"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.core.viewer import facts
from tremplin.network import relations
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="network",
        urls="tremplin.network.urls",
        api_prefix="/network",
        router="tremplin.network.api.router",
        area="network",
    )
)
hooks.navigation.add(
    hooks.NavEntry(order=40, label=gettext_lazy("Network"), url_name="network:home")
)
# What the network's Jinja2 fragments (templates/network/_*.jinja) call: the viewer's
# relation with a member (connected, requests, follow, mute, block), for their buttons.
hooks.template_functions.add(
    hooks.TemplateFunction("network_relation", "tremplin.network.queries.relation")
)


CONNECTION_REQUEST = register(
    NotificationKind(
        "connection_request",
        label=gettext_lazy("Connection requests"),
        one=lambda said: _("%(actor)s wants to connect with you."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person want to connect with you.",
            "%(actor)s and %(others)d other people want to connect with you.",
            said.others,
        ),
        order=10,
        default="digest",
        own_page=lambda viewer: reverse("network:home"),
    )
)


CONNECTION_ACCEPTED = register(
    NotificationKind(
        "connection_accepted",
        label=gettext_lazy("Accepted connection requests"),
        one=lambda said: _("%(actor)s accepted your connection request."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person accepted your connection requests.",
            "%(actor)s and %(others)d other people accepted your connection requests.",
            said.others,
        ),
        order=20,
        default="in_app",
    )
)


facts.provide("blocked", relations.blocked)
facts.provide("blocked_q", relations.blocked_q)
facts.provide("muted", relations.muted)
facts.provide("connections", relations.connections)
facts.provide("connected_among", relations.connected_among)
facts.provide("connected_row_q", relations.connected_row_q)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "network" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "network",
        export="tremplin.network.personal_data.export",
        erase="tremplin.network.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("network/",)))
