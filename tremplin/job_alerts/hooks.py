"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.counselling.sections import CaseSection, case_sections
from tremplin.jobs import sections
from tremplin.jobs.events import posting_opened_on_commit, posting_updated_on_commit
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="job_alerts",
        urls="tremplin.job_alerts.urls",
        api_prefix="/job-alerts",
        router="tremplin.job_alerts.api.router",
        area="jobs",
    )
)
hooks.periodic.add(hooks.Periodic("job alerts catch-up", "tremplin.job_alerts.tasks.catch_up"))
# What the search results' Jinja2 fragment (templates/job_alerts/_results.jinja) calls.
for name in ("job_result_salary", "job_posted_on"):
    hooks.template_functions.add(
        hooks.TemplateFunction(name, f"tremplin.job_alerts.presenting.{name}")
    )
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


# ------------------------------------------------------------------ jobs' events


def _posting_opened(posting_id: int, reopened: bool) -> None:
    """Index the posting and match it against every alert (idempotent; the catch-up
    writes what a lost event would have)."""
    from tremplin.job_alerts import handlers

    handlers.opened(posting_id, reopened)


def _posting_updated(posting_id: int) -> None:
    from tremplin.job_alerts import handlers

    handlers.updated(posting_id)


posting_opened_on_commit.connect(_posting_opened)
posting_updated_on_commit.connect(_posting_updated)


# ------------------------------------------------------------------ the jobs page


def _newest(request: HttpRequest) -> dict[str, Any] | None:
    from tremplin.job_alerts.queries import newest_open

    return newest_open(request.user, request.GET.get("cursor", "")[:200])


def _search_form() -> Any:
    from tremplin.job_alerts.forms import SearchForm

    return SearchForm()


sections.list_search.add(
    sections.ListSearch(results=_newest, form=_search_form, template="job_alerts/_search_form.html")
)
sections.list_links.add(
    sections.ListLink(
        order=10,
        label=gettext_lazy("My job alerts"),
        url_name="job_alerts:list",
        shown=lambda user: user.is_authenticated,
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "job_alerts" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "job_alerts",
        export="tremplin.job_alerts.personal_data.export",
        erase="tremplin.job_alerts.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("jobs/alerts/",)))


# ---------------------------------------------------------------- jobs for you (issue 18)

hooks.routes.add(
    hooks.Routes(
        app="job_alerts",
        api_prefix="/jobs-for-you",
        router="tremplin.job_alerts.api_foryou.router",
        area="jobs",
    )
)
JOBS_FOR_YOU = register(
    NotificationKind(
        "jobs_for_you",
        label=gettext_lazy("Weekly email of jobs for you"),
        one=lambda said: _("New jobs for you."),
        many=lambda said: ngettext(
            "New jobs for you, and %(others)d more weekly list.",
            "New jobs for you, and %(others)d more weekly lists.",
            said.others,
        ),
        order=191,
        default="in_app",  # the weekly email needs the member's opt-in (CASL)
        actorless=True,
    )
)
hooks.periodic.add(
    hooks.Periodic("jobs for you: weekly digests", "tremplin.job_alerts.foryou_digest.send_due")
)
sections.list_links.add(
    sections.ListLink(
        order=5,
        label=gettext_lazy("Jobs for you"),
        url_name="job_alerts:for_you",
        shown=lambda user: user.is_authenticated,
    )
)
hooks.navigation.add(
    hooks.NavEntry(order=31, label=gettext_lazy("Jobs for you"), url_name="job_alerts:for_you")
)
case_sections.add(
    CaseSection("jobs_for_you", order=55, render="tremplin.job_alerts.foryou_views.case_section")
)
