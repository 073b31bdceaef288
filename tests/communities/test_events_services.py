"""Organising and registering: the waiting list and its order, counters, changes and
cancellations told to everyone registered (in their language), reminders sent once,
the .ics as calendars read it, and the attendees' CSV with formula cells neutralised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation
from icalendar import Calendar

from tests.communities.events_world import LINK, later, make_world
from tests.factories import UserFactory
from tremplin.communities.models import Event, Registration
from tremplin.communities.queries import events as queries
from tremplin.communities.refusals import CommunityRefusal
from tremplin.communities.services import events as services
from tremplin.communities.services import events_mail
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, monkeypatch):
    # The emails are queued after commit; these tests run inside a transaction that
    # never commits, so the queue runs at once (the immediate task backend sends).
    monkeypatch.setattr(events_mail.transaction, "on_commit", lambda f, **_: f())
    return make_world(personas)


def data(**changes) -> services.EventData:
    values = {
        "title": "Atelier CV",
        "starts": later(days=5),
        "ends": later(days=5, hours=2),
        "format": "in_person",
        "venue": "Bibliothèque",
        "city": "Ottawa",
    }
    values.update(changes)
    return services.EventData(**values)


def join_public(world, *users):
    from tests.communities.events_world import join

    for user in users:
        join(world.public, user)


def test_beyond_capacity_going_waits_and_moves_up_in_order_when_a_place_frees(world, personas):
    event = services.edit_event(world.bob, world.public_event, data(capacity=1, title="Atelier"))
    carol, extra = personas.carol, UserFactory(language="en")
    first = services.register(world.alice, event, "going")
    assert not first.waitlisted
    waiting = services.register(carol, event, "going")
    behind = services.register(extra, event, "going")
    assert waiting.waitlisted and behind.waitlisted
    assert (queries.waitlist_position(waiting), queries.waitlist_position(behind)) == (1, 2)
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (1, 2)
    mail.outbox.clear()
    services.register(world.alice, event, "not_going")
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (1, 1)
    assert not Registration.objects.get(pk=waiting.pk).waitlisted
    assert queries.waitlist_position(Registration.objects.get(pk=behind.pk)) == 1
    told = Notification.objects.get(recipient=carol, kind="community_event")
    assert told.data["event"] == "promoted"
    assert [m.to for m in mail.outbox] == [[carol.email]]
    # Raising the capacity moves the next one up too.
    services.edit_event(world.bob, event, data(capacity=5, title="Atelier"))
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (2, 0)
    # Fewer places than people going is refused, in the organiser's words; as many is
    # fine (nobody loses a place).
    for language, words in (("en", "2 people are already going"), ("fr", "2 personnes y vont")):
        with translation.override(language), pytest.raises(CommunityRefusal) as refused:
            services.edit_event(world.bob, event, data(capacity=1, title="Atelier"))
        assert refused.value.field == "capacity"
        assert words in str(refused.value.message)
    services.edit_event(world.bob, event, data(capacity=2, title="Atelier"))
    event.refresh_from_db()
    assert (event.capacity, event.going_count) == (2, 2)


def test_a_maybe_holds_no_place_and_answers_are_required_when_asked(world, personas):
    event = services.edit_event(
        world.bob,
        world.public_event,
        data(capacity=1, questions=[{"label": "Votre métier ?", "required": True}]),
    )
    with pytest.raises(CommunityRefusal) as refused:
        services.register(world.alice, event, "going", [""])
    assert refused.value.field == "answer_0"
    maybe = services.register(world.alice, event, "maybe", ["Infirmière"])
    assert maybe.answers == [{"question": "Votre métier ?", "answer": "Infirmière"}]
    event.refresh_from_db()
    assert event.going_count == 0
    services.register(personas.carol, event, "not_going")  # no answer needed


def test_a_change_of_time_tells_everyone_registered_in_their_language(world, personas):
    personas.carol.language = "en"
    personas.carol.save()
    event = world.public_event
    services.register(world.alice, event, "going")
    services.register(personas.carol, event, "maybe")
    mail.outbox.clear()
    starts = later(days=6)
    moved = {"starts": starts, "ends": starts + timedelta(hours=1)}
    services.edit_event(world.bob, event, data(title=event.title, **moved))
    event.refresh_from_db()
    assert event.sequence == 1 and event.reminded is None
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Changed" in subjects[personas.carol.email]
    assert "modifié" in subjects[world.alice.email].lower()
    body = [m for m in mail.outbox if m.to == [personas.carol.email]][0]
    calendar = Calendar.from_ical(body.attachments[0][1])
    (vevent,) = calendar.walk("VEVENT")
    assert int(vevent["sequence"]) == 1
    # A change of title alone tells nobody.
    mail.outbox.clear()
    services.edit_event(world.bob, event, data(title="Nouveau titre", **moved))
    assert mail.outbox == []


def test_cancelling_tells_everyone_registered_and_calendars_get_cancelled(world, personas):
    event = world.private_event
    services.register(world.alice, event, "going")
    mail.outbox.clear()
    with pytest.raises(CommunityRefusal):
        services.cancel_event(world.alice, event, "Non")
    services.cancel_event(world.bob, event, "La salle est fermée.")
    (sent,) = mail.outbox
    assert "La salle est fermée." in sent.body
    assert LINK not in sent.body  # a cancelled event's link is no use, and not sent
    calendar = Calendar.from_ical(events_mail.calendar([(Event.objects.get(pk=event.pk), False)]))
    assert calendar["method"] == "CANCEL"
    (vevent,) = calendar.walk("VEVENT")
    assert (vevent["status"], int(vevent["sequence"])) == ("CANCELLED", 1)
    with pytest.raises(CommunityRefusal) as refused:
        services.register(world.alice, event, "going")
    assert refused.value.code == "conflict"


def test_reminders_go_once_the_day_before_to_people_holding_a_place(world, personas):
    soon = world.public_event
    Event.objects.filter(pk=soon.pk).update(
        starts=later(days=0, hours=20), ends=later(days=0, hours=22)
    )
    services.register(world.alice, soon, "going")
    services.register(personas.carol, soon, "not_going")
    mail.outbox.clear()
    assert services.send_due_reminders() == 1
    assert services.send_due_reminders() == 0
    assert [m.to for m in mail.outbox] == [[world.alice.email]]
    assert LINK in mail.outbox[0].body  # she holds a place: the link is hers
    assert Notification.objects.filter(kind="community_event", data__event="reminder").count() == 1


def test_the_ics_holds_the_event_as_calendars_read_it(world):
    event = world.agency_event
    calendar = Calendar.from_ical(events_mail.calendar([(event, False)]))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == event.title
    assert str(vevent["uid"]).startswith(event.uid.split("@")[0])
    assert vevent.decoded("dtstart") == event.starts
    assert vevent.decoded("dtend") == event.ends
    assert LINK not in calendar.to_ical().decode()
    assert "Ottawa" in str(vevent["location"])


def test_the_attendees_csv_neutralises_formulas(world, personas):
    event = services.edit_event(
        world.bob, world.public_event, data(questions=[{"label": "Employeur ?", "required": False}])
    )
    services.register(world.alice, event, "going", ['=HYPERLINK("http://evil.example","x")'])
    rows = queries.attendee_rows(event)
    from tremplin.core.exports import csv_bytes

    text = csv_bytes(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text and '"=HYPERLINK' not in text


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"starts": later(days=-1), "ends": later(days=1)}, "starts"),
        ({"ends": later(days=4)}, "ends"),
        ({"format": "online", "online_url": "http://plain.example"}, "online_url"),
        ({"city": ""}, "city"),
        ({"venue": "Chez moi, K1A 0B1"}, "venue"),
        ({"time_zone": "Europe/Paris"}, "time_zone"),
        ({"questions": [{"label": f"Q{i}"} for i in range(6)]}, "questions"),
    ],
)
def test_bad_input_is_refused_on_its_field(world, changes, field):
    with pytest.raises(CommunityRefusal) as refused:
        services.create_event(world.bob, data(**changes), community=world.public)
    assert refused.value.field == field


def test_only_moderators_and_staff_organise(world, personas):
    with pytest.raises(CommunityRefusal) as refused:
        services.create_event(world.alice, data(), community=world.public)
    assert refused.value.code == "forbidden"
    with pytest.raises(CommunityRefusal):
        services.create_event(personas.carol, data(), organization_id=personas.agency.pk)
    made = services.create_event(personas.erin, data(), organization_id=personas.agency.pk)
    assert made.is_organised_by(personas.dave) and not made.is_organised_by(personas.carol)


def test_erasing_an_account_frees_its_place_for_the_next(world, personas):
    event = services.edit_event(world.bob, world.public_event, data(capacity=1))
    services.register(world.alice, event, "going")
    services.register(personas.carol, event, "going")
    services.calendar_feed(world.alice)
    assert services.erase_personal_data(world.alice) == 1
    event.refresh_from_db()
    assert (event.going_count, event.waitlist_count) == (1, 0)
    assert not Registration.objects.get(user=personas.carol).waitlisted
    assert queries.personal_data(world.alice) == {"registrations": [], "calendar_feed": False}


def test_registration_closes_when_the_event_starts(world):
    Event.objects.filter(pk=world.public_event.pk).update(
        starts=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(CommunityRefusal) as refused:
        services.register(world.alice, Event.objects.get(pk=world.public_event.pk), "going")
    assert refused.value.code == "conflict"
