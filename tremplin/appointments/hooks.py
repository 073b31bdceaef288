"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from datetime import date, datetime
from operator import attrgetter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.availability import busy
from tremplin.core import hooks
from tremplin.counselling.events import case_closed_on_commit
from tremplin.counselling.sections import (
    ApiField,
    CaseloadColumn,
    CaseSection,
    case_sections,
    caseload_columns,
)
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="appointments",
        urls="tremplin.appointments.urls",
        api_prefix="/appointments",
        router="tremplin.appointments.api.router",
        area="counselling",
    )
)
hooks.periodic.add(
    hooks.Periodic("appointment reminders", "tremplin.appointments.tasks.send_due_reminders")
)
# A client's request nobody answered before its start: expired, and the client told.
hooks.periodic.add(
    hooks.Periodic(
        "expired appointment requests", "tremplin.appointments.requesting.expire_requests"
    )
)
# Catches up a lost `case_closed_on_commit`: what is still ahead in a closed case.
hooks.periodic.add(
    hooks.Periodic(
        "appointments of closed cases", "tremplin.appointments.services.catch_up_closed_cases"
    )
)


def _appointment_one(said: Said) -> str:
    event = said.get("event")
    if event == "changed":
        return _("%(actor)s moved an appointment with you.")
    if event == "cancelled":
        return _("%(actor)s cancelled an appointment with you.")
    if event == "reminder":
        return _("Reminder: you have an appointment with %(actor)s soon.")
    return _("%(actor)s booked an appointment with you.")


APPOINTMENT = register(
    NotificationKind(
        "appointment",
        label=gettext_lazy("Appointments: booked, moved, cancelled, reminders"),
        one=_appointment_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person changed appointments with you.",
            "%(actor)s and %(others)d other people changed appointments with you.",
            said.others,
        ),
        order=160,
        default="in_app",
    )
)


def _request_one(said: Said) -> str:
    event = said.get("event")
    if event == "confirmed":
        return _("%(actor)s confirmed the appointment you asked for.")
    if event == "declined":
        return _("%(actor)s declined the appointment you asked for.")
    if event == "expired":
        return _(
            "Your request for an appointment with %(actor)s was not answered in time: "
            "choose another time."
        )
    if event == "withdrawn":
        return _("%(actor)s withdrew a request for an appointment.")
    return _("%(actor)s asks for an appointment with you.")


APPOINTMENT_REQUEST = register(
    NotificationKind(
        "appointment_request",
        label=gettext_lazy("Appointment requests: asked, confirmed, declined, expired"),
        one=_request_one,
        many=lambda said: ngettext(
            "%(actor)s and %(others)d other person answered or made appointment requests.",
            "%(actor)s and %(others)d other people answered or made appointment requests.",
            said.others,
        ),
        order=161,
        default="in_app",
    )
)


def _busy(user: Any, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """A counsellor's scheduled and requested appointments (all their cases) hold their
    time: availability's free times never offer them."""
    from tremplin.appointments.queries import busy_times

    return busy_times(user, start, end)


busy.providers.add(_busy)


def _cancel_ahead(case_id: int) -> None:
    """A closed case keeps its history; the appointments still ahead are cancelled and
    the client's calendar told (idempotent: only scheduled ones move)."""
    from tremplin.appointments.services import cancel_ahead_for_closed_case

    cancel_ahead_for_closed_case(case_id)


case_closed_on_commit.connect(_cancel_ahead)


def _last_held(case: Any) -> date | None:
    held: datetime | None = getattr(case, "last_appointment_at", None)
    return timezone.localdate(held) if held else None


def _requests_waiting(case: Any) -> str:
    count = case.requests_waiting
    return ngettext("%(counter)s request waiting", "%(counter)s requests waiting", count) % {
        "counter": count
    }


# The caseload's "Next appointment" cell shows the requests waiting for an answer.
hooks.template_functions.add(hooks.TemplateFunction("caseload_requests_waiting", _requests_waiting))
case_sections.add(
    CaseSection("appointments", order=20, render="tremplin.appointments.sections.case_section")
)
caseload_columns.add(
    CaseloadColumn(
        "appointments",
        order=10,
        annotate="tremplin.appointments.queries.annotate_caseload",
        api_fields=(
            ApiField(
                "next_appointment_at",
                datetime | None,
                attrgetter("next_appointment_at"),
                "The next scheduled appointment.",
            ),
            ApiField(
                "appointment_requests_waiting",
                int,
                attrgetter("requests_waiting"),
                "The client's requests for an appointment waiting for an answer.",
            ),
        ),
        heading=gettext_lazy("Next appointment"),
        cell="appointments/_caseload_next_appointment.jinja",
        contact=_last_held,
    )
)


# ---------------------------------------------------------------- personal data (issue 15)
# What this app holds about a member: their archive's "appointments" section and
# the eraser run when their account is deleted (tremplin.core.personal_data).
from tremplin.core.personal_data import PersonalData, registry  # noqa: E402

registry.add(
    PersonalData(
        "appointments",
        export="tremplin.appointments.personal_data.export",
        erase="tremplin.appointments.personal_data.erase",
    )
)

# What /robots.txt keeps crawlers out of (core.robots).
hooks.crawling.add(hooks.Crawling(private=("appointments/",)))
