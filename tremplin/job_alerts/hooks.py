"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="job_alerts",
        urls="tremplin.job_alerts.urls",
        api_prefix="/job-alerts",
        router="tremplin.job_alerts.api.router",
    )
)
hooks.periodic.add(hooks.Periodic("job alerts catch-up", "tremplin.job_alerts.tasks.catch_up"))
hooks.periodic.add(
    hooks.Periodic(
        "alert emails after quiet hours", "tremplin.job_alerts.tasks.send_due_quiet_emails"
    )
)


def _alert_one(said: Said) -> str:
    if said.get("alert"):
        return _("A new job matches your alert “%(alert)s”.")
    return _("A new job matches one of your alerts.")


JOB_ALERT = register(
    NotificationKind(
        "job_alert",
        label=gettext_lazy("New jobs matching my alerts"),
        one=_alert_one,
        many=lambda said: ngettext(
            "%(others)d more new job matches your alerts.",
            "%(others)d more new jobs match your alerts.",
            said.others,
        ),
        order=190,
        default="in_app",
        actorless=True,
    )
)
