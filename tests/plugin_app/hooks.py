"""What the notice board adds to the product: every registry an app may fill."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.counselling.sections import CaseSection, case_sections
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="noticeboard",
        urls="tests.plugin_app.urls",
        api_prefix="/notices",
        router="tests.plugin_app.api.router",
        # Which token scope its endpoints need (tremplin.api.scopes): agency notices are news.
        area="feed",
    )
)
hooks.navigation.add(
    hooks.NavEntry(order=85, label=gettext_lazy("Notices"), url_name="noticeboard:board")
)
hooks.periodic.add(hooks.Periodic("old notices", "tests.plugin_app.services.archive_old"))
case_sections.add(CaseSection("notices", order=60, render="tests.plugin_app.sections.case_section"))

NOTICE_PUBLISHED = register(
    NotificationKind(
        "notice_published",
        label=gettext_lazy("My notices, once published"),
        one=lambda said: _("Your notice “%(title)s” is published."),
        many=lambda said: ngettext(
            "%(others)d more notice of yours is published.",
            "%(others)d more notices of yours are published.",
            said.others,
        ),
        order=300,
        actorless=True,
    )
)
