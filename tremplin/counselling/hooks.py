"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.core.viewer import facts
from tremplin.counselling import relations
from tremplin.counselling.sections import (
    ApiField,
    CaseloadColumn,
    caseload_columns,
    last_contact,
)
from tremplin.notifications.kinds import NotificationKind, register
from tremplin.privacy import access

hooks.routes.add(
    hooks.Routes(
        app="counselling",
        urls="tremplin.counselling.urls",
        api_prefix="/counselling",
        router="tremplin.counselling.api.router",
        area="counselling",
    )
)
hooks.navigation.add(hooks.NavEntry(order=80, template="counselling/_nav.jinja"))
# "Who saw my data" names each reader's agency (organisations sit above privacy).
access.agency_names.add(access.AgencyNames("tremplin.counselling.queries.agency_names"))


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
facts.provide("case_clients", relations.case_clients)
facts.provide("counsellor_cases", relations.counsellor_cases)
facts.provide("client_agencies", relations.client_agencies)


# "Last contact": the latest contact the other columns know of (a note, an appointment).
caseload_columns.add(
    CaseloadColumn(
        "last_contact",
        order=15,
        api_fields=(
            ApiField(
                "last_contact_on",
                date | None,
                last_contact,
                "The later of the last case note's contact and the last held appointment.",
            ),
        ),
        heading=gettext_lazy("Last contact"),
        cell="counselling/_caseload_last_contact.jinja",
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "counselling" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "counselling",
        export="tremplin.counselling.personal_data.export",
        erase="tremplin.counselling.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("counselling/",)))
