"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="jobs",
        urls="tremplin.jobs.urls",
        api_prefix="/jobs",
        router="tremplin.jobs.api.router",
        area="jobs",
    )
)
hooks.periodic.add(hooks.Periodic("expired postings", "tremplin.jobs.services.expire_due"))
hooks.navigation.add(
    hooks.NavEntry(order=30, label=gettext_lazy("Jobs"), url_name="jobs:list", signed_in=False)
)


def _review_one(said: Said) -> str:
    event = said.get("event")
    if event == "removed":
        return _("Your job posting was removed by the moderators.")
    if event == "approved":
        return _("%(actor)s approved your job posting: it is open now.")
    if event == "rejected":
        return _("%(actor)s did not approve your job posting.")
    if event == "held":
        return _("Your job posting is held for review.")
    return _("%(actor)s sent a job posting for review.")


JOB_REVIEW = register(
    NotificationKind(
        "job_review",
        label=gettext_lazy("Job postings to review, approved or refused"),
        one=_review_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person sent job postings for review.",
            "%(actor)s and %(others)d other people sent job postings for review.",
            said.others,
        ),
        order=220,
        default="in_app",
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "jobs" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "jobs",
        export="tremplin.jobs.personal_data.export",
        erase="tremplin.jobs.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of and the sitemaps it names (core.robots).
hooks.crawling.add(
    hooks.Crawling(
        sitemaps=("jobs:sitemap",),
        private=("jobs/new/", "jobs/mine/", "jobs/review/", "jobs/reports/"),
    )
)
