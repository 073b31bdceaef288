"""What this app adds to the rest of the product (see tremplin.core.hooks): its routes
and menu entry; its sessions as busy times (availability's free times leave them out);
the clock's reminders the day before a session, the mid-point and the end near; the
"mentoring" notification kind (each sentence read in the recipient's language); the case
page's section, where a client's counsellor sees the mentorship and its goals with the
client's consent; the programmes' notification kinds and report columns; and the person
picker's scopes of a coordinator's forms."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tremplin.availability.busy import providers
from tremplin.core import hooks
from tremplin.counselling.sections import CaseSection, case_sections
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="mentoring",
        urls="tremplin.mentoring.urls",
        api_prefix="/mentoring",
        router="tremplin.mentoring.api.router",
        area="network",
    )
)
hooks.navigation.add(hooks.NavEntry(order=75, label=_("Mentoring"), url_name="mentoring:home"))


def _busy(user: Any, start: datetime, end: datetime) -> Iterable[tuple[datetime, datetime]]:
    from tremplin.mentoring.models.sessions import busy_intervals

    return busy_intervals(user, start, end)


providers.add(_busy)
hooks.periodic.add(
    hooks.Periodic("mentoring session reminders", "tremplin.mentoring.tasks.send_due_reminders")
)
hooks.periodic.add(hooks.Periodic("mentoring ends near", "tremplin.mentoring.tasks.tell_ending"))
hooks.periodic.add(hooks.Periodic("mentoring mid-point", "tremplin.mentoring.tasks.tell_midpoint"))

_SENTENCES = {
    "session_proposed": lambda: gettext("%(actor)s proposed a mentoring session."),
    "session_accepted": lambda: gettext("%(actor)s accepted your mentoring session."),
    "session_declined": lambda: gettext("%(actor)s declined your mentoring session."),
    "session_cancelled": lambda: gettext("%(actor)s cancelled a mentoring session."),
    "session_rescheduled": lambda: gettext("%(actor)s proposed a new time for a session."),
    "reminder": lambda: gettext("Reminder: you have a mentoring session with %(actor)s soon."),
    "feedback_asked": lambda: gettext(
        "Your session with %(actor)s is held: how did it go? Rate it in one click."
    ),
    "terms_proposed": lambda: gettext("%(actor)s proposed terms for your mentorship."),
    "terms_agreed": lambda: gettext("%(actor)s agreed to the terms of your mentorship."),
    "terms_declined": lambda: gettext("%(actor)s declined the terms you proposed."),
    "midpoint": lambda: gettext(
        "You are halfway through your mentorship with %(actor)s: "
        "tell us how it is going in the mid-point survey on your mentorship page."
    ),
    "ending": lambda: gettext(
        "Your mentorship with %(actor)s reaches its planned end within a week. Extend it?"
    ),
    "ended": lambda: gettext(
        "%(actor)s ended your mentorship. Tell us how it went in the exit survey."
    ),
}


def _mentoring_one(said: Said) -> str:
    return _SENTENCES.get(said.get("event"), _SENTENCES["session_proposed"])()


MENTORING = register(
    NotificationKind(
        "mentoring",
        label=_("Mentoring: sessions, reminders, terms, feedback"),
        one=_mentoring_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person updated your mentoring.",
            "%(actor)s and %(others)d other people updated your mentoring.",
            said.others,
        ),
        order=165,
        default="in_app",
    )
)

case_sections.add(
    CaseSection("mentoring", order=45, render="tremplin.mentoring.sections.case_section")
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "mentoring" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "mentoring",
        export="tremplin.mentoring.personal_data.export",
        erase="tremplin.mentoring.personal_data.erase",
    )
)


# ---------------------------------------------------------------- programmes (issue 17)
from django.urls import reverse  # noqa: E402

from tremplin.mentoring.tasks import MATCH_PROPOSED, MATCH_STARTED  # noqa: E402
from tremplin.notifications import kinds  # noqa: E402
from tremplin.notifications.kinds import NotificationKind, Said  # noqa: E402


def _my_mentoring(viewer: object) -> str:
    return reverse("mentoring:home")


def _proposed(said: Said) -> str:
    if said.get("programme") not in ("", "0"):
        return gettext("%(actor)s proposed a mentoring match to you in a programme.")
    return gettext("%(actor)s proposed a mentorship to you.")


kinds.register(
    NotificationKind(
        MATCH_PROPOSED,
        label=_("Mentoring matches proposed to me"),
        one=_proposed,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person proposed mentoring matches to you.",
            "%(actor)s and %(others)d other people proposed mentoring matches to you.",
            said.others,
        ),
        order=76,
        own_page=_my_mentoring,
    )
)
kinds.register(
    NotificationKind(
        MATCH_STARTED,
        label=_("My mentorships that start"),
        one=lambda said: gettext("Your mentorship with %(actor)s has started."),
        many=lambda said: ngettext(
            "Your mentorships with %(actor)s and %(others)d other person have started.",
            "Your mentorships with %(actor)s and %(others)d other people have started.",
            said.others,
        ),
        order=77,
        own_page=_my_mentoring,
    )
)


# ------------------------------------------------ the programme report's session columns
from tremplin.mentoring.queries import feedback as _feedback  # noqa: E402
from tremplin.mentoring.report import ReportColumn, report_columns  # noqa: E402

report_columns.add(
    ReportColumn(
        "met",
        _("Mentees who held at least one session"),
        _feedback.mentees_who_met,
        1,
        agency_only=False,
    )
)
report_columns.add(
    ReportColumn(
        "goal_met",
        _("Mentees who met at least one goal"),
        _feedback.mentees_with_a_goal_met,
        2,
        agency_only=False,
    )
)
report_columns.add(
    ReportColumn(
        "satisfied",
        _("Mentees who rate their sessions 4 or 5 out of 5"),
        _feedback.mentees_satisfied,
        3,
        agency_only=False,
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("mentoring/",)))

# ------------------------------------------- the person picker on a coordinator's forms
# Whom a coordinator may add as coordinator, and whom they may invite (queries/
# coordinators.py); both keep nobody for anyone who does not coordinate the programme.
from tremplin.mentoring.queries import coordinators as _coordinators  # noqa: E402
from tremplin.profiles.picker import scopes  # noqa: E402

scopes.register(_coordinators.COORDINATOR_SCOPE, _coordinators.coordinator_candidates)
scopes.register(_coordinators.INVITE_SCOPE, _coordinators.invite_candidates)
