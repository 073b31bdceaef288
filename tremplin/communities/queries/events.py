"""The read path of events: every list a page or the API shows and every "one event the
viewer may see, or 404", through `Event.objects.visible_to` (THE event rule) and, for
what only organisers read (attendees), `Event.is_organised_by`.

Lists are bounded (LIMIT) and ordered by `starts` (indexed), with their organiser
selected in the same query, so a page costs the same whatever the number of events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.communities.models import (
    CalendarFeed,
    Community,
    Event,
    EventFormat,
    Registration,
    Rsvp,
)
from tremplin.communities.models.events import EventQuerySet, organising_organizations
from tremplin.communities.refusals import CommunityRefusal
from tremplin.core.personal_data import plain_rows
from tremplin.core.reads import visible_or_404
from tremplin.organizations.models import Organization

LIST_LIMIT = 50
TAB_LIMIT = 10
FEED_LIMIT = 500
FEED_PAST = timedelta(days=30)


def visible(viewer: Any) -> EventQuerySet:
    return Event.objects.visible_to(viewer).select_related("community", "organization")


def event_or_404(viewer: Any, pk: Any) -> Event:
    return visible_or_404(visible(viewer), pk=pk)


def organised_or_refuse(viewer: Any, pk: Any) -> Event:
    """An event the viewer organises: 404 if they may not see it, 403 if they only may."""
    event = event_or_404(viewer, pk)
    if not event.is_organised_by(viewer):
        raise CommunityRefusal(_("Only the event's organisers can see this."), "forbidden")
    return event


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    where: str = ""  # "online", "in_person" or ""
    city: str = ""
    community: str = ""  # a slug
    organization: str = ""  # a slug


def upcoming(viewer: Any, filters: Filters | None = None, limit: int = LIST_LIMIT) -> list[Event]:
    """Upcoming events the viewer may see, soonest first, cancelled ones included (they
    show as cancelled)."""
    filters = filters or Filters()
    events = visible(viewer).upcoming()
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.where == "online":
        events = events.exclude(format=EventFormat.IN_PERSON)
    elif filters.where == "in_person":
        events = events.exclude(format=EventFormat.ONLINE)
    if filters.city.strip():
        events = events.filter(city__iexact=filters.city.strip())
    if filters.community:
        events = events.filter(community__slug=filters.community)
    if filters.organization:
        events = events.filter(community__isnull=True, organization__slug=filters.organization)
    return list(events[:limit])


def community_upcoming(community: Community, viewer: Any, limit: int = TAB_LIMIT) -> list[Event]:
    return list(visible(viewer).filter(community=community).upcoming()[:limit])


def tab_context(community: Community, viewer: Any) -> dict[str, Any]:
    return {
        "events": community_upcoming(community, viewer),
        "may_organise": community.is_moderated_by(viewer),
    }


def registration_of(viewer: Any, event: Event) -> Registration | None:
    if viewer is None or not viewer.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=viewer).first()


def waitlist_position(registration: Registration) -> int:
    """1 for the first waiting."""
    if not registration.waitlisted or registration.waiting_since is None:
        return 0
    ahead = Registration.objects.filter(
        event_id=registration.event_id, rsvp=Rsvp.GOING, waitlisted=True
    ).filter(
        Q(waiting_since__lt=registration.waiting_since)
        | Q(waiting_since=registration.waiting_since, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def mine(viewer: Any, limit: int = LIST_LIMIT) -> list[Registration]:
    """The viewer's registrations (going, maybe, waiting) to upcoming events they may
    still see, soonest first."""
    return list(
        Registration.objects.visible_to(viewer)
        .filter(
            rsvp__in=(Rsvp.GOING, Rsvp.MAYBE),
            event__in=Event.objects.visible_to(viewer).values("pk"),
            event__ends__gte=timezone.now(),
        )
        .select_related("event", "event__community", "event__organization")
        .order_by("event__starts", "event__pk")[:limit]
    )


def organising(viewer: Any, limit: int = LIST_LIMIT) -> list[Event]:
    return list(
        Event.objects.organised_by(viewer)
        .upcoming()
        .select_related("community", "organization")[:limit]
    )


def attendees(event: Event) -> list[Registration]:
    """Going (with a place), maybe, then waiting in the list's order: for its
    organisers only (the caller has `organised_or_refuse`)."""
    rows = list(
        Registration.objects.filter(event=event, rsvp__in=(Rsvp.GOING, Rsvp.MAYBE))
        .select_related("user", "user__profile")
        .order_by("created", "pk")
    )
    going = [r for r in rows if r.rsvp == Rsvp.GOING and not r.waitlisted]
    maybe = [r for r in rows if r.rsvp == Rsvp.MAYBE]
    waiting = sorted(
        (r for r in rows if r.waitlisted), key=lambda r: (r.waiting_since or r.created, r.pk)
    )
    return going + maybe + waiting


def answers_by_question(event: Event, registration: Registration) -> list[str]:
    """The registration's answers in the order of the event's current questions."""
    given = {a.get("question"): a.get("answer", "") for a in registration.answers or []}
    return [given.get(q["label"], "") for q in event.questions or []]


def attendee_rows(event: Event) -> list[list[Any]]:
    """The CSV's rows (the caller writes them through `core.exports`)."""
    header = [_("Name"), _("Email"), _("Answer"), _("Waiting list"), _("Registered")]
    header += [q["label"] for q in event.questions or []]
    rows: list[list[Any]] = [header]
    for registration in attendees(event):
        rows.append(
            [
                registration.user.display_name,
                registration.user.email,
                registration.get_rsvp_display(),
                _("yes") if registration.waitlisted else "",
                timezone.localtime(registration.created).strftime("%Y-%m-%d %H:%M"),
                *answers_by_question(event, registration),
            ]
        )
    return rows


def organisers_for(viewer: Any) -> tuple[list[Community], list[Organization]]:
    """Where the viewer may organise an event: communities they moderate, and
    organisations whose events they may organise."""
    communities = list(Community.objects.moderated_by(viewer).order_by("slug")[:100])
    organizations = list(
        Organization.objects.filter(pk__in=organising_organizations(viewer)).order_by("name")
    )
    return communities, organizations


def organization_named(slug: str) -> Organization | None:
    """The organisation whose "Events" page this is (organisation pages are public)."""
    if not slug:
        return None
    return Organization.objects.visible_to(None).filter(slug=slug).first()


def feed_of(user: Any) -> CalendarFeed | None:
    """The member's calendar address, if they asked for one (a GET never makes it)."""
    return CalendarFeed.objects.filter(user=user).first()


def feed_owner(token: str) -> Any:
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def feed_events(user: Any) -> list[tuple[Event, bool]]:
    """The member's calendar: events they are going to or may go to (waiting
    included), from a month ago on, that they may still see; with whether each shows its
    online link to them."""
    registrations = (
        Registration.objects.filter(user=user, rsvp__in=(Rsvp.GOING, Rsvp.MAYBE))
        .filter(
            event__in=Event.objects.visible_to(user).values("pk"),
            event__ends__gte=timezone.now() - FEED_PAST,
        )
        .select_related("event")
        .order_by("event__starts", "event__pk")[:FEED_LIMIT]
    )
    return [(r.event, bool(r.event.online_url) and r.holds_place) for r in registrations]


def personal_data(user: Any) -> dict[str, Any]:
    registrations = Registration.objects.filter(user=user).order_by("created", "pk")
    return {
        "registrations": plain_rows(registrations, exclude=("user",)),
        "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
    }
