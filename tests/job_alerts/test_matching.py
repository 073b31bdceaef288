"""Alerts at once: set-based matching, one notification per member, exactly once."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import UserFactory
from tremplin.job_alerts import handlers, matching, services
from tremplin.job_alerts.hooks import JOB_ALERT
from tremplin.job_alerts.models import AlertOutbox, Delivery
from tremplin.job_alerts.tasks import catch_up, send_due_quiet_emails
from tremplin.jobs.models import Posting, PostingAudience, Workplace
from tremplin.network.services import block
from tremplin.notifications.models import EmailState, Notification

# Both databases: alert matching and fan-out: PostgreSQL lexemes and batches, or SQLite tokens.
pytestmark = [pytest.mark.django_db, pytest.mark.both_databases]


def alert(owner, q="", **data):
    data.setdefault("name", q or "Tout")
    return services.save_search(owner, {"q": q, "is_alert": True, **data})


def job_alerts(posting=None):
    found = Notification.objects.filter(kind=JOB_ALERT)
    if posting is not None:
        found = found.filter(
            target_type=ContentType.objects.get_for_model(Posting), target_id=posting.pk
        )
    return found


def test_a_matching_alert_notifies_its_owner_once(employers, make_posting):
    alice = employers.alice
    alert(alice, "boulanger")
    alert(alice, "pain levain", name="Pain")  # a second matching alert: still one row
    posting = make_posting(title_fr="Boulanger de nuit")
    rows = list(job_alerts(posting))
    assert [n.recipient for n in rows] == [alice]
    assert rows[0].data["alert"] in ("boulanger", "Pain")
    assert rows[0].data["excerpt"] == "Boulanger de nuit"
    assert rows[0].email_state == EmailState.NONE
    assert AlertOutbox.objects.get(posting=posting).processed_at is not None


def test_accents_case_and_both_languages(employers, make_posting):
    alert(employers.alice, "Pâtissière")
    alert(employers.bob, "BAKER")
    alert(employers.carol, "plombier")
    posting = make_posting(title_fr="Patissiere", title_en="Pastry baker")
    assert set(job_alerts(posting).values_list("recipient", flat=True)) == {
        employers.alice.pk,
        employers.bob.pk,
    }


def test_every_keyword_and_every_filter_must_match(employers, make_posting):
    alert(employers.alice, "boulanger ottawa", region="ON", remote=False)
    alert(employers.bob, "boulanger", region="QC")
    alert(employers.carol, "boulanger toronto")
    alert(employers.erin, "boulanger", min_salary=60000)
    alert(employers.dave, "boulanger", employment_type="PART_TIME")
    alert(employers.frank, "", region="ON", language="fr")  # no keyword: filters only
    posting = make_posting(title_fr="Boulanger", city="Ottawa", employment_type="FULL_TIME")
    assert set(job_alerts(posting).values_list("recipient", flat=True)) == {
        employers.alice.pk,
        employers.frank.pk,
    }


def test_remote_and_salary_filters(employers, make_posting):
    alert(employers.alice, "", remote=True, min_salary=50000, name="Télétravail")
    posting = make_posting(workplace=Workplace.REMOTE, salary_min_yearly=55000)
    on_site = make_posting(salary_min_yearly=90000)
    assert job_alerts(posting).filter(recipient=employers.alice).exists()
    assert not job_alerts(on_site).filter(recipient=employers.alice).exists()


def test_paused_alerts_inactive_and_blocked_members_get_nothing(employers, make_posting):
    paused = alert(employers.alice, "boulanger")
    services.set_active(employers.alice, paused, False)
    alert(employers.bob, "boulanger")
    employers.bob.is_active = False
    employers.bob.save()
    alert(employers.carol, "boulanger")
    block(employers.carol, employers.victor)
    assert not job_alerts(make_posting()).exists()


def test_agency_only_postings_alert_only_their_audience(employers, make_posting):
    for person in (employers.alice, employers.bob, employers.dave, employers.frank):
        alert(person, "boulanger")
    posting = make_posting(
        audience=PostingAudience.AGENCY, agency=employers.agency, organization=None,
        posted_by=employers.dave,
    )  # fmt: skip
    told = set(job_alerts(posting).values_list("recipient", flat=True))
    # alice: an active client of the agency; dave: its counsellor (and the author).
    assert told == {employers.alice.pk, employers.dave.pk}


def test_audience_rule_agrees_with_visible_to(employers, make_posting):
    """matching.audience_q is visible_to turned around: check both on every persona."""
    posting = make_posting(
        audience=PostingAudience.AGENCY, agency=employers.agency, organization=None
    )
    people = [
        employers.alice, employers.bob, employers.carol, employers.dave, employers.erin,
        employers.frank, employers.greta, employers.mallory, employers.sam, employers.victor,
        employers.ursula,
    ]  # fmt: skip
    from tremplin.job_alerts.models import SavedSearch

    for person in people:
        alert(person, "", name=f"a{person.pk}")
    via_q = set(
        SavedSearch.objects.filter(matching.audience_q(posting)).values_list("owner", flat=True)
    )
    via_rule = {p.pk for p in people if posting.is_visible_to(p)}
    assert via_q == via_rule


def test_an_update_tells_only_newly_matching_members(employers, make_posting):
    from django.db import transaction

    alert(employers.alice, "boulanger")
    alert(employers.bob, "levain")
    posting = make_posting(description_fr="Rien de spécial.")
    assert set(job_alerts(posting).values_list("recipient", flat=True)) == {employers.alice.pk}
    Posting.objects.filter(pk=posting.pk).update(description_fr="Pain au levain.")
    with transaction.atomic():
        handlers.updated(posting_id=posting.pk)
    AlertOutbox.objects.filter(processed_at__isnull=True).values_list("pk", flat=True)
    for outbox in AlertOutbox.objects.filter(processed_at__isnull=True):
        matching.process(outbox.pk)
    assert sorted(job_alerts(posting).values_list("recipient", flat=True)) == sorted(
        [employers.alice.pk, employers.bob.pk]
    )


def test_reopening_does_not_notify_twice(
    employers, make_posting, django_capture_on_commit_callbacks
):
    from tremplin.jobs.services import transition

    alert(employers.alice, "boulanger")
    posting = make_posting()
    transition(posting, "closed")
    with django_capture_on_commit_callbacks(execute=True):
        transition(posting, "open")
    assert job_alerts(posting).count() == 1


def test_crash_in_the_middle_of_the_fan_out_then_resume(employers, make_posting, monkeypatch):
    """A fan-out interrupted after its first batch (the worker dies), then resumed by the
    catch-up: every subscriber gets exactly one notification."""
    members = [UserFactory(email=f"fan{i}@example.org") for i in range(7)]
    for member in members:
        alert(member, "boulanger")

    class Crash(Exception):
        pass

    def die(done: int) -> None:
        raise Crash(done)

    monkeypatch.setattr(matching, "BATCH", 3)
    monkeypatch.setattr(matching, "after_batch", die)
    make_posting()  # the task fails (the immediate backend records it as FAILED)
    posting = Posting.objects.get()
    assert job_alerts(posting).count() == 3  # the first batch committed, then the crash
    outbox = AlertOutbox.objects.get(posting=posting)
    assert outbox.processed_at is None

    monkeypatch.setattr(matching, "after_batch", None)
    assert catch_up(lost_after=timedelta(0)) >= 1
    assert catch_up(lost_after=timedelta(0)) == 0  # nothing left
    told = list(job_alerts(posting).values_list("recipient", flat=True))
    assert sorted(told) == sorted(m.pk for m in members)
    # And a full re-run of the same outbox row inserts nothing.
    AlertOutbox.objects.filter(pk=outbox.pk).update(processed_at=None)
    assert matching.process(outbox.pk) == 0
    assert job_alerts(posting).count() == 7


def test_email_now_and_digest_follow_the_alert_and_the_opt_in(
    employers, make_posting, mailoutbox, monkeypatch
):
    monkeypatch.setattr(matching, "local_now", lambda: time(12, 0))
    alert(employers.alice, "boulanger", delivery=Delivery.EMAIL)
    alert(employers.bob, "boulanger", delivery=Delivery.DIGEST)
    alert(employers.carol, "boulanger")  # box unticked: in the app only
    posting = make_posting()
    states = dict(job_alerts(posting).values_list("recipient", "email_state"))
    assert states[employers.alice.pk] == EmailState.SENT
    assert states[employers.bob.pk] == EmailState.DIGEST
    assert states[employers.carol.pk] == EmailState.NONE
    assert [m.to for m in mailoutbox] == [[employers.alice.email]]
    assert "List-Unsubscribe" in mailoutbox[0].extra_headers


def test_unsubscribed_members_get_no_alert_email(employers, make_posting, mailoutbox, monkeypatch):
    from tremplin.notifications.services import unsubscribe

    monkeypatch.setattr(matching, "local_now", lambda: time(12, 0))
    alert(employers.alice, "boulanger", delivery=Delivery.EMAIL)
    unsubscribe(employers.alice, JOB_ALERT)
    assert services.emails_stopped(employers.alice)
    posting = make_posting()
    assert job_alerts(posting).get().email_state == EmailState.NONE
    assert mailoutbox == []


def test_quiet_hours_hold_the_email_until_they_end(
    employers, make_posting, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(matching, "local_now", lambda: time(23, 30))
    alert(employers.alice, "boulanger", delivery=Delivery.EMAIL)  # 21:00-08:00 by default
    posting = make_posting()
    row = job_alerts(posting).get()
    assert row.email_state == EmailState.HELD
    assert mailoutbox == []
    assert send_due_quiet_emails(now=time(7, 59)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_quiet_emails(now=time(8, 0)) == 1
    row.refresh_from_db()
    assert row.email_state == EmailState.SENT
    assert len(mailoutbox) == 1
    assert send_due_quiet_emails(now=time(9, 0)) == 0  # once


def test_a_held_email_is_not_sent_once_the_alert_was_read_in_the_app(
    employers, make_posting, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    from tremplin.notifications.services import mark_read

    monkeypatch.setattr(matching, "local_now", lambda: time(23, 30))
    alert(employers.alice, "boulanger", delivery=Delivery.EMAIL)
    posting = make_posting()
    row = job_alerts(posting).get()
    assert row.email_state == EmailState.HELD
    mark_read(employers.alice, row)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_quiet_emails(now=time(8, 0)) == 0
    row.refresh_from_db()
    assert row.email_state == EmailState.NONE
    assert mailoutbox == []


def test_a_held_email_goes_out_at_once_when_its_alert_is_deleted(
    employers, make_posting, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(matching, "local_now", lambda: time(23, 30))
    saved = alert(employers.alice, "boulanger", delivery=Delivery.EMAIL)
    posting = make_posting()
    assert send_due_quiet_emails(now=time(23, 45)) == 0  # still quiet
    saved.delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_quiet_emails(now=time(23, 50)) == 1  # no quiet hours any more
    assert job_alerts(posting).get().email_state == EmailState.SENT
    assert [m.to for m in mailoutbox] == [[employers.alice.email]]


def test_choosing_in_app_alerts_drops_a_held_email(employers, make_posting, monkeypatch):
    from tremplin.notifications.services import set_preferences

    monkeypatch.setattr(matching, "local_now", lambda: time(23, 30))
    alert(employers.alice, "boulanger", delivery=Delivery.EMAIL)
    posting = make_posting()
    set_preferences(employers.alice, {JOB_ALERT: "in_app"})
    assert job_alerts(posting).get().email_state == EmailState.NONE
    assert send_due_quiet_emails(now=time(8, 0)) == 0


def test_email_in_the_member_language(employers, make_posting, mailoutbox, monkeypatch):
    monkeypatch.setattr(matching, "local_now", lambda: time(12, 0))
    employers.bob.language = "en"
    employers.bob.save()
    alert(employers.bob, "baker", delivery=Delivery.EMAIL, name="Bakery")
    make_posting(title_fr="Boulanger", title_en="Baker")
    assert len(mailoutbox) == 1
    assert "Bakery" in mailoutbox[0].body
    assert "Baker" in mailoutbox[0].body


def test_live_push_reaches_the_member(employers, make_posting, monkeypatch):
    pushed = []
    monkeypatch.setattr(matching, "push_many", lambda ids: pushed.extend(ids))
    alert(employers.alice, "boulanger")
    make_posting()
    assert pushed == [employers.alice.pk]


def test_the_live_event_says_one_unread_row_was_added(employers, make_posting):
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from tremplin.core.consumers import user_group

    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(employers.alice.pk), channel)
    alert(employers.alice, "boulanger")
    make_posting()
    message = async_to_sync(layer.receive)(channel)
    assert message["payload"]["type"] == "notification"
    assert message["payload"]["kind"] == "job_alert"
    assert message["payload"]["added"] == 1
