"""Sessions: propose (either party, at one of the mentor's free times; the mentor may also
type any time ahead), accept or decline (the other party), cancel or reschedule (either,
before it is held), held or missed (either, once its time has begun). The other party is
told each time (the "mentoring" notification kind)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.availability.queries import free_slots
from tremplin.mentoring.models import Mentorship, Session, SessionStatus
from tremplin.mentoring.models.sessions import (
    AGENDA_MAX_LENGTH,
    LENGTHS,
    PLACE_MAX_LENGTH,
    SESSION_TRANSITIONS,
)
from tremplin.mentoring.services.mentorships import MentoringError
from tremplin.mentoring.services.parties import party_of, tell_other

# How far ahead a session may be proposed.
HORIZON = timedelta(days=180)


@dataclass(frozen=True)
class Plan:
    """What a proposal says: when, how long, where, about what."""

    starts_at: datetime
    minutes: int = 60
    link: str = ""
    place: str = ""
    agenda: str = ""


def _clean(plan: Plan) -> Plan:
    if plan.minutes not in LENGTHS:
        raise MentoringError(_("Choose a length from the list."), code="invalid")
    link, place, agenda = plan.link.strip(), plan.place.strip(), plan.agenda.strip()
    if link:
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.netloc or any(c.isspace() for c in link):
            raise MentoringError(
                _("The online link must be a web address starting with https://."),
                code="invalid",
            )
        if len(link) > 500:
            raise MentoringError(_("The online link is too long."), code="invalid")
    if len(place) > PLACE_MAX_LENGTH or len(agenda) > AGENDA_MAX_LENGTH:
        raise MentoringError(_("The place or the agenda is too long."), code="invalid")
    if timezone.is_naive(plan.starts_at):
        raise MentoringError(_("Give the time with its time zone."), code="invalid")
    return Plan(plan.starts_at, plan.minutes, link, place, agenda)


def _check_time(user: Any, mentorship: Mentorship, plan: Plan) -> None:
    """The mentee picks one of the mentor's free times; the mentor may type any time
    ahead (and still may not overlap one of their own sessions)."""
    now = timezone.now()
    if plan.starts_at <= now or plan.starts_at > now + HORIZON:
        raise MentoringError(_("Choose a time in the next six months."), code="invalid")
    end = plan.starts_at + timedelta(minutes=plan.minutes)
    if user.pk == mentorship.mentor_id:
        from tremplin.availability.busy import busy_between

        if busy_between(mentorship.mentor, plan.starts_at, end):
            raise MentoringError(_("You already have something at that time."), code="conflict")
        return
    offered = free_slots(mentorship.mentor, plan.starts_at, end, plan.minutes)
    if plan.starts_at not in offered:
        raise MentoringError(
            _("This time is no longer free for your mentor. Choose another one."),
            code="conflict",
        )


def offered_times(
    user: Any, mentorship: Mentorship, minutes: int = 60, days: int = 21
) -> list[datetime]:
    """The mentor's free start times over the next `days` days, for either party."""
    if user.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        return []
    now = timezone.now()
    return free_slots(mentorship.mentor, now, now + timedelta(days=days), minutes)


@transaction.atomic
def propose_session(user: Any, mentorship: Mentorship, plan: Plan) -> Session:
    found = party_of(user, mentorship)
    plan = _clean(plan)
    _check_time(user, found, plan)
    session = Session.objects.create(
        mentorship=found,
        starts_at=plan.starts_at,
        minutes=plan.minutes,
        proposed_by=user,
        link=plan.link,
        place=plan.place,
        agenda=plan.agenda,
    )
    tell_other(user, found, "session_proposed")
    return session


def _locked(user: Any, session: Session) -> tuple[Mentorship, Session]:
    mentorship = party_of(user, session.mentorship)
    found = Session.objects.select_for_update().get(pk=session.pk)
    found.mentorship = mentorship
    return mentorship, found


def _move(session: Session, status: str) -> None:
    if not SESSION_TRANSITIONS.allows(session.status, status):
        raise MentoringError(_("This session cannot change that way now."), code="transition")
    session.status = status
    session.sequence += 1
    session.save(update_fields=["status", "sequence", "updated"])


def _answer(user: Any, session: Session, status: str, event: str) -> Session:
    mentorship, found = _locked(user, session)
    if found.status == SessionStatus.PROPOSED and found.proposed_by_id == user.pk:
        raise MentoringError(
            _("The other party answers this proposal. You may cancel it."), code="forbidden"
        )
    if found.status == SessionStatus.PROPOSED and found.starts_at <= timezone.now():
        raise MentoringError(_("This proposal's time has passed."), code="transition")
    _move(found, status)
    tell_other(user, mentorship, event)
    return found


@transaction.atomic
def accept_session(user: Any, session: Session) -> Session:
    return _answer(user, session, SessionStatus.ACCEPTED, "session_accepted")


@transaction.atomic
def decline_session(user: Any, session: Session) -> Session:
    return _answer(user, session, SessionStatus.DECLINED, "session_declined")


@transaction.atomic
def cancel_session(user: Any, session: Session) -> Session:
    """Either party cancels a proposed or accepted session that has not begun."""
    mentorship, found = _locked(user, session)
    if found.starts_at <= timezone.now() and found.status == SessionStatus.ACCEPTED:
        raise MentoringError(
            _("This session has begun: mark it held or missed."), code="transition"
        )
    _move(found, SessionStatus.CANCELLED)
    tell_other(user, mentorship, "session_cancelled")
    return found


@transaction.atomic
def reschedule_session(user: Any, session: Session, plan: Plan) -> Session:
    """A new time for a proposed or accepted session: it becomes a proposal by `user`
    again, which the other party answers."""
    mentorship, found = _locked(user, session)
    if found.status not in (SessionStatus.PROPOSED, SessionStatus.ACCEPTED):
        raise MentoringError(_("This session cannot change that way now."), code="transition")
    plan = _clean(plan)
    found.status = SessionStatus.CANCELLED  # not busy while its own new time is checked
    found.save(update_fields=["status"])
    _check_time(user, mentorship, plan)
    found.status = SessionStatus.PROPOSED
    found.starts_at, found.minutes = plan.starts_at, plan.minutes
    found.link, found.place, found.agenda = plan.link, plan.place, plan.agenda
    found.proposed_by = user
    found.sequence += 1
    found.reminder_sent_at = None
    found.save()
    tell_other(user, mentorship, "session_rescheduled")
    return found


@transaction.atomic
def mark_session(user: Any, session: Session, held: bool) -> Session:
    """Held or missed, by either party, once an accepted session's time has begun. A
    held session asks both parties for their rating."""
    mentorship, found = _locked(user, session)
    if found.status != SessionStatus.ACCEPTED:
        raise MentoringError(_("Only an accepted session is held or missed."), code="transition")
    if found.starts_at > timezone.now():
        raise MentoringError(_("This session has not begun yet."), code="transition")
    _move(found, SessionStatus.HELD if held else SessionStatus.MISSED)
    if held:
        tell_other(user, mentorship, "feedback_asked")
    return found
