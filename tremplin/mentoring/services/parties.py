"""What every action on a mentorship's content checks first: the actor is one of its two
parties, it is active (or ended, for what may follow an end), and no block stands
between them. The row is locked so two actions at once see each other."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tremplin.core.viewer import viewer_of
from tremplin.mentoring.models import Mentorship, MentorshipStatus
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.notifications.services import notify


def party_of(user: Any, mentorship: Mentorship, *, ended_too: bool = False) -> Mentorship:
    """The mentorship, locked, when `user` may act on it; else a refusal."""
    found = Mentorship.objects.select_for_update().get(pk=mentorship.pk)
    if user is None or user.pk not in (found.mentor_id, found.mentee_id):
        raise MentoringError(_("This mentorship cannot be found."), code="not_found")
    other = found.mentee_id if user.pk == found.mentor_id else found.mentor_id
    if viewer_of(user).blocks_either_way(other):
        raise MentoringError(_("This mentorship cannot be found."), code="blocked")
    allowed = {MentorshipStatus.ACTIVE}
    if ended_too and found.started_at is not None:
        allowed.add(MentorshipStatus.ENDED)
    if found.status not in allowed:
        raise MentoringError(_("This mentorship is not active."), code="transition")
    return found


def tell_other(user: Any, mentorship: Mentorship, event: str, target: Any = None) -> None:
    """Notify the other party after commit (the mentoring kind, `event` in its data)."""
    from tremplin.mentoring.hooks import MENTORING

    other = mentorship.mentee if user.pk == mentorship.mentor_id else mentorship.mentor
    transaction.on_commit(
        partial(
            notify,
            other,
            MENTORING,
            actor=user,
            target=target or mentorship,
            data={"event": event},
        )
    )
