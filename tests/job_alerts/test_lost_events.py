"""Jobs' events are dispatched after the posting's commit; a process that dies in
between loses the event, not the posting's trace of it (`Posting.last_event`). The
catch-up writes what our handler would have: one outbox row per opening, matched once.

In these tests the test's own transaction never commits, so an event sent without
`django_capture_on_commit_callbacks` is an event lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tremplin.job_alerts import handlers, services
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.job_alerts.models import AlertOutbox
from tremplin.job_alerts.tasks import catch_up
from tremplin.jobs.models import Posting, PostingEvent, PostingStatus
from tremplin.jobs.services import transition
from tremplin.notifications.models import Notification

pytestmark = pytest.mark.django_db


def told(posting) -> list[int]:
    return list(
        Notification.objects.filter(
            kind=JOB_ALERT,
            target_type=ContentType.objects.get_for_model(Posting),
            target_id=posting.pk,
        ).values_list("recipient", flat=True)
    )


def test_an_opening_whose_event_was_lost_is_matched_by_the_catch_up(
    employers, make_posting, django_capture_on_commit_callbacks
):
    services.save_search(employers.alice, {"name": "Pain", "q": "boulanger", "is_alert": True})
    posting = make_posting(open_it=False)
    transition(posting, PostingStatus.OPEN)  # committed; the handler never ran
    posting.refresh_from_db()
    assert posting.last_event == PostingEvent.OPENED
    assert not AlertOutbox.objects.filter(posting=posting).exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert catch_up(lost_after=timedelta(0)) == 1
    [row] = AlertOutbox.objects.filter(posting=posting)
    assert row.event_at == posting.last_event_at and row.processed_at is not None
    assert told(posting) == [employers.alice.pk]
    assert catch_up(lost_after=timedelta(0)) == 0  # nothing left


def test_the_catch_up_waits_for_the_handler_and_forgets_old_events(employers, make_posting):
    posting = make_posting(open_it=False)
    transition(posting, PostingStatus.OPEN)
    catch_up()
    assert not AlertOutbox.objects.filter(posting=posting).exists()  # LOST_AFTER to go
    Posting.objects.filter(pk=posting.pk).update(
        last_event_at=timezone.now() - handlers.LOST_EVENTS_WINDOW - timedelta(minutes=1)
    )
    assert catch_up(lost_after=timedelta(0)) == 0
    assert not AlertOutbox.objects.filter(posting=posting).exists()


def test_an_opening_has_one_row_however_often_it_is_handled(employers, make_posting):
    posting = make_posting()  # the handler ran once the opening committed
    handlers.opened(posting.pk, False)  # again: a retry, or the catch-up at the same time
    assert AlertOutbox.objects.filter(posting=posting).count() == 1


def test_a_reopening_is_a_new_event_with_its_own_row(
    employers, make_posting, django_capture_on_commit_callbacks
):
    services.save_search(employers.alice, {"name": "Pain", "q": "boulanger", "is_alert": True})
    posting = make_posting()
    transition(posting, PostingStatus.CLOSED)
    transition(posting, PostingStatus.OPEN)  # its event is lost
    with django_capture_on_commit_callbacks(execute=True):
        assert catch_up(lost_after=timedelta(0)) == 1
    assert AlertOutbox.objects.filter(posting=posting).count() == 2
    assert told(posting) == [employers.alice.pk]  # still told once


def test_a_lost_update_is_caught_up_too(
    employers, make_posting, django_capture_on_commit_callbacks
):
    from tremplin.jobs import services as jobs

    services.save_search(employers.bob, {"name": "Levain", "q": "levain", "is_alert": True})
    posting = make_posting(
        description_fr="Rien de spécial.",
        apply_url="https://boulangerie.example.org/postuler",
        valid_through=timezone.now() + timedelta(days=20),
    )
    assert told(posting) == []
    jobs.update_posting(employers.victor, posting, {"description_fr": "Pain au levain."})
    posting.refresh_from_db()
    assert posting.last_event == PostingEvent.UPDATED  # and its event is lost
    with django_capture_on_commit_callbacks(execute=True):
        assert catch_up(lost_after=timedelta(0)) == 1
    assert told(posting) == [employers.bob.pk]
