"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.counselling.events import case_closed_on_commit
from tremplin.counselling.sections import CaseSection, case_sections
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="outcomes",
        urls="tremplin.outcomes.urls",
        api_prefix="/outcomes",
        router="tremplin.outcomes.api.router",
        area="casework",
    )
)
# Also catches up a lost `case_closed_on_commit`: closed cases without an exit survey.
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


def _send_exit_survey(case_id: int) -> None:
    """Queue the exit survey of a closed case (the task is idempotent, and the clock's
    sweep catches up a lost event)."""
    from tremplin.outcomes.tasks import create_exit_survey

    create_exit_survey.enqueue(case_id)


case_closed_on_commit.connect(_send_exit_survey)

case_sections.add(
    CaseSection("outcomes", order=40, render="tremplin.outcomes.sections.case_section")
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "outcomes" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "outcomes",
        export="tremplin.outcomes.personal_data.export",
        erase="tremplin.outcomes.personal_data.erase",
    )
)


# A mentoring programme's report counts its mentees' outcomes (mentoring is below us).
from tremplin.mentoring.report import ReportColumn, report_columns  # noqa: E402
from tremplin.outcomes import mentoring_columns  # noqa: E402

report_columns.add(
    ReportColumn(
        "found_work", gettext_lazy("Mentees who found work"), mentoring_columns.found_work, 10
    )
)
report_columns.add(
    ReportColumn(
        "started_training",
        gettext_lazy("Mentees who started training"),
        mentoring_columns.started_training,
        20,
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("outcomes/",)))
