"""A large fan-out on PostgreSQL is told on two connections at once, each telling one
range of members (`matching.member_ranges`); on SQLite, and inside a transaction, on
one. These tests commit for real (the other connection must see the alerts), and make
every fan-out "large" (PARALLEL_FROM = 1, every candidate sampled)."""

from __future__ import annotations

import threading
from datetime import time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tests.factories import OrganizationFactory, UserFactory, make_member
from tremplin.job_alerts import matching, services
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.job_alerts.models import AlertOutbox, Delivery
from tremplin.job_alerts.tasks import catch_up
from tremplin.jobs.models import Posting, PostingStatus
from tremplin.notifications.models import EmailState, Notification
from tremplin.organizations.models import OrgKind, Role

# Both databases: the fan-out on two connections (PostgreSQL) or one (SQLite).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.both_databases]

MEMBERS = 24
POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def soudeurs(monkeypatch):
    """MEMBERS members with an alert for "soudeur"; the last one has a second alert that
    emails (their strongest), and an employer to post."""
    monkeypatch.setattr(matching, "PARALLEL_FROM", 1)
    monkeypatch.setattr(matching, "SAMPLE", 1)
    # Noon where quiet hours are counted: the email alert is sent, not held till morning.
    monkeypatch.setattr(matching, "local_now", lambda: time(12, 0))
    members = [UserFactory(email=f"soudeur{i}@example.org") for i in range(MEMBERS)]
    for member in members:
        services.save_search(member, {"name": "Soudure", "q": "soudeur", "is_alert": True})
    services.save_search(
        members[-1],
        {"name": "Soudure (courriel)", "q": "soudeur", "is_alert": True,
         "delivery": Delivery.EMAIL},
    )  # fmt: skip
    employer = OrganizationFactory(
        kind=OrgKind.EMPLOYER, name="Soudures Nord", slug="soudures-nord", verified=True
    )
    return members, make_member(employer, Role.ADMIN, email="vera@example.org"), employer


def publish(poster, employer) -> Posting:
    from tremplin.jobs.services import transition

    posting = Posting.objects.create(
        organization=employer,
        posted_by=poster,
        hiring_organization_name="Soudures Nord",
        title_fr="Soudeur ou soudeuse",
        description_fr="Soudure MIG en atelier.",
        region="ON",
        status=PostingStatus.DRAFT,
    )
    transition(posting, PostingStatus.OPEN, by=poster)  # commits: the task runs at once
    return posting


def told(posting) -> list[int]:
    return list(
        Notification.objects.filter(
            kind=JOB_ALERT,
            target_type=ContentType.objects.get_for_model(Posting),
            target_id=posting.pk,
        ).values_list("recipient_id", flat=True)
    )


def test_members_are_cut_into_ranges_that_cover_every_id(soudeurs, monkeypatch):
    members, poster, employer = soudeurs
    ids = sorted(m.pk for m in members)
    if not POSTGRES:
        # SQLite (one writer at a time) never splits, nor asks for ranges.
        monkeypatch.setattr(matching, "member_ranges", lambda *args: pytest.fail("split"))
        assert sorted(told(publish(poster, employer))) == ids
        return
    posting = publish(poster, employer)
    ranges = matching.member_ranges(posting, 2)
    assert len(ranges) == 2
    (low, cut), (above, upto) = ranges
    assert low == 0 and above == cut and upto is None  # no gap, no overlap, open-ended
    assert ids[0] <= cut < ids[-1]
    inside = [pk for pk in ids if pk <= cut]
    assert abs(len(inside) - len(ids) / 2) <= 1  # the cut is the owners' median
    # A small fan-out (under PARALLEL_FROM candidates) stays on one connection.
    monkeypatch.setattr(matching, "PARALLEL_FROM", 10 * MEMBERS)
    assert matching.member_ranges(posting, 2) == [(0, None)]


def test_every_member_is_told_once_and_the_ranges_ran_at_once(soudeurs, monkeypatch):
    members, poster, employer = soudeurs
    threads = set()
    monkeypatch.setattr(matching, "BATCH", 5)  # several batches in each range
    monkeypatch.setattr(
        matching, "after_batch", lambda done: threads.add(threading.current_thread().name)
    )
    posting = publish(poster, employer)
    recipients = told(posting)
    assert sorted(recipients) == sorted(m.pk for m in members)  # all, and each once
    # The member with two alerts got their strongest: the one that emails.
    strongest = Notification.objects.get(recipient=members[-1], target_id=posting.pk)
    assert strongest.data["alert"] == "Soudure (courriel)"
    assert strongest.email_state == EmailState.SENT  # the immediate task backend sent it
    if POSTGRES:
        assert len(threads) == 2  # the main thread and one other, with its connection
    else:
        assert threads == {threading.current_thread().name}
    # Matching the posting again tells nobody twice.
    outbox = AlertOutbox.objects.get(posting=posting)
    AlertOutbox.objects.filter(pk=outbox.pk).update(processed_at=None)
    assert matching.process(outbox.pk) == 0
    assert len(told(posting)) == MEMBERS


def test_a_failing_range_lets_the_other_finish_and_the_catch_up_ends(soudeurs, monkeypatch):
    """The other range's thread dies after its first batch: the main range still tells
    all its members, the error reaches the task (the outbox row stays to do), and the
    catch-up tells the rest, each member once."""
    members, poster, employer = soudeurs
    monkeypatch.setattr(matching, "BATCH", 3)

    class Crash(Exception):
        pass

    def die_off_main(done: int) -> None:
        if threading.current_thread() is not threading.main_thread():
            raise Crash(done)

    monkeypatch.setattr(matching, "after_batch", die_off_main)
    posting = publish(poster, employer)  # the immediate task backend records the failure
    outbox = AlertOutbox.objects.get(posting=posting)
    if POSTGRES:
        assert outbox.processed_at is None
        recipients = told(posting)
        assert len(recipients) == len(set(recipients)) < MEMBERS
        # The main range ran to its end: every member at or under the cut was told.
        (_, cut), _ = matching.member_ranges(posting, 2)
        assert {m.pk for m in members if m.pk <= cut} <= set(recipients)
    else:
        assert outbox.processed_at is not None  # one range, in the main thread
    monkeypatch.setattr(matching, "after_batch", None)
    catch_up(lost_after=timedelta(0))
    assert sorted(told(posting)) == sorted(m.pk for m in members)
