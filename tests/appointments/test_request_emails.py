"""A client whose request is declined, or expires unanswered, gets an email in her own
language (besides the notification), without an .ics: no calendar ever had it."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tremplin.appointments import queries, requesting
from tremplin.appointments.models import Appointment
from tremplin.appointments.tasks import send_request_answer
from tremplin.availability.services import Slot, set_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(crew):
    set_week(crew.dave, [Slot(d, time(9), time(17)) for d in range(7)], "America/Toronto")
    first = queries.free_times(crew.case, 60)[0]
    return requesting.request(crew.alice, crew.case, starts_at=first, duration=60, mode="phone")


def test_a_declined_request_is_emailed_in_the_clients_language(
    crew, asked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        requesting.decline(crew.dave, asked, "Je suis en formation ce jour-là.")
    (message,) = mail.outbox
    assert message.to == [crew.alice.email]
    assert message.subject.endswith("Dave Côté a refusé le rendez-vous que vous avez demandé")
    assert "Je suis en formation ce jour-là." in message.body
    assert not message.attachments
    # A retry once the request is no longer in that state sends nothing more.
    send_request_answer.call(asked.pk, "expired")
    assert len(mail.outbox) == 1


def test_an_expired_request_is_emailed_once_in_english(
    crew, asked, django_capture_on_commit_callbacks
):
    crew.alice.language = "en"
    crew.alice.save(update_fields=["language"])
    Appointment.objects.filter(pk=asked.pk).update(starts_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert requesting.expire_requests() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert requesting.expire_requests() == 0
    (message,) = mail.outbox
    assert "was not answered in time" in message.subject
    assert "You may ask for another time on your case page:" in message.body
