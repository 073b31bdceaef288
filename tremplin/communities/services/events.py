"""The actions of events: organise (create, edit, cancel), register (RSVP with answers,
the waiting list), the member's private calendar address, and the day-before reminders.

Places are counted on the event row (`going_count`, `waitlist_count`), changed with F()
while the event row is locked (`select_for_update`): two members taking the last place
at once queue on that lock, so the second one waits on the list instead of overbooking.
When a place frees (a "going" changes their answer, the organiser adds places), the
first waiting (`waiting_since`, then id) moves up in the same transaction and is told.

Side effects after commit: notifications (kind `community_event`, hooks_events.py) and
emails in each recipient's language (`services/events_mail.py`, one task per person,
taking ids). The online link never goes into a notification; an email carries it only
to a person registered with a place when the email is built."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.communities.models import (
    CalendarFeed,
    Community,
    Event,
    EventFormat,
    Membership,
    MembershipStatus,
    Registration,
    Rsvp,
)
from tremplin.communities.models.events import (
    MAX_QUESTIONS,
    TITLE_MAX_LENGTH,
    organising_organizations,
)
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services.moderation import check_new_account_limits
from tremplin.communities.services.posting import may_post
from tremplin.core.pii import kinds as pii_kinds

# The zones an organiser may give times in (Canada's, and UTC for online events).
TIME_ZONES = (
    "America/St_Johns",
    "America/Halifax",
    "America/Moncton",
    "America/Toronto",
    "America/Winnipeg",
    "America/Regina",
    "America/Edmonton",
    "America/Vancouver",
    "UTC",
)
QUESTION_MAX_LENGTH = 200
ANSWER_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 1000
MAX_CAPACITY = 100_000
LONGEST = timedelta(days=14)
FURTHEST = timedelta(days=2 * 366)
REMINDER_AHEAD = timedelta(hours=24)
REMINDERS_PER_ROUND = 200
# A street address, a phone number or an email address has no place in a public venue
# line (a venue's name and a city are enough; never a person's home).
PLACE_PII = {"phone", "email", "postal_code", "sin", "birth_date"}


@dataclass
class EventData:
    """What an organiser gives (pages' form and the API's schema both build it)."""

    title: str
    starts: datetime
    ends: datetime
    kind: str = "other"
    description: str = ""
    language: str = "fr"
    format: str = EventFormat.IN_PERSON
    venue: str = ""
    city: str = ""
    online_url: str = ""
    time_zone: str = "America/Toronto"
    capacity: int | None = None
    questions: list[dict[str, Any]] = field(default_factory=list)
    audience: str = "members"


def _refuse(message: str, name: str | None = None, code: str = "invalid") -> CommunityRefusal:
    return CommunityRefusal(message, code, field=name)


def _check_times(data: EventData, *, creating: bool) -> None:
    if timezone.is_naive(data.starts) or timezone.is_naive(data.ends):
        raise _refuse(_("Give the date and time with its time zone."), "starts")
    now = timezone.now()
    if creating and data.starts <= now:
        raise _refuse(_("The event must start in the future."), "starts")
    if data.starts > now + FURTHEST:
        raise _refuse(_("The event must start within two years."), "starts")
    if data.ends <= data.starts:
        raise _refuse(_("The event must end after it starts."), "ends")
    if data.ends - data.starts > LONGEST:
        raise _refuse(_("An event lasts two weeks at most."), "ends")


def _check_place(data: EventData) -> None:
    if data.format not in EventFormat.values:
        raise _refuse(_("Choose in person, online, or both."), "format")
    if data.format != EventFormat.ONLINE and not data.city.strip():
        raise _refuse(_("Give the city where the event takes place."), "city")
    if data.format != EventFormat.IN_PERSON and not data.online_url.startswith("https://"):
        raise _refuse(_("Give the online link (it starts with https://)."), "online_url")
    for name in ("venue", "city"):
        if PLACE_PII & set(pii_kinds(getattr(data, name))):
            raise _refuse(
                _(
                    "Give the name of the venue and the city only: no postal code, "
                    "phone number or email address."
                ),
                name,
            )


def _clean_questions(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for question in questions:
        label = " ".join(str(question.get("label", "")).split())
        if not label:
            continue
        if len(label) > QUESTION_MAX_LENGTH:
            raise _refuse(
                _("A question has %(max)d characters at most.") % {"max": QUESTION_MAX_LENGTH},
                "questions",
            )
        cleaned.append({"label": label, "required": bool(question.get("required"))})
    if len(cleaned) > MAX_QUESTIONS:
        raise _refuse(_("Ask %(max)d questions at most.") % {"max": MAX_QUESTIONS}, "questions")
    return cleaned


def validate(data: EventData, *, creating: bool) -> EventData:
    """The organiser's input, checked and tidied, or a refusal naming the field."""
    data.title = " ".join(data.title.split())
    if not data.title:
        raise _refuse(_("Give the event a title."), "title")
    if len(data.title) > TITLE_MAX_LENGTH:
        raise _refuse(_("The title is too long."), "title")
    if data.time_zone not in TIME_ZONES:
        raise _refuse(_("Choose a time zone from the list."), "time_zone")
    if data.language not in ("fr", "en"):
        raise _refuse(_("Choose French or English."), "language")
    if data.capacity is not None and not 1 <= data.capacity <= MAX_CAPACITY:
        raise _refuse(_("The number of places must be between 1 and 100,000."), "capacity")
    _check_times(data, creating=creating)
    _check_place(data)
    if data.format == EventFormat.ONLINE:
        data.venue = data.city = ""
    if data.format == EventFormat.IN_PERSON:
        data.online_url = ""
    data.questions = _clean_questions(data.questions)
    return data


def local_time(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


# ------------------------------------------------------------------ organising


def _require_organiser(user: Any, event: Event) -> None:
    if not event.is_organised_by(user):
        raise CommunityRefusal(_("Only the event's organisers can do this."), "forbidden")


def _apply(event: Event, data: EventData) -> None:
    for name in (
        "title",
        "starts",
        "ends",
        "kind",
        "description",
        "language",
        "format",
        "venue",
        "city",
        "online_url",
        "time_zone",
        "capacity",
        "questions",
        "audience",
    ):
        setattr(event, name, getattr(data, name))


def create_event(
    user: Any,
    data: EventData,
    *,
    community: Community | None = None,
    organization_id: int | None = None,
) -> Event:
    """A community's event (its moderators, through `may_post`) or an organisation's
    (its staff: an agency's, a verified employer's)."""
    validate(data, creating=True)
    with transaction.atomic():
        if community is not None:
            membership = may_post(user, community)
            if not membership.moderates:
                raise CommunityRefusal(
                    _("Only the community's moderators can organise its events."), "forbidden"
                )
        elif organization_id is None or organization_id not in organising_organizations(user):
            raise CommunityRefusal(
                _("Only an agency's staff or a verified employer's staff can organise its events."),
                "forbidden",
            )
        check_new_account_limits(user, "post")
        event = Event(community=community, organization_id=None if community else organization_id)
        _apply(event, data)
        event.created_by = user
        event.save()
    return event


CHANGES_PEOPLE_NOTICE = ("starts", "ends", "time_zone", "format", "venue", "city", "online_url")


def edit_event(user: Any, event: Event, data: EventData) -> Event:
    """Changes the event (its .ics SEQUENCE goes up); a new time or place tells everyone
    registered; new places move the first waiting up; fewer places than people going
    are refused."""
    _require_organiser(user, event)
    validate(data, creating=False)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.is_cancelled:
            raise CommunityRefusal(_("A cancelled event cannot be changed."), "conflict")
        if locked.ends < timezone.now():
            raise CommunityRefusal(_("A past event cannot be changed."), "conflict")
        if data.capacity is not None and data.capacity < locked.going_count:
            # Nobody loses a place they were given: fewer places than people going is
            # refused, as ticketing services do (cancel registrations first).
            raise _refuse(
                ngettext(
                    "%(n)d person is already going: the number of places cannot be lower.",
                    "%(n)d people are already going: the number of places cannot be lower.",
                    locked.going_count,
                )
                % {"n": locked.going_count},
                "capacity",
            )
        before = {name: getattr(locked, name) for name in CHANGES_PEOPLE_NOTICE}
        _apply(locked, data)
        if locked.starts != before["starts"]:
            locked.reminded = None  # a new day: remind again the day before
        locked.sequence = F("sequence") + 1
        locked.save()
        locked.refresh_from_db()
        _promote(locked)
        if any(getattr(locked, name) != was for name, was in before.items()):
            _tell_registered(locked, "changed")
    return locked


def cancel_event(user: Any, event: Event, reason: str) -> Event:
    """Cancels the event with a reason; everyone registered (waiting included) is told,
    and calendars get STATUS:CANCELLED at the next SEQUENCE."""
    _require_organiser(user, event)
    reason = reason.strip()
    if len(reason) > REASON_MAX_LENGTH:
        raise _refuse(_("The reason is too long."), "reason")
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.is_cancelled:
            raise CommunityRefusal(_("This event is already cancelled."), "conflict")
        Event.objects.filter(pk=locked.pk).update(
            cancelled=timezone.now(), cancel_reason=reason, sequence=F("sequence") + 1
        )
        locked.refresh_from_db()
        _tell_registered(locked, "cancelled")
    return locked


def _tell_registered(event: Event, what: str) -> None:
    """A notification and an email to each person registered (going, maybe, waiting),
    after commit."""
    from tremplin.communities.services import events_mail

    people = Registration.objects.filter(
        event=event, rsvp__in=(Rsvp.GOING, Rsvp.MAYBE)
    ).values_list("user_id", flat=True)
    for user_id in people:
        events_mail.tell(event, user_id, what)


# ------------------------------------------------------------------ registering


def _check_answers(event: Event, answers: list[str]) -> list[dict[str, str]]:
    given = [" ".join(str(a).split()) if a is not None else "" for a in answers]
    kept = []
    for index, question in enumerate(event.questions or []):
        answer = given[index] if index < len(given) else ""
        if len(answer) > ANSWER_MAX_LENGTH:
            raise _refuse(
                _("An answer has %(max)d characters at most.") % {"max": ANSWER_MAX_LENGTH},
                f"answer_{index}",
            )
        if question.get("required") and not answer:
            raise _refuse(
                _("Answer the question “%(question)s”.") % {"question": question["label"]},
                f"answer_{index}",
            )
        kept.append({"question": question["label"], "answer": answer})
    return kept


def _may_register(user: Any, event: Event) -> None:
    if not event.is_visible_to(user):
        raise CommunityRefusal(_("This event does not exist."), "not_found")
    _still_open(event)
    if event.community_id is not None:
        banned = Membership.objects.filter(
            community_id=event.community_id, user=user, status=MembershipStatus.BANNED
        ).exists()
        if banned:
            raise CommunityRefusal(_("You cannot register for this event."), "forbidden")


def _still_open(event: Event) -> None:
    if event.is_cancelled:
        raise CommunityRefusal(_("This event is cancelled."), "conflict")
    if event.starts <= timezone.now():
        raise CommunityRefusal(_("Registration is closed: the event has started."), "conflict")


def register(user: Any, event: Event, rsvp: str, answers: list[str] | None = None) -> Registration:
    """Going, maybe or not going, with the answers to the event's questions (asked of
    "going" and "maybe"). A "going" beyond capacity waits on the list."""
    if rsvp not in Rsvp.values:
        raise _refuse(_("Choose going, maybe or not going."), "rsvp")
    _may_register(user, event)
    kept = _check_answers(event, answers or []) if rsvp != Rsvp.NOT_GOING else None
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        _still_open(locked)  # as it is now, not as the caller read it
        registration, _made = Registration.objects.select_for_update().get_or_create(
            event=locked, user=user, defaults={"rsvp": Rsvp.NOT_GOING}
        )
        _move(locked, registration, rsvp)
        if kept is not None:
            registration.answers = kept
        registration.save()
        _promote(locked)
    return registration


def _move(event: Event, registration: Registration, rsvp: str) -> None:
    """Changes the registration's answer and the event's counters (event row locked)."""
    held = registration.rsvp == Rsvp.GOING and not registration.waitlisted
    waiting = registration.rsvp == Rsvp.GOING and registration.waitlisted
    registration.rsvp = rsvp
    if rsvp == Rsvp.GOING:
        if held or waiting:
            return
        if event.capacity is None or event.going_count < event.capacity:
            _count(event, going=1)
        else:
            registration.waitlisted = True
            registration.waiting_since = timezone.now()
            _count(event, waiting=1)
        return
    if held:
        _count(event, going=-1)
    elif waiting:
        registration.waitlisted = False
        registration.waiting_since = None
        _count(event, waiting=-1)


def _count(event: Event, going: int = 0, waiting: int = 0) -> None:
    Event.objects.filter(pk=event.pk).update(
        going_count=F("going_count") + going, waitlist_count=F("waitlist_count") + waiting
    )
    event.refresh_from_db(fields=["going_count", "waitlist_count"])


def _promote(event: Event) -> int:
    """While places are free, the first waiting moves up and is told (event row
    locked by the caller)."""
    from tremplin.communities.services import events_mail

    moved = 0
    while event.waitlist_count and (event.capacity is None or event.going_count < event.capacity):
        first = (
            Registration.objects.select_for_update()
            .filter(event=event, rsvp=Rsvp.GOING, waitlisted=True)
            .order_by("waiting_since", "pk")
            .first()
        )
        if first is None:
            break
        Registration.objects.filter(pk=first.pk).update(waitlisted=False, waiting_since=None)
        _count(event, going=1, waiting=-1)
        events_mail.tell(event, first.user_id, "promoted")
        moved += 1
    return moved


def withdraw_all(user: Any) -> int:
    """Frees every place `user` holds (their account is being erased): each event's
    list moves up. Returns how many registrations were removed."""
    removed = 0
    for event_id in Registration.objects.filter(user=user).values_list("event_id", flat=True):
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event_id)
            registration = Registration.objects.filter(event=locked, user=user).first()
            if registration is None:
                continue
            _move(locked, registration, Rsvp.NOT_GOING)
            registration.delete()
            if locked.ends > timezone.now() and not locked.is_cancelled:
                _promote(locked)
            removed += 1
    return removed


# ------------------------------------------------------------------ calendar address


def calendar_feed(user: Any) -> CalendarFeed:
    """The member's private calendar address (made the first time it is asked)."""
    feed, _made = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


def renew_calendar_feed(user: Any) -> CalendarFeed:
    """A new secret address (the first one if there was none): the old one stops
    answering at once."""
    feed, made = CalendarFeed.objects.get_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    if not made:
        feed.token = secrets.token_urlsafe(32)
        feed.save(update_fields=["token"])
    return feed


# ------------------------------------------------------------------ reminders


def send_due_reminders() -> int:
    """The day before: each event starting within 24 hours is claimed by a conditional
    UPDATE (`reminded` still empty), so two clocks never remind twice; the people
    holding a place are told in the claim's transaction. Returns the events reminded."""
    from tremplin.communities.services import events_mail

    now = timezone.now()
    due = list(
        Event.objects.filter(
            cancelled__isnull=True,
            reminded__isnull=True,
            starts__gt=now,
            starts__lte=now + REMINDER_AHEAD,
        )
        .order_by("starts")
        .values_list("pk", flat=True)[:REMINDERS_PER_ROUND]
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            if not Event.objects.filter(pk=pk, reminded__isnull=True).update(reminded=now):
                continue  # another clock took it
            event = Event.objects.get(pk=pk)
            people = Registration.objects.filter(
                event=event, rsvp__in=(Rsvp.GOING, Rsvp.MAYBE), waitlisted=False
            ).values_list("user_id", flat=True)
            for user_id in people:
                events_mail.tell(event, user_id, "reminder")
            done += 1
    return done


def erase_personal_data(user: Any) -> int:
    """The account is being erased: its places are freed (the lists move up) and its
    calendar address removed."""
    removed = withdraw_all(user)
    CalendarFeed.objects.filter(user=user).delete()
    return removed
