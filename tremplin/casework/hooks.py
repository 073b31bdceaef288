"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from datetime import date
from operator import attrgetter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.casework.caseload import TagFilter
from tremplin.core import hooks
from tremplin.counselling.events import case_closed_on_commit
from tremplin.counselling.sections import (
    ApiField,
    CaseloadColumn,
    CaseSection,
    case_sections,
    caseload_columns,
    caseload_filters,
)
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="casework",
        urls="tremplin.casework.urls",
        api_prefix="/casework",
        router="tremplin.casework.api.router",
        area="casework",
    )
)
# Also catches up a lost `case_closed_on_commit`: closed cases without follow-ups.
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


def _schedule_follow_ups(case_id: int) -> None:
    """Queue the follow-ups of a closed case (idempotent; the clock catches up a loss)."""
    from tremplin.casework.tasks import follow_ups_for_closed_case

    follow_ups_for_closed_case.enqueue(case_id)


case_closed_on_commit.connect(_schedule_follow_ups)


def _last_note(case: Any) -> date | None:
    return getattr(case, "last_note_at", None)


def _due(case: Any) -> str:
    count = case.overdue_follow_ups
    return ngettext("%(counter)s due", "%(counter)s due", count) % {"counter": count}


case_sections.add(
    CaseSection("casework", order=30, render="tremplin.casework.sections.case_section")
)
# The caseload's "Follow-ups" cell (templates/casework/_caseload_follow_ups.jinja).
hooks.template_functions.add(hooks.TemplateFunction("caseload_follow_ups_due", _due))
caseload_columns.add(
    CaseloadColumn(
        "follow_ups",
        order=30,
        annotate="tremplin.casework.queries.annotate_caseload",
        api_fields=(ApiField("overdue_follow_ups", int, attrgetter("overdue_follow_ups")),),
        heading=gettext_lazy("Follow-ups"),
        cell="casework/_caseload_follow_ups.jinja",
        contact=_last_note,
        keeps_closed="tremplin.casework.queries.due_follow_up_q",
    )
)
caseload_filters.add(TagFilter())


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "casework" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "casework",
        export="tremplin.casework.personal_data.export",
        erase="tremplin.casework.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("casework/",)))
