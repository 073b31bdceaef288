"""Mentoring actions, shared by the pages and the API.

Refusals are `MentoringError`s (a `Refusal` with a `code`): pages show the message,
the API answers the code's status from `tremplin.core.refusals.STATUSES`.
A proposal outside programmes sends no notification yet (the other party sees it on
their "My mentoring" page); a programme's proposals and matches do (services/matching.py),
and a programme's match that starts tells both parties (`tasks.notify_started`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.core.refusals import Refusal
from tremplin.core.viewer import viewer_of
from tremplin.mentoring.models import (
    MENTORSHIP_TRANSITIONS,
    MESSAGE_MAX_LENGTH,
    Mentorship,
    MentorshipStatus,
    Role,
)
from tremplin.mentoring.tasks import notify_started
from tremplin.profiles.models import Profile


class MentoringError(Refusal):
    """A refused action; `code` is one of invalid, self, not_found, blocked, conflict,
    forbidden, transition."""

    area = "mentoring"


def _lock(mentorship: Mentorship) -> Mentorship:
    """The row as it is now, locked: two answers at once cannot both move it."""
    return Mentorship.objects.select_for_update().get(pk=mentorship.pk)


def _move(mentorship: Mentorship, status: str) -> Mentorship:
    """The one place a mentorship changes state, along `MENTORSHIP_TRANSITIONS`."""
    if not MENTORSHIP_TRANSITIONS.allows(mentorship.status, status):
        if mentorship.status == MentorshipStatus.ENDED:
            message = _("This mentorship has already ended.")
        else:
            message = _("This proposal has already been answered.")
        raise MentoringError(message, code="transition")
    now = timezone.now()
    mentorship.status = status
    if status == MentorshipStatus.ACTIVE:
        mentorship.started_at = now
        if mentorship.programme_id:  # a programme's match lasts its length
            months = mentorship.programme.months if mentorship.programme else 6
            mentorship.planned_end = (now + timedelta(days=round(30.44 * months))).date()
            transaction.on_commit(lambda: notify_started.enqueue(mentorship.pk))
    if status == MentorshipStatus.ENDED:
        mentorship.ended_at = now
    mentorship.save(update_fields=["status", "started_at", "ended_at", "planned_end"])
    return mentorship


def clean_message(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise MentoringError(
            _("The message is too long: %(max)d characters at most.") % {"max": MESSAGE_MAX_LENGTH},
            code="invalid",
        )
    return message


@transaction.atomic
def propose(user: Any, other: Any, role: str = Role.MENTOR, message: str = "") -> Mentorship:
    """`user` proposes a mentorship to `other`. `role` is the role `user` takes:
    "mentor" (I offer to mentor them) or "mentee" (I ask them to mentor me)."""
    if role not in Role.values:
        raise MentoringError(_("Choose whether you offer or ask for mentoring."), code="invalid")
    message = clean_message(message)
    if other is None or not Profile.objects.visible_to(user).filter(user=other).exists():
        raise MentoringError(_("This member cannot be found."), code="not_found")
    if other.pk == user.pk:
        raise MentoringError(_("You cannot be your own mentor."), code="self")
    if viewer_of(user).blocks_either_way(other.pk):
        raise MentoringError(_("This member cannot be found."), code="blocked")
    if Mentorship.objects.open().between(user, other).exists():
        raise MentoringError(
            _("You already have a mentorship or a proposal with this member."), code="conflict"
        )
    mentor, mentee = (user, other) if role == Role.MENTOR else (other, user)
    try:
        with transaction.atomic():
            return Mentorship.objects.create(
                mentor=mentor, mentee=mentee, invited_by=user, message=message
            )
    except IntegrityError:  # the same proposal made twice at once
        raise MentoringError(
            _("You already have a mentorship or a proposal with this member."), code="conflict"
        ) from None


def _answer(user: Any, mentorship: Mentorship, status: str) -> Mentorship:
    found = _lock(mentorship)
    if user.pk not in (found.mentor_id, found.mentee_id):
        raise MentoringError(_("This mentorship cannot be found."), code="not_found")
    if found.coordinated and status == MentorshipStatus.ACTIVE:
        return _accept_coordinated(user, found)
    if (
        found.status == MentorshipStatus.INVITED
        and found.invited_by_id == user.pk
        and (not found.coordinated)
    ):
        raise MentoringError(
            _("Only the member you proposed it to may answer. You may withdraw it."),
            code="forbidden",
        )
    other = found.mentee_id if user.pk == found.mentor_id else found.mentor_id
    if status == MentorshipStatus.ACTIVE and viewer_of(user).blocks_either_way(other):
        raise MentoringError(_("This mentorship cannot be found."), code="blocked")
    if found.status != MentorshipStatus.INVITED:
        raise MentoringError(_("This proposal has already been answered."), code="transition")
    return _move(found, status)


def _accept_coordinated(user: Any, found: Mentorship) -> Mentorship:
    """A coordinator's match: record this side's acceptance; the second one starts it."""
    if found.status != MentorshipStatus.INVITED:
        raise MentoringError(_("This proposal has already been answered."), code="transition")
    if viewer_of(user).blocks_either_way(found.other_party(user).pk):
        raise MentoringError(_("This mentorship cannot be found."), code="blocked")
    field = "mentor_accepted_at" if user.pk == found.mentor_id else "mentee_accepted_at"
    if getattr(found, field) is not None:
        raise MentoringError(_("You already accepted this match."), code="transition")
    setattr(found, field, timezone.now())
    found.save(update_fields=[field])
    if found.mentor_accepted_at and found.mentee_accepted_at:
        return _move(found, MentorshipStatus.ACTIVE)
    return found


@transaction.atomic
def accept(user: Any, mentorship: Mentorship) -> Mentorship:
    """Only the invited party accepts; the mentorship starts now."""
    return _answer(user, mentorship, MentorshipStatus.ACTIVE)


@transaction.atomic
def decline(user: Any, mentorship: Mentorship) -> Mentorship:
    """Only the invited party declines; the proposal ends without starting."""
    return _answer(user, mentorship, MentorshipStatus.ENDED)


@transaction.atomic
def end(user: Any, mentorship: Mentorship) -> Mentorship:
    """Either party ends an active mentorship (or the proposer withdraws a proposal).
    A mentor's access to shared documents stops at once."""
    found = _lock(mentorship)
    if user.pk not in (found.mentor_id, found.mentee_id):
        raise MentoringError(_("This mentorship cannot be found."), code="not_found")
    if found.status == MentorshipStatus.INVITED and (
        found.invited_by_id != user.pk or found.coordinated
    ):
        raise MentoringError(
            _("Accept or decline this proposal instead."),
            code="forbidden",
        )
    return _move(found, MentorshipStatus.ENDED)
