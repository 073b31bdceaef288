"""The event pages and API as people use them: organise through the form (bad input
keeps the text and says why, in French and English), register and change one's answer,
"My events" with the calendar address, the filtered list; the API's documented codes."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string

from tests.communities.events_world import LINK, later, make_world
from tests.conftest import client_for
from tremplin.communities import tabs
from tremplin.communities.models import CalendarFeed, Event, Registration
from tremplin.communities.services import events as services
from tremplin.communities.services import events_mail

pytestmark = pytest.mark.django_db
API = "/api/v1/communities/events"
LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def world(personas):
    return make_world(personas)


def form(world, **changes):
    values = {
        "organiser": f"community:{world.private.pk}",
        "title": "Atelier entrevue",
        "kind": "workshop",
        "description": "Venez **préparer** vos entrevues.",
        "language": "fr",
        "format": "in_person",
        "venue": "Bibliothèque centrale",
        "city": "Gatineau",
        "starts": later(days=4).strftime(LOCAL),
        "ends": later(days=4, hours=2).strftime(LOCAL),
        "time_zone": "America/Toronto",
        "capacity": "20",
        "questions": "* Votre métier ?\nAvez-vous un CV ?",
        "audience": "members",
    }
    values.update(changes)
    return values


def test_a_moderator_organises_through_the_form_and_bad_input_keeps_the_text(world):
    bob = client_for(world.bob)
    assert bob.get("/fr/events/new/").status_code == 200
    bad = bob.post("/en/events/new/", form(world, city="", title="Mon titre gardé"))
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Give the city where the event takes place." in page
    assert "Mon titre gardé" in page
    bad = bob.post("/fr/events/new/", form(world, ends=later(days=3).strftime(LOCAL)))
    assert "L’événement doit finir après son début." in bad.content.decode()
    made = bob.post("/fr/events/new/", form(world))
    assert made.status_code == 302
    event = Event.objects.get(title="Atelier entrevue")
    assert made["Location"] == f"/fr/communities/events/{event.pk}/"
    assert event.questions == [
        {"label": "Votre métier ?", "required": True},
        {"label": "Avez-vous un CV ?", "required": False},
    ]
    page = bob.get(made["Location"]).content.decode()
    assert "<strong>préparer</strong>" in page
    edit = bob.get(f"/fr/communities/events/{event.pk}/edit/")
    assert "Votre métier" in edit.content.decode()


def test_a_member_cannot_organise_and_a_stranger_meets_a_403(world):
    assert client_for(world.alice).get("/fr/events/new/").status_code == 403
    forged = client_for(world.alice).post("/fr/events/new/", form(world))
    assert forged.status_code == 403


def test_a_member_registers_answers_and_changes_her_mind(world):
    event = world.private_event
    Event.objects.filter(pk=event.pk).update(
        questions=[{"label": "Votre métier ?", "required": True}], capacity=1
    )
    alice = client_for(world.alice)
    url = f"/fr/communities/events/{event.pk}/register/"
    missing = alice.post(url, {"rsvp": "going", "answer_0": ""})
    assert missing.status_code == 400
    assert "Répondez à la question" in missing.content.decode()
    assert alice.post(url, {"rsvp": "going", "answer_0": "Soudeuse"}).status_code == 302
    page = alice.get(f"/fr/communities/events/{event.pk}/").content.decode()
    assert "Vous y allez." in page
    bob = client_for(world.bob)
    assert bob.post(url, {"rsvp": "going", "answer_0": "Chef"}).status_code == 302
    page = bob.get(f"/en/communities/events/{event.pk}/").content.decode()
    assert "You are on the waiting list, in position 1." in page
    mine = bob.get("/en/events/mine/").content.decode()
    assert "Waiting list" in mine and ".ics" not in mine  # a GET makes no address
    assert bob.post("/en/events/calendar/renew/").status_code == 302
    feed = CalendarFeed.objects.get(user=world.bob)
    assert f"/en/events/calendar/{feed.token}.ics" in bob.get("/en/events/mine/").content.decode()
    attendees = bob.get(f"/fr/communities/events/{event.pk}/attendees/").content.decode()
    assert "Soudeuse" in attendees and "Chef" in attendees


def test_the_list_filters_by_kind_place_and_city(world):
    Event.objects.filter(pk=world.public_event.pk).update(format="online", city="", venue="")
    Event.objects.filter(pk=world.agency_event.pk).update(format="in_person", online_url="")
    carol = client_for(world.carol)
    online = carol.get("/fr/events/?where=online").content.decode()
    assert world.public_event.title in online and world.agency_event.title not in online
    ottawa = carol.get("/fr/events/?where=in_person&city=ottawa").content.decode()
    assert world.agency_event.title in ottawa and world.public_event.title not in ottawa
    agency = carol.get(f"/en/events/?organization={world.agency.slug}").content.decode()
    assert "Events of Agence Horizon" in agency and world.public_event.title not in agency


def api(client, method, url, body=None):
    return getattr(client, method)(
        API + url, json.dumps(body or {}), content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip


def test_the_api_organises_registers_and_answers_with_documented_codes(world):
    bob, alice = client_for(world.bob), client_for(world.alice)
    body = {
        "community": world.public.slug,
        "title": "Job fair",
        "kind": "job_fair",
        "format": "online",
        "online_url": "https://meet.example.org/fair",
        "starts": later(days=2).isoformat(),
        "ends": later(days=2, hours=3).isoformat(),
        "capacity": 1,
        "questions": [{"label": "Sector?", "required": False}],
    }
    made = api(bob, "post", "", body)
    assert made.status_code == 201, made.content
    event = made.json()
    assert event["online_url"] == "https://meet.example.org/fair" and event["organiser"]
    assert api(alice, "post", "", body).status_code == 403
    both = api(bob, "post", "", {**body, "organization_id": world.agency.pk})
    assert both.status_code == 422
    naive = api(bob, "post", "", {**body, "starts": "2031-01-01T10:00:00"})
    assert naive.status_code == 422
    assert (
        api(bob, "post", "", {**body, "format": "online", "online_url": "ftp://x"}).status_code
        == 422
    )
    registered = api(
        alice, "put", f"/{event['id']}/registration", {"rsvp": "going", "answers": ["Health"]}
    )
    assert registered.status_code == 200 and not registered.json()["waitlisted"]
    mine = alice.get(f"{API}/{event['id']}/registration").json()
    assert mine["answers"] == [{"question": "Sector?", "answer": "Health"}]
    assert client_for(world.carol).get(f"{API}/{event['id']}/registration").status_code == 404
    changed = api(bob, "put", f"/{event['id']}", {**body, "capacity": 3, "community": None} | {})
    assert changed.status_code == 422  # "community" is not a field of an edit
    body.pop("community")
    changed = api(bob, "put", f"/{event['id']}", {**body, "title": "Salon"})
    assert changed.status_code == 200 and changed.json()["sequence"] == 1
    cancelled = api(bob, "post", f"/{event['id']}/cancel", {"reason": "Storm"})
    assert cancelled.status_code == 200
    assert api(bob, "post", f"/{event['id']}/cancel", {"reason": "Again"}).status_code == 409
    again = api(alice, "put", f"/{event['id']}/registration", {"rsvp": "maybe"})
    assert again.status_code == 409
    assert alice.get(f"{API}/calendar").json() == {"url": None}
    made = api(alice, "post", "/calendar/renew").json()["url"]
    shown = alice.get(f"{API}/calendar", HTTP_ACCEPT_LANGUAGE="en").json()["url"]
    assert "/en/events/calendar/" in made and shown == made
    renewed = api(alice, "post", "/calendar/renew")
    assert renewed.status_code == 200 and renewed.json()["url"] != made
    assert Registration.objects.filter(user=world.alice).count() == 1


def test_the_community_tab_lists_its_events_and_offers_moderators_to_organise(world):
    (tab,) = [t for t in tabs.all_tabs() if t.key == "events"]
    for viewer, organises in ((world.bob, True), (world.alice, False)):
        context = {"community": world.private, "membership": None, "viewer": viewer}
        context.update(tab.context(world.private, viewer))
        html = render_to_string(tab.template, context)
        assert world.private_event.title in html
        assert (f"for=community:{world.private.pk}" in html) == organises


def test_times_are_typed_in_the_events_zone_and_shown_in_both(world):
    bob = client_for(world.bob)
    starts = later(days=8).replace(hour=10, minute=0)
    made = bob.post(
        "/en/events/new/",
        form(
            world,
            time_zone="America/Vancouver",
            starts=starts.strftime(LOCAL),
            ends=starts.replace(hour=12).strftime(LOCAL),
        ),
    )
    assert made.status_code == 302
    event = Event.objects.get(title="Atelier entrevue")
    local = event.starts.astimezone(ZoneInfo("America/Vancouver"))
    assert (local.hour, local.minute) == (10, 0)
    page = bob.get(made["Location"]).content.decode()
    assert "America/Vancouver" in page and "Your time:" in page


def test_a_reminder_reads_in_the_notifications_page_without_the_link(world):
    services.register(world.alice, world.private_event, "going")
    events_mail.tell(world.private_event, world.alice.pk, "reminder")
    page = client_for(world.alice).get("/fr/notifications/").content.decode()
    title = world.private_event.title
    assert f"Rappel\u00a0: «\u00a0{title}\u00a0» commence dans moins d’un jour." in page
    assert LINK not in page
