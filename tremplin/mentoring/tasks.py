"""Periodic work of mentoring: remind both parties of each accepted session starting
within 24 hours, run every minute by the clock (`run_periodic`)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tremplin.mentoring.hooks import MENTORING
from tremplin.mentoring.models import MentorshipStatus, Session, SessionStatus
from tremplin.notifications.services import notify

REMINDER_AHEAD = timedelta(hours=24)
REMINDERS_PER_ROUND = 500


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
            for recipient, actor in ((m.mentor, m.mentee), (m.mentee, m.mentor)):
                notify(
                    recipient,
                    MENTORING,
                    actor=actor,
                    target=m,
                    group_key=f"mentoring-session:{pk}",
                    data={"event": "reminder"},
                )
            sent += 1
    return sent
