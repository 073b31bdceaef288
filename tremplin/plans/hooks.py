"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from operator import attrgetter
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.counselling.sections import (
    ApiField,
    CaseloadColumn,
    CaseSection,
    case_sections,
    caseload_columns,
)
from tremplin.notifications.kinds import NotificationKind, register

hooks.routes.add(
    hooks.Routes(
        app="plans",
        urls="tremplin.plans.urls",
        api_prefix="/plans",
        router="tremplin.plans.api.router",
        area="counselling",
    )
)


PLAN_UPDATE = register(
    NotificationKind(
        "plan_update",
        label=gettext_lazy("Changes to a service plan"),
        one=lambda said: _("%(actor)s updated a service plan."),
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person updated a service plan.",
            "%(actor)s and %(others)d other people updated a service plan.",
            said.others,
        ),
        order=150,
        default="digest",
    )
)


case_sections.add(CaseSection("plan", order=10, render="tremplin.plans.sections.case_section"))


def _open_items(case: Any) -> str:
    count = case.open_plan_items
    return ngettext("%(counter)s open", "%(counter)s open", count) % {"counter": count}


def _overdue_items(case: Any) -> str:
    count = case.overdue_plan_items
    return ngettext("%(counter)s overdue", "%(counter)s overdue", count) % {"counter": count}


# The caseload's "Plan" cell (templates/plans/_caseload_plan.jinja) and its plurals.
hooks.template_functions.add(hooks.TemplateFunction("caseload_plan_open", _open_items))
hooks.template_functions.add(hooks.TemplateFunction("caseload_plan_overdue", _overdue_items))
caseload_columns.add(
    CaseloadColumn(
        "plan",
        order=20,
        annotate="tremplin.plans.queries.annotate_caseload",
        api_fields=(
            ApiField("open_plan_items", int, attrgetter("open_plan_items")),
            ApiField("overdue_plan_items", int, attrgetter("overdue_plan_items")),
        ),
        heading=gettext_lazy("Plan"),
        cell="plans/_caseload_plan.jinja",
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "plans" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "plans",
        export="tremplin.plans.personal_data.export",
        erase="tremplin.plans.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("plans/",)))
