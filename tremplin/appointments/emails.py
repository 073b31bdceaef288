"""The invitation and reminder emails, each with the appointment's .ics, and the answer to
a client's request that never became an appointment (declined, or expired unanswered: no
calendar had it, so no .ics), rendered in the RECIPIENT's language (`User.language`)
through the one email path (`tremplin.core.email`, templates
`appointments/email/appointment_*.txt` and `appointments/email/request_answer_*.txt`)."""

from __future__ import annotations

from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from tremplin.appointments.models import Appointment, AppointmentStatus, Mode
from tremplin.core import email, ics

TEMPLATE = "appointments/email/appointment"
ANSWER_TEMPLATE = "appointments/email/request_answer"


def language_of(user: Any) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def method_for(appointment: Appointment) -> str:
    return "CANCEL" if appointment.status == AppointmentStatus.CANCELLED else "REQUEST"


def calendar_for(appointment: Appointment, recipient: Any) -> str:
    """The .ics as `recipient` reads it, in the language active now."""
    case = appointment.case
    other = case.counsellor if recipient.pk == case.client_id else case.client
    other_name = other.display_name if other is not None else ""
    summary = _("Appointment with %(name)s") % {"name": other_name}
    lines = [f"{_('How')}: {appointment.get_mode_display()}"]
    if appointment.mode == Mode.PHONE and appointment.phone_details:
        lines.append(f"{_('Phone details')}: {appointment.phone_details}")
    if appointment.mode == Mode.VIDEO:
        lines.append(f"{_('Video link')}: {appointment.video_url}")
    if appointment.agenda:
        lines.append(f"{_('Agenda')}: {appointment.agenda}")
    if appointment.status == AppointmentStatus.CANCELLED and appointment.cancelled_reason:
        lines.append(f"{_('Reason')}: {appointment.cancelled_reason}")
    lines.append(settings.SITE_URL + appointment.get_absolute_url())
    organizer_name, organizer_email = organizer_of(case)
    event = ics.Event(
        uid=f"{appointment.uid}@{email.site_host()}",
        sequence=appointment.sequence,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        summary=summary,
        location=appointment.place,
        description="\n".join(lines),
        url=appointment.video_url if appointment.mode == Mode.VIDEO else "",
        cancelled=appointment.status == AppointmentStatus.CANCELLED,
        organizer_name=organizer_name,
        organizer_email=organizer_email,
        attendee_name=recipient.display_name,
        attendee_email=recipient.email,
    )
    return ics.calendar(event, method=method_for(appointment), language=translation.get_language())


def organizer_of(case: Any) -> tuple[str, str]:
    """The ORGANIZER a reply from the client's calendar (accept, decline, a question)
    goes to: the counsellor by name at the agency's contact address, the shared address
    the agency gave for its clients. Never the counsellor's own address: members never
    see each other's, and an account's address is also its sign-in name. An agency that
    gave none falls back to the site's sender address (docs/appointments.md)."""
    counsellor_name = case.counsellor.display_name if case.counsellor is not None else ""
    agency = case.agency
    if agency.contact_email:
        return f"{counsellor_name} ({agency.name})", agency.contact_email
    _name, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return counsellor_name, from_address


def filename_for(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}.ics"


def send(appointment: Appointment, recipient: Any, event: str) -> None:
    """One email to `recipient` about `event` (booked, changed, cancelled, reminder)."""
    case = appointment.case
    other = case.counsellor if recipient.pk == case.client_id else case.client
    language = language_of(recipient)
    with translation.override(language):
        url = settings.SITE_URL + appointment.get_absolute_url()
        calendar = calendar_for(appointment, recipient)
    context = {
        "appointment": appointment,
        "event": event,
        "recipient": recipient.display_name,
        "other": other.display_name if other is not None else "",
        "url": url,
    }
    message = email.compose(recipient.email, TEMPLATE, context, language)
    method = method_for(appointment)
    message.attach(
        filename_for(appointment),
        calendar.encode("utf-8"),
        f"text/calendar; charset=utf-8; method={method}",
    )
    message.send()


def send_request_answer(appointment: Appointment, event: str) -> None:
    """The client learns that their request was declined (with the counsellor's reason,
    if any) or expired unanswered, and is invited to ask for another time."""
    case = appointment.case
    client = case.client
    if client is None:
        return
    language = language_of(client)
    with translation.override(language):
        url = settings.SITE_URL + appointment.get_absolute_url()
    context = {
        "appointment": appointment,
        "event": event,
        "recipient": client.display_name,
        "other": case.counsellor.display_name if case.counsellor is not None else "",
        "url": url,
    }
    email.send(client.email, ANSWER_TEMPLATE, context, language)
