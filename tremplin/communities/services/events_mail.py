"""What events send: the notification and the email to one person (reminder, change,
cancellation, a place freed for them), and the iCalendar files (one event's .ics, a
member's calendar feed), written with the `icalendar` package.

The email task takes ids and renders the event as it is when it runs, in the
recipient's language (`User.language`), with the event's .ics attached. Neither the
notification nor the email carries the online link, except the email to a person who
holds a place when it is built (`Event.link_visible_to`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from icalendar import Calendar
from icalendar import Event as VEvent

from tremplin.accounts.models import User
from tremplin.communities.hooks_events import EVENT_KIND
from tremplin.communities.models import Event, EventFormat, Registration
from tremplin.core import email
from tremplin.notifications.services import notify

TEMPLATE = "communities/events/email/event"
WHAT = ("reminder", "changed", "cancelled", "promoted")


def language_of(user: Any) -> str:
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def tell(event: Event, user_id: int, what: str) -> None:
    """The in-app notification now (in the caller's transaction), the email after
    commit."""
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    if recipient is None:
        return
    notify(
        recipient,
        EVENT_KIND,
        target=event,
        group_key=f"community_event:{event.pk}:{what}",
        data={"event": what, "title": event.title},
    )
    transaction.on_commit(partial(send_event_email.enqueue, event.pk, user_id, what))


@task()
def send_event_email(event_id: int, user_id: int, what: str) -> None:
    event = Event.objects.select_related("community", "organization").filter(pk=event_id).first()
    recipient = User.objects.filter(pk=user_id, is_active=True).first()
    if event is None or recipient is None or what not in WHAT:
        return
    registration = Registration.objects.filter(event=event, user=recipient).first()
    if registration is None or not event.is_visible_to(recipient):
        return  # withdrew, or may no longer see it (banned since): nothing more
    language = language_of(recipient)
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        show_link = not event.is_cancelled and event.link_visible_to(recipient, registration)
        body = calendar([(event, show_link)])
        context = {
            "event": event,
            "what": what,
            "recipient": recipient,
            "link": event.online_url if show_link else "",
            "page": settings.SITE_URL + event.get_absolute_url(),
            "starts": timezone.localtime(event.starts),
        }
        message = email.compose(recipient.email, TEMPLATE, context, language)
    message.attach(filename_for(event), body, f"text/calendar; method={method_for(event)}")
    message.send()


# ------------------------------------------------------------------ iCalendar


def method_for(event: Event) -> str:
    return "CANCEL" if event.is_cancelled else "PUBLISH"


def filename_for(event: Event) -> str:
    return f"event-{event.pk}.ics"


def _location(event: Event, show_link: bool) -> str:
    parts = [part for part in (event.venue, event.city) if part]
    if event.format != EventFormat.IN_PERSON:
        parts.append(event.online_url if show_link else _("Online"))
    return ", ".join(parts)


def _component(event: Event, show_link: bool, stamp: datetime) -> VEvent:
    """One VEVENT, in the language active now; times in UTC."""
    page = settings.SITE_URL + event.get_absolute_url()
    lines = [event.description.strip()] if event.description.strip() else []
    if event.format != EventFormat.IN_PERSON:
        lines.append(
            f"{_('Online link')}: {event.online_url}"
            if show_link
            else _("The online link is given to registered people on the event's page.")
        )
    if event.is_cancelled:
        lines.append(f"{_('Cancelled')}: {event.cancel_reason}".strip())
    lines.append(page)
    component = VEvent()
    component.add("uid", f"{event.uid.split('@')[0]}@{email.site_host()}")
    component.add("dtstamp", stamp)
    component.add("sequence", event.sequence)
    component.add("dtstart", event.starts.astimezone(UTC))
    component.add("dtend", event.ends.astimezone(UTC))
    component.add("summary", event.title)
    location = _location(event, show_link)
    if location:
        component.add("location", location)
    component.add("description", "\n\n".join(lines))
    component.add("url", page)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return component


def calendar(
    events: Iterable[tuple[Event, bool]], *, name: str = "", method: str | None = None
) -> bytes:
    """A VCALENDAR with one VEVENT per (event, show its online link)."""
    events = list(events)
    cal = Calendar()
    cal.add("prodid", "-//Tremplin//Communities//" + translation.get_language()[:2].upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method is None and len(events) == 1:
        method = method_for(events[0][0])
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC)
    for event, show_link in events:
        cal.add_component(_component(event, show_link, stamp))
    return cal.to_ical()
