"""A client's requests for an appointment: the lifecycle, what makes the counsellor busy,
the limits, the expiry sweep, the notifications in each recipient's language, and no
.ics until the counsellor confirms."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from tremplin.appointments import queries, requesting, services
from tremplin.appointments.hooks import APPOINTMENT_REQUEST
from tremplin.appointments.models import Appointment, AppointmentStatus
from tremplin.appointments.services import AppointmentRefusal
from tremplin.availability.queries import free_slots
from tremplin.availability.services import Slot, set_week
from tremplin.notifications.models import Notification
from tremplin.notifications.rendering import render_one

pytestmark = pytest.mark.django_db


def open_all_week(user) -> None:
    set_week(user, [Slot(day, time(9), time(17)) for day in range(7)], "America/Toronto")


@pytest.fixture
def open_dave(crew):
    open_all_week(crew.dave)
    return crew


def ask(crew, when, **extra):
    extra.setdefault("duration", 60)
    extra.setdefault("mode", "video")
    return requesting.request(crew.alice, crew.case, starts_at=when, **extra)


def said(user, event):
    notification = Notification.objects.get(recipient=user, kind=APPOINTMENT_REQUEST)
    assert notification.data == {"event": event}
    return render_one(user, notification).text


def test_a_request_is_confirmed_and_only_then_invited(
    open_dave, django_capture_on_commit_callbacks
):
    crew = open_dave
    first = queries.free_times(crew.case, 60)[0]
    with django_capture_on_commit_callbacks(execute=True):
        made = ask(crew, first, message="Préparer mon entrevue chez Acme")
    assert (made.status, made.requested_by, made.invited) == ("requested", crew.alice, False)
    assert "Alice" in said(crew.dave, "requested") and "vous demande un rendez-vous" in said(
        crew.dave, "requested"
    )
    assert mail.outbox == []  # no invitation for a request
    assert not Appointment.objects.visible_to(crew.dave).scheduled().exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = requesting.confirm(crew.dave, made, "https://meet.example.org/salle")
    assert (done.status, done.video_url, done.invited) == (
        "scheduled",
        "https://meet.example.org/salle",
        True,
    )
    assert done.confirmed_at is not None
    assert "a confirmé le rendez-vous" in said(crew.alice, "confirmed")
    (message,) = mail.outbox
    assert message.to == [crew.alice.email] and "Nouveau rendez-vous" in message.subject
    assert any("text/calendar" in attachment[2] for attachment in message.attachments)
    with pytest.raises(AppointmentRefusal) as refused:
        requesting.confirm(crew.dave, done)
    assert refused.value.code == "transition"


def test_free_times_leave_out_what_is_booked_or_asked_for(open_dave):
    crew = open_dave
    times = queries.free_times(crew.case, 60)
    booked_at, asked_at = times[0], times[4]
    services.book(crew.dave, crew.case, starts_at=booked_at, duration=60, mode="phone")
    ask(crew, asked_at)
    now = queries.free_times(crew.case, 60)
    half = timedelta(minutes=30)
    for taken in (booked_at, asked_at):
        assert taken not in now
        assert taken - half not in now and taken + half not in now  # they would overlap
    assert times[8] in now
    # The busy provider is what availability subtracts, for any app that asks.
    assert asked_at not in free_slots(crew.dave, asked_at, asked_at + timedelta(hours=1), 60)
    # And the counsellor's own booking cannot overlap a request waiting either.
    with pytest.raises(AppointmentRefusal) as refused:
        services.book(crew.dave, crew.case, starts_at=asked_at, duration=30, mode="phone")
    assert refused.value.code == "overlap"


def test_a_time_taken_meanwhile_or_outside_the_hours_is_refused(open_dave):
    crew = open_dave
    chosen = queries.free_times(crew.case, 30)[0]
    services.book(crew.dave, crew.case, starts_at=chosen, duration=30, mode="phone")
    with pytest.raises(AppointmentRefusal) as taken:
        ask(crew, chosen, duration=30)
    assert taken.value.code == "overlap" and "vient d’être pris" in str(taken.value)
    night = timezone.localtime(chosen).replace(hour=3) + timedelta(days=1)
    with pytest.raises(AppointmentRefusal) as closed:
        ask(crew, night)
    assert closed.value.code == "overlap"
    with pytest.raises(AppointmentRefusal) as length:
        ask(crew, chosen + timedelta(days=1), duration=45)
    assert length.value.code == "invalid"


def test_at_most_three_requests_wait_per_case(open_dave):
    crew = open_dave
    times = queries.free_times(crew.case, 60)
    for moment in times[0:12:4]:
        ask(crew, moment)
    with pytest.raises(AppointmentRefusal) as refused:
        ask(crew, times[16])
    assert refused.value.code == "transition"


def test_only_the_client_asks_only_the_counsellor_answers(open_dave):
    crew = open_dave
    moment = queries.free_times(crew.case, 60)[0]
    with pytest.raises(AppointmentRefusal) as refused:
        requesting.request(crew.dave, crew.case, starts_at=moment, duration=60, mode="video")
    assert refused.value.code == "forbidden"
    made = ask(crew, moment)
    for action in (requesting.confirm, requesting.decline):
        with pytest.raises(AppointmentRefusal) as wrong:
            action(crew.alice, made)
        assert wrong.value.code == "forbidden"
    with pytest.raises(AppointmentRefusal) as cancel:
        services.cancel(crew.dave, made)
    assert cancel.value.code == "forbidden"


def test_declined_then_withdrawn_each_tell_the_other_party(crew, open_dave):
    times = queries.free_times(crew.case, 60)
    first, second = ask(crew, times[0]), ask(crew, times[4])
    done = requesting.decline(crew.dave, first, "Je suis en formation ce jour-là.")
    assert (done.status, done.cancelled_reason) == ("declined", "Je suis en formation ce jour-là.")
    with translation.override("en"):
        assert said(crew.alice, "declined") == "Dave Côté declined the appointment you asked for."
    Notification.objects.filter(recipient=crew.dave).delete()
    withdrawn = services.cancel(crew.alice, second)
    assert (withdrawn.status, withdrawn.sequence, withdrawn.invited) == ("cancelled", 0, False)
    assert "a retiré une demande de rendez-vous" in said(crew.dave, "withdrawn")
    assert mail.outbox == []
    assert times[0] in queries.free_times(crew.case, 60)  # the time is free again


def test_the_expiry_sweep_is_idempotent_and_tells_the_client(crew, open_dave):
    made = ask(crew, queries.free_times(crew.case, 60)[0])
    assert requesting.expire_requests() == 0
    Appointment.objects.filter(pk=made.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    assert requesting.expire_requests() == 1
    assert requesting.expire_requests() == 0
    made.refresh_from_db()
    assert made.status == AppointmentStatus.EXPIRED and not made.invited
    assert "n’a pas reçu de réponse à temps" in said(crew.alice, "expired")
    assert Notification.objects.filter(recipient=crew.alice).count() == 1


def test_a_closed_case_cancels_its_waiting_requests_without_an_invitation(
    open_dave, django_capture_on_commit_callbacks
):
    from tremplin.counselling import services as counselling

    crew = open_dave
    made = ask(crew, queries.free_times(crew.case, 60)[0])
    with django_capture_on_commit_callbacks(execute=True):
        counselling.end(crew.alice, crew.case)
    made.refresh_from_db()
    assert made.status == "cancelled"
    assert not [m for m in mail.outbox if m.attachments]  # no calendar ever had it


def test_no_hours_no_free_times(crew):
    assert queries.free_times(crew.case, 60) == []
    open_all_week(crew.dave)
    assert queries.free_times(crew.case, 45) == []  # only 30 or 60 minutes
    hours, halves = queries.free_times(crew.case, 60), queries.free_times(crew.case, 30)
    assert set(hours) < set(halves)
    # Three whole weeks, though availability gives at most 200 times a call.
    assert len(halves) > 200 and halves[-1] - halves[0] > timedelta(days=20)


def test_the_time_is_checked_again_once_the_lock_is_held(open_dave, monkeypatch):
    """The race: another request for the same time commits while this one waits for the
    counsellor's row lock. The free-time check must come after the lock, so it sees it."""
    crew = open_dave
    moment = queries.free_times(crew.case, 60)[0]
    taken_meanwhile = requesting.lock_counsellor

    def lock_after_the_other_one_committed(counsellor):
        taken_meanwhile(counsellor)
        Appointment.objects.create(
            case=crew.case, starts_at=moment, duration=30, status="requested"
        )

    monkeypatch.setattr(requesting, "lock_counsellor", lock_after_the_other_one_committed)
    with pytest.raises(AppointmentRefusal) as refused:
        ask(crew, moment)
    assert refused.value.code == "overlap"
