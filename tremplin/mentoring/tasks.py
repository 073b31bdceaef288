"""Mentoring's queued work: notifications of programme matches, taking ids (a task row
holds no name or text). Each is idempotent: a notification is grouped by the
mentorship (`group_key`), so running a task twice leaves one row per person."""

from __future__ import annotations

from django_tasks import task

from tremplin.mentoring.models import Mentorship, MentorshipStatus
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
