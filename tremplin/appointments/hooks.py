"""What this app adds to the rest of the product (see tremplin.core.hooks)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core import hooks
from tremplin.notifications.kinds import NotificationKind, Said, register

hooks.routes.add(
    hooks.Routes(
        app="appointments",
        urls="tremplin.appointments.urls",
        api_prefix="/appointments",
        router="tremplin.appointments.api.router",
    )
)
hooks.periodic.add(
    hooks.Periodic("appointment reminders", "tremplin.appointments.tasks.send_due_reminders")
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
