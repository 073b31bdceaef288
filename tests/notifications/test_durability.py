"""Exactly-once email: the claim (pending → sending) lets one worker send; a worker
that dies after the claim, or a task that never ran, is finished by the sweeper
(`manage.py deliver_notifications`) with the same Message-ID: one email, never two."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.notifications.conftest import choose
from tremplin.feed.hooks import MENTION
from tremplin.network.hooks import CONNECTION_REQUEST
from tremplin.notifications.models import Delivery, EmailState, Notification
from tremplin.notifications.tasks import claim, deliver, send_claimed, send_digest_for, sweep

# Both databases: exactly-once email claims, and the partial index each database builds.
pytestmark = pytest.mark.both_databases


@pytest.fixture
def emailed(personas):
    choose(personas.alice, CONNECTION_REQUEST, Delivery.EMAIL)
    choose(personas.alice, MENTION, Delivery.DIGEST)
    return personas.alice


def age(minutes: int, **filters) -> None:
    """Pretend the rows matched were claimed / updated `minutes` ago."""
    past = timezone.now() - timedelta(minutes=minutes)
    Notification.objects.filter(**filters).update(email_claimed_at=past, updated=past)


def sweeper() -> None:
    call_command("deliver_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_worker_that_crashes_after_the_claim_is_finished_by_the_sweeper(emailed, personas, make):
    with mock.patch(
        "tremplin.core.email.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
    ):
        row = make(emailed, CONNECTION_REQUEST, actor=personas.carol)
    row.refresh_from_db()
    assert row.email_state == EmailState.SENDING  # claimed, never finished
    assert mail.outbox == []

    sweeper()  # too early: the claim may still be alive
    assert mail.outbox == []

    age(11, pk=row.pk)
    sweeper()
    sweeper()  # and again: nothing more to do
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith(f"<notification-{row.pk}.1@")
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT


def test_a_send_that_went_out_before_the_crash_is_recognisable_when_sent_again(
    emailed, personas, make
):
    """The worker sent, then died before recording it: the retry carries the same
    Message-ID, so the receiving side can drop the duplicate."""
    real_update = Notification.objects.filter(pk=0).update.__func__  # QuerySet.update

    def die_when_recording(queryset, **changes):
        if changes.get("email_state") == EmailState.SENT:
            raise RuntimeError("worker killed")
        return real_update(queryset, **changes)

    with mock.patch("django.db.models.query.QuerySet.update", die_when_recording):
        row = make(emailed, CONNECTION_REQUEST, actor=personas.carol)
    age(11, pk=row.pk)
    sweeper()
    assert len(mail.outbox) == 2
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 1


def test_a_task_that_never_ran_is_queued_again_by_the_sweeper(
    emailed, personas, made_but_not_delivered
):
    row = made_but_not_delivered(emailed, CONNECTION_REQUEST, actor=personas.carol)
    assert row.email_state == EmailState.PENDING
    sweeper()  # under a minute: its task may simply be queued
    assert mail.outbox == []
    age(2, pk=row.pk)
    sweeper()
    sweeper()
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT


def test_only_one_of_two_workers_wins_the_claim(emailed, personas, made_but_not_delivered):
    row = made_but_not_delivered(emailed, CONNECTION_REQUEST, actor=personas.carol)
    assert claim(row.pk) is True
    assert claim(row.pk) is False
    deliver.call(row.pk)  # a duplicate task: the row is not pending any more
    assert mail.outbox == []
    assert send_claimed(row.pk) is True
    assert send_claimed(row.pk) is False
    assert len(mail.outbox) == 1


def test_a_digest_that_crashed_is_sent_once_by_the_sweeper(emailed, personas, make):
    make(emailed, MENTION, actor=personas.bob)
    make(emailed, MENTION, actor=personas.carol)
    with (
        mock.patch(
            "tremplin.core.email.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
        ),
        pytest.raises(OSError),
    ):
        send_digest_for(emailed.pk)
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.DIGESTING}
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []  # claimed by the dead run: not sent twice
    age(11)
    assert sweep()["digests_resent"] == 1
    assert sweep()["digests_resent"] == 0
    assert len(mail.outbox) == 1
    assert "Bob Roy" in mail.outbox[0].body and "Carol Singh" in mail.outbox[0].body
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


def test_the_periodic_clock_runs_the_sweeper_and_the_digest_once_a_day(
    emailed, personas, make, made_but_not_delivered, settings
):
    from tremplin.notifications.tasks import digest_due

    settings.NOTIFICATIONS_DIGEST_HOUR = 0

    make(emailed, MENTION, actor=personas.bob)
    lost = made_but_not_delivered(emailed, CONNECTION_REQUEST, actor=personas.carol)
    age(2, pk=lost.pk)
    call_command("run_periodic", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2  # the lost email and the digest
    call_command("run_periodic", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2

    now = timezone.now()
    today = timezone.localtime(now).date()
    assert digest_due(now.replace(hour=12), 7, None) is True
    assert digest_due(now, 0, today) is False


@pytest.mark.parametrize(
    "rows",
    [
        Notification.objects.filter(
            email_state=EmailState.SENDING, email_claimed_at__lt=timezone.now()
        ),
        Notification.objects.filter(email_state=EmailState.DIGEST).values("recipient_id"),
        Notification.objects.filter(
            email_state=EmailState.DIGESTING, email_claimed_at__lt=timezone.now()
        ),
        # (The real query also names the kind, which the job-alert unique index covers
        # too: on an empty table the planner may take either.)
        Notification.objects.filter(email_state=EmailState.HELD),
    ],
    ids=["stuck sending", "digests due", "stuck digests", "held alerts"],
)
@pytest.mark.django_db
def test_the_senders_and_sweepers_find_their_rows_by_the_email_work_index(rows):
    """The index holds only the rows with email work (most rows have none: a job alert's
    10,000 in-app rows skip it). On PostgreSQL each query the senders and the sweeper run
    is proved to fall inside it; SQLite (development) has the same partial index."""
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'notif_email_work'")
            (sql,) = cursor.fetchone()
            cursor.execute("SET LOCAL enable_seqscan = off")
            assert "notif_email_work" in rows.explain()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'notif_email_work'")
            (sql,) = cursor.fetchone()
    assert "WHERE" in sql and "'pending'" in sql and "'none'" not in sql
