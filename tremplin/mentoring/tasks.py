"""Mentoring's queued and periodic work.

Queued (taking ids; a task row holds no name or text): notifications of programme
matches, idempotent because each notification is grouped (`group_key`), so running a
task twice leaves one row per person.

Periodic, run every minute by the clock (`run_periodic`): remind both parties of each
accepted session starting within 24 hours, tell both parties once they are halfway
through their agreed dates (the mid-point survey is open), and tell both parties a week
ahead that their agreed end is near (they may extend it)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_tasks import task

from tremplin.mentoring.hooks import MENTORING
from tremplin.mentoring.models import (
    Agreement,
    Mentorship,
    MentorshipStatus,
    Session,
    SessionStatus,
)
from tremplin.notifications.services import notify

MATCH_PROPOSED = "mentoring_match_proposed"
MATCH_STARTED = "mentoring_match_started"


@task()
def notify_proposed(mentorship_ids: list[int]) -> int:
    """Tell both parties of each coordinator's match (or the mentor of a mentee's ask)
    that a proposal waits for them."""
    sent = 0
    rows = Mentorship.objects.filter(
        pk__in=mentorship_ids, status=MentorshipStatus.INVITED
    ).select_related("mentor", "mentee", "coordinator", "invited_by")
    for m in rows:
        waiting = [m.mentor, m.mentee] if m.coordinated else [m.invited_party]
        actor = m.coordinator if m.coordinated else m.invited_by
        for person in waiting:
            data = {"programme": m.programme_id or 0}
            key = f"mentoring-proposed-{m.pk}-{person.pk}"
            if notify(person, MATCH_PROPOSED, actor=actor, group_key=key, data=data):
                sent += 1
    return sent


@task()
def notify_started(mentorship_id: int) -> int:
    """Tell both parties that their mentorship started (both accepted)."""
    m = (
        Mentorship.objects.filter(pk=mentorship_id, status=MentorshipStatus.ACTIVE)
        .select_related("mentor", "mentee")
        .first()
    )
    if m is None:
        return 0
    sent = 0
    for person, other in ((m.mentor, m.mentee), (m.mentee, m.mentor)):
        key = f"mentoring-started-{m.pk}-{person.pk}"
        if notify(person, MATCH_STARTED, actor=other, group_key=key):
            sent += 1
    return sent


REMINDER_AHEAD = timedelta(hours=24)
REMINDERS_PER_ROUND = 500
ENDING_AHEAD = timedelta(days=7)


def _tell_both(m: Mentorship, event: str, group_key: str = "") -> None:
    """Each party of `m` told of `event`, the other party as the actor."""
    for recipient, actor in ((m.mentor, m.mentee), (m.mentee, m.mentor)):
        notify(
            recipient, MENTORING, actor=actor, target=m, group_key=group_key, data={"event": event}
        )


def send_due_reminders() -> int:
    """Each due session is claimed by a conditional UPDATE (reminder_sent_at still
    empty), so two clocks at once never remind twice; both parties' notifications are
    written in the claim's transaction. Returns how many sessions were reminded."""
    now = timezone.now()
    due = list(
        Session.objects.filter(
            status=SessionStatus.ACCEPTED,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_AHEAD,
            mentorship__status=MentorshipStatus.ACTIVE,
        )
        .order_by("starts_at")
        .values_list("pk", flat=True)[:REMINDERS_PER_ROUND]
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            claimed = Session.objects.filter(
                pk=pk, status=SessionStatus.ACCEPTED, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue  # another clock took it
            session = Session.objects.select_related(
                "mentorship__mentor", "mentorship__mentee"
            ).get(pk=pk)
            m = session.mentorship
            _tell_both(m, "reminder", group_key=f"mentoring-session:{pk}")
            sent += 1
    return sent


def _latest_agreed() -> Subquery:
    """The pk of the latest agreed terms of the outer row's mentorship (what is agreed
    now: an extension is a newer agreement)."""
    latest = Agreement.objects.filter(
        mentorship=OuterRef("mentorship"), agreed_at__isnull=False
    ).order_by("-agreed_at")
    return Subquery(latest.values("pk")[:1])


def tell_ending() -> int:
    """Both parties of an active mentorship whose agreed end (the latest agreed terms) is
    within a week are told once: each agreement is claimed by a conditional UPDATE."""
    today = timezone.localdate()
    due = list(
        Agreement.objects.filter(
            agreed_at__isnull=False,
            ending_told_at__isnull=True,
            mentorship__status=MentorshipStatus.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + ENDING_AHEAD,
            pk=_latest_agreed(),
        ).values_list("pk", flat=True)[:REMINDERS_PER_ROUND]
    )
    told = 0
    for pk in due:
        with transaction.atomic():
            if not Agreement.objects.filter(pk=pk, ending_told_at__isnull=True).update(
                ending_told_at=timezone.now()
            ):
                continue
            m = (
                Agreement.objects.select_related("mentorship__mentor", "mentorship__mentee")
                .get(pk=pk)
                .mentorship
            )
            _tell_both(m, "ending")
            told += 1
    return told


def tell_midpoint() -> int:
    """Both parties of an active mentorship that reached the middle of its agreed dates
    (the latest agreed terms' `midpoint_on`, the day the mid-point survey opens) are told
    once, each in their language when they read it: the mentorship is claimed by a
    conditional UPDATE of `midpoint_told_at`, so two clocks never tell twice and an
    extension does not tell again. Returns how many mentorships were told."""
    today = timezone.localdate()
    due = list(
        Agreement.objects.filter(
            agreed_at__isnull=False,
            midpoint_on__lte=today,
            mentorship__status=MentorshipStatus.ACTIVE,
            mentorship__midpoint_told_at__isnull=True,
            pk=_latest_agreed(),
        ).values_list("mentorship_id", flat=True)[:REMINDERS_PER_ROUND]
    )
    told = 0
    for pk in due:
        with transaction.atomic():
            if not Mentorship.objects.filter(
                pk=pk, status=MentorshipStatus.ACTIVE, midpoint_told_at__isnull=True
            ).update(midpoint_told_at=timezone.now()):
                continue  # another clock took it, or it ended meanwhile
            m = Mentorship.objects.select_related("mentor", "mentee").get(pk=pk)
            _tell_both(m, "midpoint", group_key=f"mentoring-midpoint:{pk}")
            told += 1
    return told
