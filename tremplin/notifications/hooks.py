"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from tremplin.core import hooks

hooks.routes.add(
    hooks.Routes(
        app="notifications",
        urls="tremplin.notifications.urls",
        api_prefix="/notifications",
        router="tremplin.notifications.api.router",
        area="profile",
    )
)
hooks.template_functions.add(
    hooks.TemplateFunction("unread_notifications", "tremplin.notifications.queries.unread_of")
)
hooks.periodic.add(
    hooks.Periodic("notification sweeper", "tremplin.notifications.tasks.sweep_count")
)
hooks.periodic.add(
    hooks.Periodic("daily digests", "tremplin.notifications.tasks.send_digests_if_due")
)
hooks.navigation.add(hooks.NavEntry(order=60, template="notifications/_nav.jinja"))
# What the centre's Jinja2 fragment (templates/notifications/_centre.jinja) calls: "3 hours
# ago", as the `naturaltime` filter of the Django templates says it.
hooks.template_functions.add(
    hooks.TemplateFunction(
        "naturaltime", "django.contrib.humanize.templatetags.humanize.naturaltime"
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "notifications" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "notifications",
        export="tremplin.notifications.personal_data.export",
        erase="tremplin.notifications.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("notifications/",)))
